/**
 * Planning one synthesized stack: init, plan to a binary plan file, then `terraform show -json` of it. Writes, in
 * `plansDir` (default `<outdir>/plans`):
 *   <stack>.tfplan      the binary plan: what `npm run deploy` applies (`terraform apply <plan file>`, no re-plan).
 *                       It holds sensitive values in clear text: it travels through the CI workspace, never as an
 *                       artifact.
 *   <stack>.lock.hcl    the stack's dependency lock file after init, so the deploy initialises the same providers
 *   <stack>.json        `terraform show -json` of the plan (what the review tool reads; sensitive values in clear)
 *   <stack>.txt         the human plan text (terraform plan's own output)
 *   <stack>.error.txt   only when the stack failed: the failing command and terraform's output
 * Files of an earlier run of the same stack are removed first, so a failed plan never leaves a stale plan behind.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PlanStatus } from '../../domain/plan-status';
import { terraformEnv, writeCliConfig } from './cli-config';
import { runTerraform, TerraformCommandError, type TerraformResult } from './exec';
import { initStack } from './init';
import { providersMissingFromMirror, readStackDir, type StackMode } from './stacks';

/** Terraform's dependency lock file in a stack directory. */
export const LOCK_FILE = '.terraform.lock.hcl';

export interface PlanOptions {
  /** The synth output directory holding stacks/<stack>/cdk.tf.json; default `cdktf.out`. */
  readonly outdir?: string;
  /** Where the plan files go; default `<outdir>/plans`. */
  readonly plansDir?: string;
  /** Default: read from the synthesized stack (local backend = offline). */
  readonly mode?: StackMode;
  /** Refresh against real infrastructure; default: true live, false offline (nothing to refresh from). */
  readonly refresh?: boolean;
  /** Skip `terraform init` (the directory is already initialised). Default false. */
  readonly skipInit?: boolean;
  /** Extra arguments for `terraform plan`, e.g. ['-target=...'] or ['-state=seed.tfstate']. */
  readonly planArgs?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

export type { PlanStatus };

export interface PlanResult {
  readonly stack: string;
  readonly status: PlanStatus;
  /** Absolute paths of what was written (json/text/plan/lock when planned, error when failed). */
  readonly jsonFile?: string;
  readonly textFile?: string;
  readonly planFile?: string;
  readonly lockFile?: string;
  readonly errorFile?: string;
  /** Why a stack failed or was skipped, one line. */
  readonly reason?: string;
  /** Did the plan contain any resource change (create/update/delete/replace)? */
  readonly hasChanges?: boolean;
  /** Terraform's own verdict (`applyable` of show -json): false when applying would change nothing at all. */
  readonly applyable?: boolean;
  readonly durationMs: number;
  /** Milliseconds per phase, for benchmarks. */
  readonly timings: { init?: number; plan?: number; show?: number };
}

export function planFiles(plansDir: string, stack: string) {
  return {
    json: path.join(plansDir, `${stack}.json`),
    text: path.join(plansDir, `${stack}.txt`),
    plan: path.join(plansDir, `${stack}.tfplan`),
    lock: path.join(plansDir, `${stack}.lock.hcl`),
    error: path.join(plansDir, `${stack}.error.txt`),
  };
}

function failure(
  stack: string,
  started: number,
  timings: PlanResult['timings'],
  errorFile: string,
  result: TerraformResult,
): PlanResult {
  const err = new TerraformCommandError(result);
  fs.writeFileSync(
    errorFile,
    `${err.message}\n\n--- full stdout ---\n${result.stdout}\n--- full stderr ---\n${result.stderr}`,
  );
  const firstError = /Error: (.*)/.exec(result.stderr)?.[1] ?? `exit ${result.code}`;
  return {
    stack,
    status: 'failed',
    errorFile,
    reason: `terraform ${result.args[0]}: ${firstError}`,
    durationMs: Date.now() - started,
    timings,
  };
}

/** Init + plan + show for one stack. Never throws for a terraform failure: the result says `failed` and why. */
export async function planStack(stackName: string, options: PlanOptions = {}): Promise<PlanResult> {
  const started = Date.now();
  const outdir = path.resolve(options.outdir ?? 'cdktf.out');
  const plansDir = path.resolve(options.plansDir ?? path.join(outdir, 'plans'));
  const dir = path.join(outdir, 'stacks', stackName);
  const files = planFiles(plansDir, stackName);
  fs.mkdirSync(plansDir, { recursive: true });
  for (const f of Object.values(files)) fs.rmSync(f, { force: true });
  const timings: { init?: number; plan?: number; show?: number } = {};

  if (!fs.existsSync(path.join(dir, 'cdk.tf.json'))) {
    const reason = `stack "${stackName}" is not synthesized in ${outdir} (no ${path.join(dir, 'cdk.tf.json')})`;
    fs.writeFileSync(files.error, `${reason}\n`);
    return {
      stack: stackName,
      status: 'failed',
      errorFile: files.error,
      reason,
      durationMs: Date.now() - started,
      timings,
    };
  }
  const stack = readStackDir(stackName, dir);
  const mode = options.mode ?? stack.mode;
  const paths = writeCliConfig(options.env);
  if (mode === 'offline') {
    const missing = providersMissingFromMirror(stack, paths);
    if (missing.length > 0) {
      return {
        stack: stackName,
        status: 'skipped',
        reason: `provider ${missing.map((p) => p.source).join(', ')} is not in the mirror ${paths.mirror}; offline plans need every provider there`,
        durationMs: Date.now() - started,
        timings,
      };
    }
  }
  const env = terraformEnv(options.env);
  if (mode === 'offline') env.AWS_EC2_METADATA_DISABLED = 'true';

  if (!options.skipInit) {
    try {
      timings.init = (await initStack(dir, { env })).durationMs;
    } catch (e) {
      if (e instanceof TerraformCommandError) return failure(stackName, started, timings, files.error, e.result);
      throw e;
    }
  }
  const refresh = options.refresh ?? mode !== 'offline';
  // The plan file is written straight into the plans directory: the deploy applies that very file.
  const planArgs = ['plan', '-input=false', '-no-color', `-out=${files.plan}`, '-lock-timeout=120s'];
  if (!refresh) planArgs.push('-refresh=false');
  planArgs.push(...(options.planArgs ?? []));
  const plan = await runTerraform(planArgs, { cwd: dir, env });
  timings.plan = plan.durationMs;
  if (plan.code !== 0) {
    fs.rmSync(files.plan, { force: true });
    return failure(stackName, started, timings, files.error, plan);
  }

  const show = await runTerraform(['show', '-json', '-no-color', files.plan], { cwd: dir, env });
  timings.show = show.durationMs;
  if (show.code !== 0) {
    fs.rmSync(files.plan, { force: true });
    return failure(stackName, started, timings, files.error, show);
  }

  const json = JSON.parse(show.stdout) as {
    resource_changes?: { change: { actions: string[] } }[];
    applyable?: boolean;
  };
  const hasChanges = (json.resource_changes ?? []).some(
    (rc) => !rc.change.actions.every((a) => a === 'no-op' || a === 'read'),
  );
  const lockSource = path.join(dir, LOCK_FILE);
  const lockFile = fs.existsSync(lockSource) ? files.lock : undefined;
  if (lockFile) fs.copyFileSync(lockSource, lockFile);
  fs.writeFileSync(files.json, show.stdout);
  fs.writeFileSync(files.text, plan.stdout);
  return {
    stack: stackName,
    status: 'planned',
    jsonFile: files.json,
    textFile: files.text,
    planFile: files.plan,
    lockFile,
    hasChanges,
    applyable: typeof json.applyable === 'boolean' ? json.applyable : undefined,
    durationMs: Date.now() - started,
    timings,
  };
}
