/**
 * Synthesis with all-or-nothing output: stacks are written to a scratch directory and moved into place only when
 * everything succeeded, and a failed run removes earlier stack output, so nothing stale ever looks valid.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MANIFEST_FILE, readManifest, STACKS_DIR, writeMergedManifest } from '../cdktf-internals';
import { formatIssues, type PlatformConfig, type ValidationResult } from '../config';
import {
  evaluate,
  formatReport,
  GUARDRAIL_RULES,
  GuardrailError,
  type GuardrailReport,
  passes,
  type Rule,
  type StackView,
} from '../constructs/guardrails';
import { platformStackSpecs } from './app';
import type { SynthOptions } from './context';
import { configSuppressions, suppressionSite } from './guardrail-contexts';
import { startWorker, synthWorkers, type Worker } from './parallel-synth';
import type { PlatformStack } from './platform-stack';
import { type ShardRequest, synthesizeShard } from './synth-shard';

export { configSuppressions, guardrailContexts } from './guardrail-contexts';

export const DEFAULT_OUTDIR = 'cdktf.out';

/** What cdktf writes into an output directory; everything else there (plans, caches) is left alone. */
const SYNTH_OUTPUTS = [STACKS_DIR, MANIFEST_FILE];

export function removeSynthOutput(outdir: string): void {
  for (const entry of SYNTH_OUTPUTS) fs.rmSync(path.join(outdir, entry), { recursive: true, force: true });
}

/** What to synthesize, and how. */
export interface SynthesisRequest {
  /** The validated config. */
  readonly config: PlatformConfig;
  /** How the stacks are built: live or offline, and how AWS providers authenticate. */
  readonly options: SynthOptions;
  /** Where `stacks/` and `manifest.json` are written. Default: `cdktf.out`. */
  readonly outdir?: string;
  /** The guardrail rules run over every stack. Default: all of them (GUARDRAIL_RULES); tests pass others. */
  readonly rules?: readonly Rule[];
  /**
   * Processes that synthesize, this one included. Default: `synthWorkers` (DATA_PLATFORM_SYNTH_WORKERS, else by CPUs
   * and stack count). Ignored by `synthesizePlatform`, which is always one process.
   */
  readonly workers?: number;
  /** Workers already forked (`startWorkersAhead`), used before forking more; the caller kills any left over. */
  readonly workersAhead?: readonly Worker[];
}

export interface SynthResult {
  /** Every stack's name, in deploy order. */
  readonly stackNames: readonly string[];
  /** How many processes synthesized. */
  readonly processes: number;
  readonly outdir: string;
  /** What the guardrails found; it has no errors (they throw a GuardrailError before anything is written). */
  readonly guardrails: GuardrailReport;
}

/** A shard's output as the merge needs it: where it was written, and its stacks as the guardrails see them. */
interface ShardOutput {
  readonly dir: string;
  readonly views: readonly StackView[];
}

/** A scratch directory inside `outdir`: output is built there and moved into place only when all of it succeeded. */
function openScratch(outdir: string): string {
  fs.mkdirSync(outdir, { recursive: true });
  return fs.mkdtempSync(path.join(outdir, '.synth-'));
}

