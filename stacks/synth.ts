/**
 * Synthesis with all-or-nothing output: stacks are written to a scratch directory and moved into place only when
 * everything succeeded, and a failed run removes earlier stack output, so nothing stale ever looks valid.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdktf';
import { formatIssues, type PlatformConfig, type ValidationResult } from '../config';
import { addPlatformStacks } from './app';
import type { SynthOptions } from './context';
import type { PlatformStack } from './platform-stack';

export const DEFAULT_OUTDIR = 'cdktf.out';

/** What cdktf writes into an output directory; everything else there (plans, caches) is left alone. */
const SYNTH_OUTPUTS = ['stacks', 'manifest.json'];

export function removeSynthOutput(outdir: string): void {
  for (const entry of SYNTH_OUTPUTS) fs.rmSync(path.join(outdir, entry), { recursive: true, force: true });
}

export interface SynthResult {
  readonly stacks: readonly PlatformStack[];
  readonly outdir: string;
}

/**
 * Builds the app for a validated config and synthesizes it into `outdir`. `check` runs after synthesis (e.g. the
 * guardrail report) and may throw to reject the output, which is then discarded.
 */
export function synthesizePlatform(
  config: PlatformConfig,
  options: SynthOptions,
  outdir: string = DEFAULT_OUTDIR,
  check?: (stacks: readonly PlatformStack[]) => void,
): SynthResult {
  fs.mkdirSync(outdir, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(outdir, '.synth-'));
  try {
    const app = new App({ outdir: scratch, stackTraces: false });
    const stacks = addPlatformStacks(app, config, options);
    app.synth();
    check?.(stacks);
    removeSynthOutput(outdir);
    for (const entry of SYNTH_OUTPUTS) fs.renameSync(path.join(scratch, entry), path.join(outdir, entry));
    return { stacks, outdir };
  } catch (error) {
    removeSynthOutput(outdir);
    throw error;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

export interface RunSynthOptions {
  /** Loads and validates the config (the real loader, or in-memory sources in tests). */
  readonly load: () => ValidationResult;
  readonly options: SynthOptions;
  readonly outdir?: string;
  readonly log?: (line: string) => void;
  readonly error?: (line: string) => void;
}

/** `npm run synth` as a function: returns the exit code; on any error prints everything and leaves no stack output. */
export function runSynth(run: RunSynthOptions): number {
  const outdir = run.outdir ?? DEFAULT_OUTDIR;
  const log = run.log ?? console.log;
  const error = run.error ?? console.error;
  const result = run.load();
  if (!result.ok) {
    removeSynthOutput(outdir);
    error(formatIssues(result.issues));
    return 1;
  }
  try {
    const { stacks } = synthesizePlatform(result.config, run.options, outdir);
    log(`Synthesized ${stacks.length} stacks into ${path.join(outdir, 'stacks')}`);
    return 0;
  } catch (e) {
    error(e instanceof Error ? e.message : String(e));
    return 1;
  }
}
