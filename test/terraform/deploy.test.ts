/**
 * `npm run deploy` with real `terraform apply` on stand-in stacks (test/terraform/stand-ins.ts): the example org's
 * stacks and dependency graph, each a builtin terraform_data resource, planned by the real `npm run plan`. Proves
 * the order of waves against the manifest, stop at the first failure (in-flight applies finish, nothing else starts),
 * that a stale plan is refused by Terraform and nothing else is applied, that an incomplete plan set applies nothing,
 * and what the report says.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runDeployCli } from '../../tools/deploy';
import type { DeployReport } from '../../tools/deploy/report';
import { runPlanCli } from '../../tools/plan';
import { once, runDir } from '../run-dir';
import { requireTerraform } from './helpers';
import { sharedSynth } from './shared';
import { appliedValue, copyStandIns, readManifest, writeStandIns } from './stand-ins';

const FAILING = 'dev-data-integration-snowflake';
let example: string;
let graph: Map<string, string[]>;
const scratch: string[] = [];

async function plan(outdir: string, patterns: string[], plansDir = path.join(outdir, 'plans')) {
  const errors: string[] = [];
  const code = await runPlanCli(['--no-synth', '--outdir', outdir, '--plans', plansDir, ...patterns], {
    out: { isTTY: false, write: () => true },
    log: () => {},
    error: (l) => errors.push(l),
  });
  return { code, errors };
}

/** Stand-ins of the example org planned once per run: all good, and with FAILING failing at apply. */
function plannedStandIns(kind: 'good' | 'failing'): Promise<string> {
  return once(`stand-ins-${kind}`, async () => {
    const outdir = writeStandIns(await sharedSynth(), path.join(runDir(), `stand-ins-${kind}`), {
      failing: kind === 'failing' ? [FAILING] : [],
    });
    const { code, errors } = await plan(outdir, []);
    if (code !== 0) throw new Error(`planning the stand-ins failed: ${errors.join('\n')}`);
    return outdir;
  });
}

/** A fresh copy (no state) of a planned stand-in set. */
function fresh(from: string, name: string): string {
  const dest = path.join(runDir(), `deploy-${name}-${process.pid}`);
  fs.rmSync(dest, { recursive: true, force: true });
  scratch.push(dest);
  return copyStandIns(from, dest);
}

async function deploy(outdir: string, args: string[] = [], plansDir = path.join(outdir, 'plans')) {
  const log: string[] = [];
  const errors: string[] = [];
  const code = await runDeployCli(['--plans', plansDir, '--outdir', outdir, ...args], {
    progress: null,
    log: (l) => log.push(l),
    error: (l) => errors.push(l),
  });
  const reportDir = path.join(outdir, 'deploy');
  const report = JSON.parse(fs.readFileSync(path.join(reportDir, 'deploy-report.json'), 'utf8')) as DeployReport;
  const text = fs.readFileSync(path.join(reportDir, 'deploy-report.txt'), 'utf8');
  return { code, report, text, output: [...log, ...errors].join('\n') };
}

/** Longest chain of dependencies ending at `s` (1 for a stack without dependencies): an oracle for wave numbers. */
function depth(s: string): number {
  return 1 + Math.max(0, ...(graph.get(s) ?? []).map(depth));
}

beforeAll(async () => {
  requireTerraform();
  example = await sharedSynth();
  graph = new Map(Object.values(readManifest(example).stacks).map((s) => [s.name, s.dependencies ?? []]));
}, 300_000);

