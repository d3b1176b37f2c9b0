/**
 * The real-terraform work that several test files assert on, done once per jest run (test/run-dir.ts): planning a
 * stack costs ~10 s of CPU, so no stack is planned twice for the same config.
 *
 * - sharedSynth(): the example org synthesized offline, never modified (copy it with copySynth to change it).
 * - sharedPlans(): ONE real `npm run plan` (tools/plan.ts, in process) of the organization and every dev AWS stack,
 *   plus a deliberately broken copy of a stack (fails at init, cheaply) and a Snowflake stack (skipped offline).
 *   test/terraform/plan.test.ts asserts the command and the plans; test/review/real-plans.test.ts reviews them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stackNames } from '../../config';
import { synthesizePlatform } from '../../stacks/synth';
import { runPlanCli } from '../../tools/plan';
import type { PlanResult } from '../../tools/terraform';
import { once, runDir } from '../run-dir';
import { addBrokenStack, exampleConfig, requireTerraform } from './helpers';

/** Synthesizes the example org offline once per run; returns the (read-only) output directory. */
export function sharedSynth(): Promise<string> {
  return once('synth-offline', async () => {
    const outdir = path.join(runDir(), 'synth-offline');
    synthesizePlatform({ config: exampleConfig(), options: { mode: 'offline', awsAuth: 'assume-role' }, outdir });
    return outdir;
  });
}

/** Copies the synthesized config (manifest and every stack's cdk.tf.json, nothing terraform wrote) into `dest`. */
export function copySynth(from: string, dest: string): string {
  fs.mkdirSync(path.join(dest, 'stacks'), { recursive: true });
  fs.copyFileSync(path.join(from, 'manifest.json'), path.join(dest, 'manifest.json'));
  for (const stack of fs.readdirSync(path.join(from, 'stacks'))) {
    fs.mkdirSync(path.join(dest, 'stacks', stack));
    fs.copyFileSync(path.join(from, 'stacks', stack, 'cdk.tf.json'), path.join(dest, 'stacks', stack, 'cdk.tf.json'));
  }
  return dest;
}

/** The broken stack of the shared plan run: a copy of a dev team stack requiring a Terraform that does not exist. */
export const BROKEN_STACK = 'zz-broken-aws';
/** The arguments of the shared `npm run plan` run (after --no-synth --outdir). */
export const SHARED_PLAN_PATTERNS = [
  'dev-*-aws',
  stackNames.organization,
  BROKEN_STACK,
  stackNames.platformSnowflake('dev'),
];

export interface SharedPlans {
  /** The synth output the plans were made from (stacks/<stack>/cdk.tf.json); do not modify. */
  readonly outdir: string;
  /** <outdir>/plans: <stack>.tfplan, <stack>.lock.hcl, <stack>.json, <stack>.txt, <stack>.error.txt, index.json. */
  readonly plansDir: string;
  readonly exitCode: number;
  /** What the command printed on stderr, line by line. */
  readonly errors: string[];
  /** <plansDir>/index.json as the command wrote it. */
  readonly index: PlanResult[];
  readonly durationMs: number;
}

export function sharedPlans(): Promise<SharedPlans> {
  requireTerraform();
  return once('plans-dev', async () => {
    const outdir = copySynth(await sharedSynth(), path.join(runDir(), 'plans-dev'));
    addBrokenStack(outdir, stackNames.teamAws('dev', 'product-analytics'), BROKEN_STACK, 'core-version');
    const errors: string[] = [];
    const started = Date.now();
    const exitCode = await runPlanCli(['--no-synth', '--outdir', outdir, ...SHARED_PLAN_PATTERNS], {
      out: { isTTY: false, write: () => true },
      log: () => {},
      error: (l) => errors.push(l),
    });
    const plansDir = path.join(outdir, 'plans');
    const index = JSON.parse(fs.readFileSync(path.join(plansDir, 'index.json'), 'utf8')) as PlanResult[];
    return { outdir, plansDir, exitCode, errors, index, durationMs: Date.now() - started };
  });
}
