/**
 * The deploy runner behind `npm run deploy`: applies saved plans (`terraform apply <plan file>`, never a re-plan) in
 * dependency waves, a bounded number at a time within a wave, and stops at the first failure: the stacks already
 * running finish, nothing else starts (no stack of the running wave that has not started, no later wave). A stack
 * whose plan has no changes is skipped. Before anything is applied the plan set is checked as a whole; any problem
 * (a failed, skipped or missing plan, a stack expected but not planned, a dependency in another environment with
 * changes not applied here) refuses the whole deploy: a reviewed set is deployed completely or not at all.
 */
import * as path from 'node:path';
import { defaultConcurrency, listSynthesizedStacks, type SynthesizedStack } from '../terraform';
import { applyWaves } from './apply-waves';
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
    const applied = await applyWaves({
      waves,
      plans: new Map(toApply.map((s) => [s.stack, s])),
      stacks: manifest,
      graph,
      concurrency,
      logDir: reportDir,
      env,
      progress: options.progress,
      log,
    });
    for (const r of applied) reports.set(r.stack, r);
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