/** Replaces `outdir`'s stack output with the scratch's on success, and removes it on failure (nothing stale stays). */
function closeScratch(outdir: string, scratch: string, succeeded: boolean): void {
  try {
    removeSynthOutput(outdir);
    if (succeeded)
      for (const entry of SYNTH_OUTPUTS) fs.renameSync(path.join(scratch, entry), path.join(outdir, entry));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Runs the guardrails over every stack, in deploy order; an error (not suppressed) throws and nothing is written. */
function checkGuardrails(config: PlatformConfig, rules: readonly Rule[], views: readonly StackView[]): GuardrailReport {
  const report = evaluate(views, rules, configSuppressions(config));
  if (!passes(report)) throw new GuardrailError(report, rules, suppressionSite(config));
  return report;
}

/**
 * Builds the app for a validated config and synthesizes it into `outdir`, in this process. The guardrail rules run
 * over every stack's synthesized JSON; an error (not suppressed) throws a GuardrailError and nothing is written.
 */
export function synthesizePlatform(
  request: SynthesisRequest,
): SynthResult & { readonly stacks: readonly PlatformStack[] } {
  const { config, options, outdir = DEFAULT_OUTDIR, rules = GUARDRAIL_RULES } = request;
  const scratch = openScratch(outdir);
  let succeeded = false;
  try {
    const { stacks, views } = synthesizeShard({ config, options, outdir: scratch });
    const guardrails = checkGuardrails(config, rules, views);
    succeeded = true;
    return { stacks, stackNames: stacks.map((s) => s.stackName), processes: 1, outdir, guardrails };
  } finally {
    closeScratch(outdir, scratch, succeeded);
  }
}

/**
 * The same output as `synthesizePlatform`, byte for byte, made by `request.workers` processes: this one synthesizes
 * shard 0 while forked workers do the others; then the guardrails run over all stacks, and the shards' stacks and
 * manifests are merged. With 1 process it is `synthesizePlatform`.
 */
export async function synthesizePlatformInParallel(request: SynthesisRequest): Promise<SynthResult> {
  const { config, options, outdir = DEFAULT_OUTDIR, rules = GUARDRAIL_RULES, workersAhead = [] } = request;
  const specs = platformStackSpecs(config);
  const processes = request.workers ?? synthWorkers(specs.length);
  if (processes <= 1) return synthesizePlatform(request);
  const scratch = openScratch(outdir);
  let succeeded = false;
  try {
    const shardDir = (index: number) => path.join(scratch, `shard-${index}`);
    const pool = Array.from({ length: processes - 1 }, (_, i) => workersAhead[i] ?? startWorker());
    try {
      const runs = pool.map((worker, i) =>
        worker.run({ config, options, outdir: shardDir(i + 1), shard: { index: i + 1, count: processes } }),
      );
      // Hand every request over before this process turns to its own (synchronous) shard.
      await Promise.all(runs.map((r) => r.sent));
      const shards: ShardOutput[] = [
        ownShard({ config, options, outdir: shardDir(0), shard: { index: 0, count: processes } }),
      ];
      for (const [i, run] of runs.entries()) {
        const reply = await run.reply;
        if (!reply.ok) throw new Error(reply.message);
        shards.push({ dir: shardDir(i + 1), views: reply.views });
      }
      const order = new Map(specs.map((spec, i) => [spec.name, i]));
      const views = shards.flatMap((s) => s.views).sort((a, b) => order.get(a.stackName)! - order.get(b.stackName)!);
      const guardrails = checkGuardrails(config, rules, views);
      mergeShards(scratch, shards);
      succeeded = true;
      return { stackNames: views.map((v) => v.stackName), processes, outdir, guardrails };
    } finally {
      for (const worker of pool) worker.kill();
    }
  } finally {
    closeScratch(outdir, scratch, succeeded);
  }
}

/** Synthesizes a shard here; keeps only what the merge needs, so the construct tree can be collected meanwhile. */
function ownShard(request: ShardRequest): ShardOutput {
  return { dir: request.outdir, views: synthesizeShard(request).views };
}

/** Moves every shard's stacks into `<scratch>/stacks` and writes one manifest of all of them, as cdktf writes it. */
function mergeShards(scratch: string, shards: readonly ShardOutput[]): void {
  fs.mkdirSync(path.join(scratch, STACKS_DIR));
  for (const shard of shards) {
    for (const { stackName: name } of shard.views)
      fs.renameSync(path.join(shard.dir, STACKS_DIR, name), path.join(scratch, STACKS_DIR, name));
  }
  writeMergedManifest(
    scratch,
    shards.map((shard) => readManifest(shard.dir)),
  );
}

/** `runSynth`'s request: a synthesis whose config is still to be loaded, and where its messages go. */
export interface RunSynthOptions extends Omit<SynthesisRequest, 'config' | 'options'> {
  /**
   * How the stacks are built, or how to read that (e.g. from DATA_PLATFORM_MODE): read inside the run, so a bad
   * value fails it like any other error and leaves no stale stack output.
   */
  readonly options: SynthOptions | (() => SynthOptions);
  /** Loads and validates the config (the real loader, or in-memory sources in tests). */
  readonly load: () => ValidationResult;
  readonly log?: (line: string) => void;
  readonly error?: (line: string) => void;
}

/** `npm run synth` as a function: resolves to the exit code; on any error prints everything and leaves no stack output. */
export async function runSynth(run: RunSynthOptions): Promise<number> {
  const outdir = run.outdir ?? DEFAULT_OUTDIR;
  const log = run.log ?? console.log;
  const error = run.error ?? console.error;
  const ahead = run.workersAhead ?? [];
  try {
    const options = typeof run.options === 'function' ? run.options() : run.options;
    const result = run.load();
    if (!result.ok) {
      removeSynthOutput(outdir);
      error(formatIssues(result.issues));
      return 1;
    }
    const rules = run.rules ?? GUARDRAIL_RULES;
    const { stackNames, processes, guardrails } = await synthesizePlatformInParallel({
      config: result.config,
      options,
      outdir,
      rules,
      workers: run.workers,
      workersAhead: ahead,
    });
    // Warnings and unused suppressions print in full; a clean run prints the one-line summary.
    log(formatReport(guardrails, rules, suppressionSite(result.config)));
    log(
      `Synthesized ${stackNames.length} stacks into ${path.join(outdir, 'stacks')}${processes > 1 ? ` (${processes} processes)` : ''}`,
    );
    return 0;
  } catch (e) {
    removeSynthOutput(outdir);
    error(e instanceof Error ? e.message : String(e));
    return 1;
  } finally {
    for (const worker of ahead) worker.kill();
  }
}
