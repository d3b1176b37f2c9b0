/** Planning many stacks, a bounded number at a time, with progress and a summary index. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { terraformEnv, terraformPaths } from './cli-config';
import { defaultConcurrency, runBounded } from './bounded';
import { warmPluginCache } from './init';
import { type PlanOptions, type PlanResult, planStack } from './plan';
import { Progress } from './progress';
import { providersMissingFromMirror, type SynthesizedStack } from './stacks';

export interface PlanStacksOptions extends Omit<PlanOptions, 'mode'> {
  /** Terraform processes at a time; default DATA_PLATFORM_TF_CONCURRENCY or 2. */
  readonly concurrency?: number;
  /** Where progress goes; default process.stdout (redrawn line on a TTY). null: silent. */
  readonly progress?: NodeJS.WriteStream | { isTTY?: boolean; write(s: string): unknown } | null;
}

export interface PlanStacksResult {
  readonly results: PlanResult[];
  readonly ok: boolean;
  readonly durationMs: number;
  /** `<plansDir>/index.json`: this run's results (stack, status, files, reason, hasChanges). */
  readonly indexFile: string;
}

/**
 * Plans `stacks` (from listSynthesizedStacks/selectStacks). The plugin cache is filled first, by one stack alone,
 * so parallel inits never race on it. `ok` is false when any stack failed (skipped stacks are not failures).
 */
export async function planStacks(
  stacks: readonly SynthesizedStack[],
  options: PlanStacksOptions = {},
): Promise<PlanStacksResult> {
  const started = Date.now();
  const outdir = path.resolve(options.outdir ?? 'cdktf.out');
  const plansDir = path.resolve(options.plansDir ?? path.join(outdir, 'plans'));
  const concurrency = options.concurrency ?? defaultConcurrency();
  const env = terraformEnv(options.env);
  const paths = terraformPaths(options.env);
  const progress =
    options.progress === null ? undefined : new Progress(stacks.length, 'planning', options.progress ?? process.stdout);

  const first = stacks.find((s) => s.mode === 'live' || providersMissingFromMirror(s, paths).length === 0);
  if (first) await warmPluginCache(first.dir, { env });

  let results: PlanResult[];
  try {
    results = await runBounded(stacks, concurrency, async (stack) => {
      progress?.start(stack.name);
      const result = await planStack(stack.name, { ...options, outdir, plansDir, env, mode: stack.mode });
      const secs = (result.durationMs / 1000).toFixed(1);
      progress?.finish({
        name: stack.name,
        ok: result.status === 'skipped' ? 'skipped' : result.status === 'planned',
        detail:
          result.status === 'planned'
            ? `${path.relative(process.cwd(), result.jsonFile!)} (${secs}s${result.hasChanges ? '' : ', no changes'})`
            : `${result.reason}${result.errorFile ? ` — see ${path.relative(process.cwd(), result.errorFile)}` : ''}`,
      });
      return result;
    });
  } finally {
    progress?.stop();
  }
  const indexFile = path.join(plansDir, 'index.json');
  fs.mkdirSync(plansDir, { recursive: true });
  const rel = (f?: string) => (f ? path.relative(plansDir, f) : undefined);
  fs.writeFileSync(
    indexFile,
    `${JSON.stringify(
      results.map((r) => ({
        stack: r.stack,
        status: r.status,
        json: rel(r.jsonFile),
        text: rel(r.textFile),
        error: rel(r.errorFile),
        reason: r.reason,
        hasChanges: r.hasChanges,
        durationMs: r.durationMs,
      })),
      null,
      2,
    )}\n`,
  );
  return { results, ok: results.every((r) => r.status !== 'failed'), durationMs: Date.now() - started, indexFile };
}
