/**
 * The deploy runner behind `npm run deploy`: applies saved plans (`terraform apply <plan file>`, never a re-plan) in
 * dependency waves, a bounded number at a time within a wave, and stops at the first failure: the stacks already
 * running finish, nothing else starts (no stack of the running wave that has not started, no later wave). A stack
 * whose plan has no changes is skipped. Before anything is applied the plan set is checked as a whole; any problem
 * (a failed, skipped or missing plan, a stack expected but not planned, a dependency in another environment with
 * changes not applied here) refuses the whole deploy: a reviewed set is deployed completely or not at all.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  applyPlanFile,
  type ApplyResult,
  defaultConcurrency,
  listSynthesizedStacks,
  Progress,
  runBounded,
  type SynthesizedStack,
  tokenRefresher,
} from '../terraform';
import { readPlanSet } from './plan-set';
import { type DeployReport, REPORT_FORMAT, type StackReport, writeReport } from './report';
import { dependencyClosure, deployWaves } from './waves';

/** The CI name of the management account's "environment": it holds the organization stack. */
export const MANAGEMENT = 'management';
export const ORGANIZATION_STACK = 'organization';

/** Is `stack` one of `environment`'s stacks? (`management` holds `organization`; others are `<env>-*`.) */
export function inEnvironment(stack: string, environment: string): boolean {
  return environment === MANAGEMENT ? stack === ORGANIZATION_STACK : stack.startsWith(`${environment}-`);
}

export interface DeployOptions {
  /** Where `npm run plan` wrote the plans (searched for index.json files, CI: one per shard). */
  readonly plansDir: string;
  /** The synth output the plans were made from (manifest.json, stacks/<stack>/). */
  readonly outdir: string;
  /** Deploy only this environment's stacks (`management` = the organization stack). Default: every planned stack. */
  readonly environment?: string;
  /** Stacks that must have a plan (CI: the affected stacks of the environment); any missing one refuses the deploy. */
  readonly expected?: readonly string[];
  /** Applies at a time within a wave; default DATA_PLATFORM_TF_CONCURRENCY or 2. */
  readonly concurrency?: number;
  /** Where deploy-report.json/.txt and the apply logs go. */
  readonly reportDir: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Progress output (redrawn line on a TTY); null: silent. Default process.stdout. */
  readonly progress?: NodeJS.WriteStream | { isTTY?: boolean; write(s: string): unknown } | null;
  readonly log?: (line: string) => void;
}

export interface DeployResult {
  readonly report: DeployReport;
  readonly files: { json: string; text: string };
}

