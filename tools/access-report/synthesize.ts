/**
 * The example org (or any config) synthesized in-process for the access report: every stack's cdk.tf.json, in
 * live mode (the AWS providers carry their accounts), written to a temporary directory that is removed before this
 * returns. The report evaluates this JSON, so it shows what the Terraform grants, not what config intends.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PlatformConfig } from '../../config';
import type { SynthOptions } from '../../stacks/context';
import { synthesizePlatform } from '../../stacks/synth';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Terraform JSON of any shape
export type StackJson = Record<string, any>;

/** Every stack's synthesized JSON, by stack name. */
export type SynthesizedStacks = ReadonlyMap<string, StackJson>;

export const REPORT_SYNTH_OPTIONS: SynthOptions = { mode: 'live', awsAuth: 'assume-role' };

/** Reads `<dir>/<stack>/cdk.tf.json` for every stack directory of a synth output's `stacks/`. */
export function readSynthesizedStacks(stacksDir: string): Map<string, StackJson> {
  const out = new Map<string, StackJson>();
  for (const name of fs.readdirSync(stacksDir).sort()) {
    const file = path.join(stacksDir, name, 'cdk.tf.json');
    if (fs.existsSync(file)) out.set(name, JSON.parse(fs.readFileSync(file, 'utf8')) as StackJson);
  }
  return out;
}

/** Synthesizes `config` (guardrails included: a failing guardrail throws, as `npm run synth` does). */
export function synthesizeForReport(config: PlatformConfig): Map<string, StackJson> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-report-synth-'));
  try {
    synthesizePlatform({ config, options: REPORT_SYNTH_OPTIONS, outdir });
    return readSynthesizedStacks(path.join(outdir, 'stacks'));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
