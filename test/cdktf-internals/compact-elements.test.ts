/**
 * Canary for patch 2 (cdktf-internals/compact-elements.ts): dropping undefined attribute values before cdktf
 * resolves them must not change a byte of any stack, and must actually reach the provider bindings' elements. The
 * reference is synthesized first, with cdktf's own `toTerraform`; then the wrapper is switched on and every stack is
 * synthesized again.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Warehouse } from '@cdktf/provider-snowflake/lib/warehouse';
import { App, Lazy, TerraformStack, Testing } from 'cdktf';
import { compactElementOutput, withoutUndefined } from '../../cdktf-internals';
import { loadConfig } from '../../config';
import { addPlatformStacks } from '../../stacks/app';

const loaded = loadConfig();
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
const config = loaded.config;

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-compact-'));
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

function synthEveryStack(mode: 'live' | 'offline'): Map<string, string> {
  const app = new App({ outdir, stackTraces: false });
  return new Map(
    addPlatformStacks(app, config, { mode, awsAuth: 'assume-role' }).map((s) => [s.stackName, Testing.synth(s)]),
  );
}

/** How many undefined values the raw `toTerraform()` of a binding's resource, data source and provider carry. */
function undefinedValues(): number[] {
  const stack = new TerraformStack(new App({ outdir, stackTraces: false }), 'raw');
  const elements = [
    new S3Bucket(stack, 'bucket', { bucket: 'b' }),
    new DataAwsCallerIdentity(stack, 'me'),
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' }),
    new Warehouse(stack, 'wh', { name: 'WH' }),
  ];
  const count = (value: unknown): number =>
    value === undefined
      ? 1
      : typeof value === 'object' && value !== null
        ? Object.values(value).reduce((n: number, v) => n + count(v), 0)
        : 0;
  return elements.map((e) => count(e.toTerraform()));
}

describe('compact element output', () => {
  // Before the patch: cdktf's own output, and the undefined values the patch exists to drop.
  const reference = { live: synthEveryStack('live'), offline: synthEveryStack('offline') };
  const undefinedBefore = undefinedValues();

  it("has something to drop: the bindings' raw toTerraform() carries undefined values", () => {
    for (const n of undefinedBefore) expect(n).toBeGreaterThan(0);
  });

  it('is off with DATA_PLATFORM_COMPACT_ELEMENTS=0 and on otherwise (idempotent)', () => {
    expect(compactElementOutput({ DATA_PLATFORM_COMPACT_ELEMENTS: '0' })).toBe(false);
    expect(undefinedValues()).toEqual(undefinedBefore);
    expect(compactElementOutput({})).toBe(true);
    expect(compactElementOutput({})).toBe(true);
  });

  it("reaches the bindings' resources, data sources and providers: none carries an undefined value", () => {
    compactElementOutput({});
    expect(undefinedValues()).toEqual([0, 0, 0, 0]);
  });

  it.each(['live', 'offline'] as const)('leaves every %s stack of the example org byte for byte the same', (mode) => {
    compactElementOutput({});
    const compact = synthEveryStack(mode);
    expect([...compact.keys()]).toEqual([...reference[mode].keys()]);
    for (const [name, json] of reference[mode])
      expect({ name, same: compact.get(name) === json }).toEqual({ name, same: true });
  });

  it('drops undefined values and array elements, keeps falsy values, tokens and class instances', () => {
    const token = Lazy.stringValue({ produce: () => 'x' });
    const resolvable = Lazy.anyValue({ produce: () => ({ a: undefined }) });
    const date = new Date(0);
    expect(
      withoutUndefined({
        a: undefined,
        b: null,
        c: 0,
        d: '',
        e: false,
        f: [undefined, 1, { g: undefined, h: token }],
        i: { j: undefined },
        k: resolvable,
        l: date,
      }),
    ).toEqual({
      b: null,
      c: 0,
      d: '',
      e: false,
      f: [1, { h: token }],
      i: {},
      k: resolvable,
      l: date,
    });
    const r = withoutUndefined({ k: resolvable }) as { k: unknown };
    expect(r.k).toBe(resolvable);
  });
});