export async function runDeploy(options: DeployOptions): Promise<DeployResult> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const env = options.env ?? process.env;
  const concurrency = options.concurrency ?? defaultConcurrency(env);
  const plansDir = path.resolve(options.plansDir);
  const reportDir = path.resolve(options.reportDir);

  const manifest = new Map<string, SynthesizedStack>(listSynthesizedStacks(options.outdir).map((s) => [s.name, s]));
  const graph = new Map([...manifest.values()].map((s) => [s.name, s.dependencies]));
  const set = readPlanSet(plansDir);
  const ours = (stack: string) => !options.environment || inEnvironment(stack, options.environment);
  const planned = set.stacks.filter((s) => ours(s.stack));
  const plannedNames = new Set(planned.map((s) => s.stack));
  // Problems of another environment's stacks are not this deploy's.
  const problems = set.problems.filter((p) => p.stack === undefined || ours(p.stack)).map((p) => p.message);
  for (const name of options.expected ?? []) {
    if (!plannedNames.has(name))
      problems.push(`${name}: expected in this deploy, but there is no plan for it under ${plansDir}`);
  }
  for (const s of planned) {
    if (!manifest.has(s.stack)) {
      problems.push(
        `${s.stack}: planned, but not synthesized in ${options.outdir}: the plans and the synthesized stacks do not match`,
      );
    }
  }
  const toApply = planned.filter((s) => s.status === 'planned' && s.hasChanges && manifest.has(s.stack));
  // A dependency deployed elsewhere (another environment's deploy) must not have changes waiting in these plans.
  const byName = new Map(set.stacks.map((s) => [s.stack, s]));
  for (const s of toApply) {
    for (const d of dependencyClosure(graph, s.stack)) {
      const dep = byName.get(d);
      if (!plannedNames.has(d) && dep && (dep.status !== 'planned' || dep.hasChanges)) {
        problems.push(
          `${s.stack}: depends on ${d}, whose plan under ${plansDir} has changes this run does not apply (--env ${options.environment}); deploy ${d} first`,
        );
      }
    }
  }

  const waves =
    problems.length > 0
      ? []
      : deployWaves(
          toApply.map((s) => s.stack),
          graph,
        );
  const waveOf = new Map(waves.flatMap((w, i) => w.map((s) => [s, i + 1] as const)));
  const reports = new Map<string, StackReport>();
  for (const s of planned) {
    if (s.status !== 'planned') {
      reports.set(s.stack, {
        stack: s.stack,
        status: 'failed',
        phase: 'preflight',
        reason: s.status === 'failed' ? `its plan failed: ${s.reason ?? '?'}` : `not planned: ${s.reason ?? '?'}`,
      });
    } else if (!s.hasChanges) {
      reports.set(s.stack, { stack: s.stack, status: 'skipped', reason: 'no changes in its plan' });
    } else if (problems.length > 0) {
      reports.set(s.stack, {
        stack: s.stack,
        status: 'skipped',
        reason: 'not started: the plan set has problems (listed above), so nothing was applied',
      });
    }
  }
  for (const name of options.expected ?? []) {
    if (!plannedNames.has(name))
      reports.set(name, { stack: name, status: 'failed', phase: 'preflight', reason: 'no plan for it' });
  }

  if (waves.length > 0) {
    log(`Applying ${toApply.length} saved plan(s) in ${waves.length} wave(s), ${concurrency} at a time within a wave`);
    fs.mkdirSync(reportDir, { recursive: true });
    const refresher = tokenRefresher(env);
    const failedStacks: string[] = [];
    const progress =
      options.progress === null
        ? undefined
        : new Progress(toApply.length, 'applying', options.progress ?? process.stdout);
    const planOf = new Map(toApply.map((s) => [s.stack, s]));
    try {
      for (const [i, wave] of waves.entries()) {
        if (failedStacks.length > 0) break;
        log(`wave ${i + 1}/${waves.length}: ${wave.join(', ')}`);
        await runBounded(wave, concurrency, async (name) => {
          if (failedStacks.length > 0) return; // stop at the first failure: start nothing more
          const plan = planOf.get(name)!;
          const stack = manifest.get(name)!;
          progress?.start(name);
          const startedAt = new Date().toISOString();
          let result: ApplyResult;
          try {
            await refresher.refreshIfDue();
            result = await applyPlanFile({
              dir: stack.dir,
              planFile: plan.planFile!,
              lockFile: plan.lockFile,
              mode: stack.mode,
              env,
            });
          } catch (e) {
            result = {
              status: 'failed',
              stale: false,
              reason: (e as Error).message.split('\n')[0],
              output: '',
              durationMs: 0,
            };
          }
          const logFile = path.join(reportDir, `${name}.apply.txt`);
          fs.writeFileSync(logFile, result.output);
          if (result.status === 'failed') failedStacks.push(name);
          reports.set(name, {
            stack: name,
            status: result.status,
            wave: i + 1,
            ...(result.status === 'failed'
              ? { phase: 'apply' as const, reason: result.reason, stale: result.stale }
              : {}),
            durationMs: result.durationMs,
            startedAt,
            finishedAt: new Date().toISOString(),
            log: path.basename(logFile),
          });
          progress?.finish({
            name,
            ok: result.status === 'applied',
            detail:
              result.status === 'applied' ? `applied (${(result.durationMs / 1000).toFixed(1)}s)` : result.reason!,
          });
        });
      }
    } finally {
      progress?.stop();
    }
    for (const name of waves.flat()) {
      if (reports.has(name)) continue;
      const closure = dependencyClosure(graph, name);
      const blockedBy = failedStacks.filter((f) => closure.has(f));
      reports.set(name, {
        stack: name,
        status: 'skipped',
        wave: waveOf.get(name),
        blockedBy,
        reason:
          blockedBy.length > 0
            ? `not started: depends on ${blockedBy.join(', ')}, which failed`
            : `not started: the deploy stops at the first failure (${failedStacks[0]})`,
      });
    }
  }

  const stacks = [...reports.values()].sort(
    (a, b) => (a.wave ?? Infinity) - (b.wave ?? Infinity) || a.stack.localeCompare(b.stack),
  );
  const count = (s: StackReport['status']) => stacks.filter((r) => r.status === s).length;
  const failed = count('failed');
  const report: DeployReport = {
    format: REPORT_FORMAT,
    environment: options.environment,
    plansDir,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date().toISOString(),
    durationMs: Date.now() - started,
    outcome:
      problems.length > 0 ? 'refused' : failed > 0 ? 'failed' : count('applied') > 0 ? 'applied' : 'nothing-to-apply',
    ok: problems.length === 0 && failed === 0,
    problems,
    waves,
    concurrency,
    counts: { applied: count('applied'), failed, skipped: count('skipped') },
    stacks,
  };
  return { report, files: writeReport(report, reportDir) };
}
