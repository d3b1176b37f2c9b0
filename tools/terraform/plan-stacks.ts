/** Planning many stacks, a bounded number at a time, with progress and a summary index that is always written. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { terraformEnv, terraformPaths } from './cli-config';
import { defaultConcurrency, runBounded } from './bounded';
import { warmPluginCacheFor } from './init';
import { tokenRefresher } from './oidc';
import { type PlanOptions, type PlanResult, planStack } from './plan';
import { Progress } from './progress';
import { providersMissingFromMirror, type SynthesizedStack } from './stacks';

export interface PlanStacksOptions extends Omit<PlanOptions, 'mode'> {
  /** Terraform processes at a time; default DATA_PLATFORM_TF_CONCURRENCY or 2. */
  readonly concurrency?: number;
  /** Where progress goes; default process.stdout (redrawn line on a TTY). null: silent. */
  readonly progress?: NodeJS.WriteStream | { isTTY?: boolean; write(s: string): unknown } | null;
  /** Recorded in every index entry (`shard`), e.g. `2/4` for the second of four CI containers. */
  readonly shard?: string;
}

export interface PlanStacksResult {
  readonly results: PlanResult[];
  readonly ok: boolean;
  readonly durationMs: number;
  /** `<plansDir>/index.json`: one entry per stack of this run (see PlanIndexEntry). */
  readonly indexFile: string;
}

/** The index file `npm run plan` writes beside the plans (the review and the deploy read it). */
export const PLAN_INDEX_FILE = 'index.json';

/**
 * One entry of `<plansDir>/index.json` (a JSON list, one entry per stack the run was asked to plan). File names are
 * relative to the index's directory. `status`/`reason` keep their meaning for the review: planned | failed | skipped.
 */
export interface PlanIndexEntry {
  readonly stack: string;
  readonly status: PlanResult['status'];
  /** `terraform show -json` of the plan (planned only). */
  readonly json?: string;
  /** The plan's human text (planned only). */
  readonly text?: string;
  /** The binary plan file that `npm run deploy` applies (planned only). */
  readonly plan?: string;
  /** The dependency lock file the plan was made with (planned stacks that have providers). */
  readonly lock?: string;
  /** Terraform's output of the failing command (failed only). */
  readonly error?: string;
  /** Why it failed or was skipped, one line. */
  readonly reason?: string;
  /** Any resource change in the plan. */
  readonly hasChanges?: boolean;
  /** Terraform's `applyable`: false when applying the plan would change nothing (no resource or output change). */
  readonly applyable?: boolean;
  readonly durationMs: number;
  /** The stacks this one depends on (from the synthesized manifest): the deploy order. */
  readonly dependencies: readonly string[];
  /** `i/n` when planned as one shard of a fanned-out CI job. */
  readonly shard?: string;
}

export function indexEntry(
  r: PlanResult,
  plansDir: string,
  dependencies: readonly string[],
  shard?: string,
): PlanIndexEntry {
  const rel = (f?: string) => (f ? path.relative(plansDir, f) : undefined);
  return {
    stack: r.stack,
    status: r.status,
    json: rel(r.jsonFile),
    text: rel(r.textFile),
    plan: rel(r.planFile),
    lock: rel(r.lockFile),
    error: rel(r.errorFile),
    reason: r.reason,
    hasChanges: r.hasChanges,
    applyable: r.applyable,
    durationMs: r.durationMs,
    dependencies,
    shard,
  };
}

/** Writes `<plansDir>/index.json` (atomically: a reader never sees half a file); returns its path. */
export function writePlanIndex(plansDir: string, entries: readonly PlanIndexEntry[]): string {
  fs.mkdirSync(plansDir, { recursive: true });
  const file = path.join(plansDir, PLAN_INDEX_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(entries, null, 2)}\n`);
  fs.renameSync(tmp, file);
  return file;
}

const failed = (stack: string, reason: string): PlanResult => ({
  stack,
  status: 'failed',
  reason,
  durationMs: 0,
  timings: {},
});

/**
 * Plans `stacks` (from listSynthesizedStacks/selectStacks). The plugin cache is filled first, from a scratch module
 * declaring only the providers, so parallel inits never race on it and one broken stack cannot stop the others.
 * `<plansDir>/index.json` is written whatever happens (a stack whose planning crashed is `failed` with the error),
 * so the review always sees every stack. `ok` is false when any stack failed (skipped stacks are not failures).
 */
export async function planStacks(
  stacks: readonly SynthesizedStack[],
  options: PlanStacksOptions = {},
): Promise<PlanStacksResult> {
  const started = Date.now();
  const outdir = path.resolve(options.outdir ?? 'cdktf.out');
  const plansDir = path.resolve(options.plansDir ?? path.join(outdir, 'plans'));
  const concurrency = options.concurrency ?? defaultConcurrency();
  const results = new Map<string, PlanResult>();
  const finish = (): PlanStacksResult => {
    const planned = stacks.map((s) => ({
      stack: s,
      result: results.get(s.name) ?? failed(s.name, 'not planned: the run stopped before it'),
    }));
    const all = planned.map((p) => p.result);
    const indexFile = writePlanIndex(
      plansDir,
      planned.map(({ stack, result }) => indexEntry(result, plansDir, stack.dependencies, options.shard)),
    );
    return { results: all, ok: all.every((r) => r.status !== 'failed'), durationMs: Date.now() - started, indexFile };
  };

  let progress: Progress | undefined;
  try {
    const env = terraformEnv(options.env);
    const paths = terraformPaths(options.env);
    const refresher = tokenRefresher(env);
    progress =
      options.progress === null
        ? undefined
        : new Progress(stacks.length, 'planning', options.progress ?? process.stdout);
    const installable = stacks.filter((s) => s.mode === 'live' || providersMissingFromMirror(s, paths).length === 0);
    try {
      await warmPluginCacheFor(
        [...new Map(installable.flatMap((s) => s.providers).map((p) => [p.source, p])).values()],
        { env },
      );
    } catch (e) {
      const reason = `could not install the providers into the plugin cache: ${(e as Error).message.split('\n')[0]}`;
      for (const s of installable) results.set(s.name, failed(s.name, reason));
    }
    await runBounded(
      stacks.filter((s) => !results.has(s.name)),
      concurrency,
      async (stack) => {
        progress?.start(stack.name);
        let result: PlanResult;
        try {
          await refresher.refreshIfDue();
          result = await planStack(stack.name, { ...options, outdir, plansDir, env, mode: stack.mode });
        } catch (e) {
          result = failed(stack.name, `planning crashed: ${(e as Error).message.split('\n')[0]}`);
        }
        results.set(stack.name, result);
        const secs = (result.durationMs / 1000).toFixed(1);
        progress?.finish({
          name: stack.name,
          ok: result.status === 'skipped' ? 'skipped' : result.status === 'planned',
          detail:
            result.status === 'planned'
              ? `${path.relative(process.cwd(), result.jsonFile!)} (${secs}s${result.hasChanges ? '' : ', no changes'})`
              : `${result.reason}${result.errorFile ? ` — see ${path.relative(process.cwd(), result.errorFile)}` : ''}`,
        });
      },
    );
  } catch (e) {
    // Anything unexpected (a bad environment, the disk): every stack not planned yet is failed, and said so.
    const reason = `planning crashed: ${(e as Error).message.split('\n')[0]}`;
    for (const s of stacks) if (!results.has(s.name)) results.set(s.name, failed(s.name, reason));
  } finally {
    progress?.stop();
  }
  return finish();
}
