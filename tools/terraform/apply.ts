/**
 * Applying one saved plan: `terraform apply <plan file>` in the stack's directory, never a re-plan. Terraform applies
 * exactly the plan (its own configuration snapshot included) or refuses; a plan made against a state that has changed
 * since ("Saved plan is stale") is refused by Terraform itself and reported as such, nothing else is applied.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { terraformEnv } from './cli-config';
import { runTerraform, TerraformCommandError, type TerraformResult } from './exec';
import { initStack } from './init';
import { LOCK_FILE } from './plan';
import type { StackMode } from './stacks';

export interface ApplyOptions {
  /** The stack's synthesized directory (cdk.tf.json); terraform runs here. */
  readonly dir: string;
  /** The binary plan (`npm run plan` wrote `<stack>.tfplan`). */
  readonly planFile: string;
  /** The lock file the plan was made with; restored before init so the same providers are selected. */
  readonly lockFile?: string;
  readonly mode?: StackMode;
  readonly env?: NodeJS.ProcessEnv;
  /** Skip `terraform init` (already initialised for this backend). Default false. */
  readonly skipInit?: boolean;
  /** Kill terraform after this long; default 60 minutes. */
  readonly timeoutMs?: number;
}

export interface ApplyResult {
  readonly status: 'applied' | 'failed';
  /** One line: why it failed. */
  readonly reason?: string;
  /** Terraform refused the plan because the state changed after it was made. */
  readonly stale: boolean;
  /** The command's output (stdout then stderr), for the deploy log. */
  readonly output: string;
  readonly durationMs: number;
}

export const STALE_PLAN_MESSAGE = 'Saved plan is stale';

function failedResult(result: TerraformResult, started: number, what: string): ApplyResult {
  const output = `${result.stdout}${result.stderr ? `\n${result.stderr}` : ''}`;
  const stale = result.stderr.includes(STALE_PLAN_MESSAGE);
  const firstError = /Error: (.*)/.exec(result.stderr)?.[1] ?? `exit ${result.code}`;
  return {
    status: 'failed',
    stale,
    reason: stale
      ? 'saved plan is stale: the state changed after this plan was made (another deploy or a manual change); nothing was applied — plan and review again'
      : `${what}: ${firstError}`,
    output,
    durationMs: Date.now() - started,
  };
}

/** Init + `terraform apply <plan file>`; never throws for a terraform failure (the result says why). */
export async function applyPlanFile(options: ApplyOptions): Promise<ApplyResult> {
  const started = Date.now();
  if (!fs.existsSync(options.planFile)) {
    return {
      status: 'failed',
      stale: false,
      reason: `plan file ${options.planFile} is missing; nothing was applied`,
      output: '',
      durationMs: 0,
    };
  }
  const env = terraformEnv(options.env);
  if (options.mode === 'offline') env.AWS_EC2_METADATA_DISABLED = 'true';
  if (options.lockFile && fs.existsSync(options.lockFile)) {
    fs.copyFileSync(options.lockFile, path.join(options.dir, LOCK_FILE));
  }
  if (!options.skipInit) {
    try {
      await initStack(options.dir, { env });
    } catch (e) {
      if (e instanceof TerraformCommandError) return failedResult(e.result, started, 'terraform init');
      throw e;
    }
  }
  const result = await runTerraform(
    ['apply', '-input=false', '-no-color', '-lock-timeout=120s', path.resolve(options.planFile)],
    { cwd: options.dir, env, timeoutMs: options.timeoutMs ?? 60 * 60_000 },
  );
  if (result.code !== 0) return failedResult(result, started, 'terraform apply');
  return {
    status: 'applied',
    stale: false,
    output: `${result.stdout}${result.stderr ? `\n${result.stderr}` : ''}`,
    durationMs: Date.now() - started,
  };
}
