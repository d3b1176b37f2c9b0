/**
 * The README's hand deploy with the real cdktf CLI (0.21, `cdktf deploy --skip-synth`) on stand-ins of the example
 * org (test/terraform/stand-ins.ts): what cdktf really does with stack dependencies when no flag drops them.
 * - `cdktf deploy 'dev-*'` alone refuses at once (dev-platform-aws depends on organization) and applies nothing;
 * - `cdktf deploy organization 'dev-*'` applies every stack after the stacks it depends on, and a stack that fails
 *   stops it: none of its dependents is applied, and cdktf exits non-zero.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { terraformEnv } from '../../tools/terraform';
import { runDir } from '../run-dir';
import { requireTerraform } from './helpers';
import { sharedSynth } from './shared';
import { readManifest, writeStandIns } from './stand-ins';

const CDKTF = path.resolve(__dirname, '..', '..', 'node_modules', '.bin', 'cdktf');
const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

async function project(name: string, failing: string[] = []) {
  const dir = path.join(runDir(), `hand-deploy-${name}-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  made.push(dir);
  writeStandIns(await sharedSynth(), path.join(dir, 'cdktf.out'), { failing });
  // --skip-synth: the app is never run; cdktf reads cdktf.out/manifest.json.
  fs.writeFileSync(
    path.join(dir, 'cdktf.json'),
    JSON.stringify({ language: 'typescript', app: 'false', output: 'cdktf.out', sendCrashReports: 'false' }),
  );
  return dir;
}

function cdktfDeploy(dir: string, stacks: string[]) {
  const result = spawnSync(CDKTF, ['deploy', ...stacks, '--skip-synth', '--auto-approve', '--parallelism', '2'], {
    cwd: dir,
    env: { ...terraformEnv(), CHECKPOINT_DISABLE: '1', CI: '1', FORCE_COLOR: '0' },
    encoding: 'utf8',
    timeout: 240_000,
  });
  // cdktf draws its progress with terminal escape sequences even without a TTY.
  const escape = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');
  return { code: result.status, output: `${result.stdout}${result.stderr}`.replace(escape, '') };
}

/** When a stand-in's state was written (end of its apply), or undefined when it was never applied. */
function appliedAt(dir: string, stack: string): number | undefined {
  const file = path.join(dir, 'cdktf.out', 'stacks', stack, 'terraform.tfstate');
  return fs.existsSync(file) && fs.statSync(file).size > 0 ? fs.statSync(file).mtimeMs : undefined;
}

let graph: Map<string, string[]>;
let devStacks: string[];
beforeAll(async () => {
  requireTerraform();
  graph = new Map(Object.values(readManifest(await sharedSynth()).stacks).map((s) => [s.name, s.dependencies ?? []]));
  devStacks = [...graph.keys()].filter((s) => s.startsWith('dev-'));
}, 300_000);

describe('cdktf deploy by hand (real cdktf CLI, stand-in stacks)', () => {
  it("refuses 'dev-*' alone: its stacks depend on organization, which the pattern leaves out", async () => {
    const dir = await project('alone');
    const { code, output } = cdktfDeploy(dir, ['dev-*']);
    expect(code).not.toBe(0);
    expect(output).toContain('The following dependencies are not included in the stacks to run: organization');
    for (const s of devStacks) expect({ s, applied: appliedAt(dir, s) }).toEqual({ s, applied: undefined });
  }, 300_000);

  it("applies organization 'dev-*' in dependency order and stops at a failing stack: none of its dependents is applied", async () => {
    const failing = 'dev-data-integration-snowflake';
    const dir = await project('ordered', [failing]);
    const { code, output } = cdktfDeploy(dir, ['organization', 'dev-*']);
    expect(code).not.toBe(0);
    expect(output).toContain('Resource postcondition failed');
    const applied = ['organization', ...devStacks].filter((s) => s !== failing && appliedAt(dir, s) !== undefined);
    // Both stacks without dependencies start at once; what else cdktf reached before the failure depends on timing,
    // but each applied stack was applied after the stacks it depends on.
    expect(applied).toEqual(expect.arrayContaining(['organization', 'dev-platform-snowflake']));
    for (const s of applied) {
      for (const d of graph.get(s)!)
        expect({ s, after: d, ok: appliedAt(dir, d)! <= appliedAt(dir, s)! }).toEqual({ s, after: d, ok: true });
    }
    const dependents = devStacks.filter((x) => graph.get(x)!.includes(failing));
    expect(dependents.length).toBeGreaterThan(0);
    for (const s of dependents) expect({ s, applied: appliedAt(dir, s) }).toEqual({ s, applied: undefined });
    for (const s of [...graph.keys()].filter((x) => x !== 'organization' && !x.startsWith('dev-')))
      expect({ s, applied: appliedAt(dir, s) }).toEqual({ s, applied: undefined });
  }, 300_000);
});