afterAll(() => {
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm run deploy (real terraform apply, stand-in stacks)', () => {
  it('applies every saved plan in dependency waves derived from the manifest, then skips them all when nothing changed', async () => {
    const outdir = fresh(await plannedStandIns('good'), 'all');
    const { code, report, text } = await deploy(outdir, ['--concurrency', '3']);
    expect(code).toBe(0);
    expect(report.outcome).toBe('applied');
    expect(report.counts).toEqual({ applied: graph.size, failed: 0, skipped: 0 });
    const byName = new Map(report.stacks.map((s) => [s.stack, s]));
    for (const [stack, deps] of graph) {
      const r = byName.get(stack)!;
      expect({ stack, status: r.status, value: appliedValue(outdir, stack) }).toEqual({
        stack,
        status: 'applied',
        value: 'v1',
      });
      // The wave is the longest dependency chain (independent of the runner's own wave computation) ...
      expect({ stack, wave: r.wave }).toEqual({ stack, wave: depth(stack) });
      // ... and every dependency had finished applying before this stack started.
      for (const d of deps) expect(byName.get(d)!.finishedAt! <= r.startedAt!).toBe(true);
    }
    expect(report.waves.map((w) => w.length).reduce((a, b) => a + b)).toBe(graph.size);
    expect(text).toMatch(/^Deploy: OK — 25 applied, 0 failed, 0 skipped/);
    expect(text).toContain(`1. ${report.waves[0].join(', ')}`);
    expect(fs.readFileSync(path.join(outdir, 'deploy', 'organization.apply.txt'), 'utf8')).toMatch(/Apply complete!/);

    // Plan again: nothing changed, so nothing is applied and the report says why.
    await fs.promises.rm(path.join(outdir, 'plans'), { recursive: true });
    expect((await plan(outdir, [])).code).toBe(0);
    const again = await deploy(outdir);
    expect(again.code).toBe(0);
    expect(again.report.outcome).toBe('nothing-to-apply');
    expect(new Set(again.report.stacks.map((s) => `${s.status}: ${s.reason}`))).toEqual(
      new Set(['skipped: no changes in its plan']),
    );
    expect(again.report.waves).toEqual([]);
  }, 300_000);

  it('stops at the first failure: nothing more starts, dependents and later waves are reported as not started', async () => {
    const outdir = fresh(await plannedStandIns('failing'), 'stop');
    const { code, report, text } = await deploy(outdir, ['--concurrency', '1']);
    expect(code).toBe(1);
    expect(report.outcome).toBe('failed');
    const failedWave = depth(FAILING);
    const byName = new Map(report.stacks.map((s) => [s.stack, s]));
    expect(byName.get(FAILING)).toMatchObject({ status: 'failed', phase: 'apply', wave: failedWave, stale: false });
    expect(byName.get(FAILING)!.reason).toMatch(/Resource postcondition failed/);
    // One at a time, by name within the wave: stacks of the wave sorted before FAILING were applied, none after.
    for (const [stack] of graph) {
      const r = byName.get(stack)!;
      const wave = depth(stack);
      const expected =
        wave < failedWave || (wave === failedWave && stack < FAILING)
          ? 'applied'
          : stack === FAILING
            ? 'failed'
            : 'skipped';
      expect({ stack, status: r.status }).toEqual({ stack, status: expected });
      expect({ stack, state: appliedValue(outdir, stack) !== undefined }).toEqual({
        stack,
        state: expected !== 'skipped',
      });
    }
    // Dependents name the failure they waited for; the others say the run stopped.
    const dependents = [...graph.keys()].filter((s) => depends(s, FAILING));
    expect(dependents.length).toBeGreaterThan(0);
    for (const d of dependents) {
      expect(byName.get(d)).toMatchObject({ status: 'skipped', blockedBy: [FAILING] });
      expect(byName.get(d)!.reason).toBe(`not started: depends on ${FAILING}, which failed`);
    }
    const other = report.stacks.find((s) => s.status === 'skipped' && !dependents.includes(s.stack))!;
    expect(other.reason).toBe(`not started: the deploy stops at the first failure (${FAILING})`);
    expect(text).toMatch(/^Deploy: FAILED — \d+ applied, 1 failed, \d+ skipped/);
    expect(text).toContain(`FAILED   ${FAILING} (wave ${failedWave}`);
  }, 300_000);

  it('lets the applies already running in the wave finish, and starts no later wave', async () => {
    const outdir = fresh(await plannedStandIns('failing'), 'wave');
    const { code, report } = await deploy(outdir, ['--concurrency', '50']);
    expect(code).toBe(1);
    const failedWave = depth(FAILING);
    for (const s of report.stacks) {
      const wave = depth(s.stack);
      const expected = s.stack === FAILING ? 'failed' : wave <= failedWave ? 'applied' : 'skipped';
      expect({ stack: s.stack, status: s.status }).toEqual({ stack: s.stack, status: expected });
    }
  }, 300_000);

  it('refuses a stale plan: the state changed after it was made, and nothing else is applied in its place', async () => {
    const outdir = fresh(await plannedStandIns('good'), 'stale');
    const stale = path.join(outdir, 'plans-stale');
    expect((await plan(outdir, ['organization'], stale)).code).toBe(0);
    // Someone changes the organization and deploys that first.
    fs.writeFileSync(
      path.join(outdir, 'stacks', 'organization', 'cdk.tf.json'),
      fs.readFileSync(path.join(outdir, 'stacks', 'organization', 'cdk.tf.json'), 'utf8').replace('"v1"', '"v2"'),
    );
    const newer = path.join(outdir, 'plans-newer');
    expect((await plan(outdir, ['organization'], newer)).code).toBe(0);
    expect((await deploy(outdir, [], newer)).code).toBe(0);
    expect(appliedValue(outdir, 'organization')).toBe('v2');
    const stateBefore = fs.readFileSync(path.join(outdir, 'stacks', 'organization', 'terraform.tfstate'), 'utf8');

    const { code, report, text } = await deploy(outdir, [], stale);
    expect(code).toBe(1);
    expect(report.stacks).toEqual([
      expect.objectContaining({ stack: 'organization', status: 'failed', phase: 'apply', stale: true }),
    ]);
    expect(report.stacks[0].reason).toMatch(/saved plan is stale: the state changed after this plan was made/);
    expect(fs.readFileSync(path.join(outdir, 'deploy', 'organization.apply.txt'), 'utf8')).toContain(
      'Saved plan is stale',
    );
    expect(text).toContain('FAILED   organization (wave 1');
    // Terraform applied nothing: the state is exactly the newer deploy's.
    expect(fs.readFileSync(path.join(outdir, 'stacks', 'organization', 'terraform.tfstate'), 'utf8')).toBe(stateBefore);
    expect(appliedValue(outdir, 'organization')).toBe('v2');
  }, 300_000);

  it('refuses an incomplete set before applying anything: a failed plan, an expected stack without a plan, a pending dependency in another environment', async () => {
    const outdir = fresh(await plannedStandIns('good'), 'refused');
    const plans = path.join(outdir, 'plans');
    // A second plan run in its own directory whose one stack fails at init (like a broken config would).
    const broken = path.join(outdir, 'stacks', 'zz-broken');
    fs.mkdirSync(broken);
    fs.writeFileSync(path.join(broken, 'cdk.tf.json'), JSON.stringify({ terraform: { required_version: '< 0.1.0' } }));
    const manifest = readManifest(outdir);
    manifest.stacks['zz-broken'] = { name: 'zz-broken', workingDirectory: 'stacks/zz-broken', dependencies: [] };
    fs.writeFileSync(path.join(outdir, 'manifest.json'), JSON.stringify(manifest));
    expect((await plan(outdir, ['zz-broken'], path.join(plans, 'more'))).code).toBe(1);
    const expectFile = path.join(outdir, 'expected.txt');
    fs.writeFileSync(expectFile, 'organization\nzz-never-planned\n');

    const { code, report, text } = await deploy(outdir, ['--expect', expectFile]);
    expect(code).toBe(1);
    expect(report.outcome).toBe('refused');
    expect(report.waves).toEqual([]);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^zz-broken: its plan failed \(terraform init: Unsupported Terraform Core version\)/),
        expect.stringMatching(/^zz-never-planned: expected in this deploy, but there is no plan for it/),
      ]),
    );
    expect(report.stacks.find((s) => s.stack === 'zz-broken')).toMatchObject({ status: 'failed', phase: 'preflight' });
    expect(report.stacks.find((s) => s.stack === 'organization')).toMatchObject({
      status: 'skipped',
      reason: 'not started: the plan set has problems (listed above), so nothing was applied',
    });
    for (const stack of graph.keys())
      expect({ stack, state: appliedValue(outdir, stack) }).toEqual({ stack, state: undefined });
    expect(text).toContain('REFUSED, nothing applied');
    expect(text).toContain('The plan set cannot be deployed as it is (nothing was applied):');

    // --env dev: dev-platform-aws depends on organization, whose plan here has changes this run would not apply.
    const dev = await deploy(outdir, ['--env', 'dev']);
    expect(dev.code).toBe(1);
    expect(dev.report.problems).toContain(
      `dev-platform-aws: depends on organization, whose plan under ${plans} has changes this run does not apply (--env dev); deploy organization first`,
    );
    // zz-broken is no dev stack: its failed plan is not this deploy's problem.
    expect(dev.report.problems.join('\n')).not.toContain('zz-broken');
  }, 300_000);

  it('deploys environment by environment: management first, then --env dev applies only dev stacks', async () => {
    const outdir = fresh(await plannedStandIns('good'), 'env');
    const management = await deploy(outdir, ['--env', 'management']);
    expect(management.code).toBe(0);
    expect(management.report.stacks.map((s) => `${s.stack} ${s.status}`)).toEqual(['organization applied']);
    // The organization's saved plan has been applied: planning it again shows no change, so dev may go.
    fs.rmSync(path.join(outdir, 'plans'), { recursive: true });
    expect((await plan(outdir, ['organization', 'dev-*'])).code).toBe(0);
    const dev = await deploy(outdir, ['--env', 'dev']);
    expect(dev.code).toBe(0);
    const devStacks = [...graph.keys()].filter((s) => s.startsWith('dev-')).sort();
    expect(
      dev.report.stacks
        .filter((s) => s.status === 'applied')
        .map((s) => s.stack)
        .sort(),
    ).toEqual(devStacks);
    expect(dev.report.stacks.every((s) => s.stack.startsWith('dev-'))).toBe(true);
    for (const stack of graph.keys()) {
      expect({ stack, applied: appliedValue(outdir, stack) === 'v1' }).toEqual({
        stack,
        applied: stack === 'organization' || stack.startsWith('dev-'),
      });
    }
  }, 300_000);
});

function depends(stack: string, on: string): boolean {
  return (graph.get(stack) ?? []).some((d) => d === on || depends(d, on));
}
