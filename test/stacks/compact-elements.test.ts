/**
 * Dropping undefined attribute values before cdktf resolves them must not change a byte of any stack. The reference
 * is synthesized first, with cdktf's own `toTerraform`; then the wrapper is switched on and every stack again.
 */
import { App, Lazy, Testing } from 'cdktf';
import { loadConfig } from '../../config';
import { addPlatformStacks } from '../../stacks/app';
import { compactElementOutput, withoutUndefined } from '../../stacks/compact-elements';

const loaded = loadConfig();
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
const config = loaded.config;

function synthEveryStack(mode: 'live' | 'offline'): Map<string, string> {
  const app = new App({ outdir: Testing.app().outdir, stackTraces: false });
  return new Map(
    addPlatformStacks(app, config, { mode, awsAuth: 'assume-role' }).map((s) => [s.stackName, Testing.synth(s)]),
  );
}

describe('compact element output', () => {
  const reference = { live: synthEveryStack('live'), offline: synthEveryStack('offline') };

  it('is off with DATA_PLATFORM_COMPACT_ELEMENTS=0 and on otherwise (idempotent)', () => {
    expect(compactElementOutput({ DATA_PLATFORM_COMPACT_ELEMENTS: '0' })).toBe(false);
    expect(compactElementOutput({})).toBe(true);
    expect(compactElementOutput({})).toBe(true);
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
