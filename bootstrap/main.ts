/**
 * `npm run bootstrap [-- plan|apply]`: synthesizes the state-bucket stack (bootstrap/stack.ts) into
 * cdktf.out/bootstrap and, with `plan` or `apply`, runs Terraform on it with the project's CLI config. Run once per
 * organization with management-account credentials, before the first `cdktf deploy` (docs/guardrails.md).
 * Arguments, environment and exit codes: BOOTSTRAP_COMMAND, printed by `--help`.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatIssues, loadConfig } from '../config';
import { formatReport, GUARDRAIL_RULES, passes } from '../constructs/guardrails';
import { synthOptionsFromEnv } from '../stacks/context';
import { initStack, runTerraform, terraformEnv, warmPluginCache } from '../tools/terraform';
import { type CommandIo, defineCommand, runCommand, runMain, UsageError } from '../tools/cli';
import { BOOTSTRAP_STACK, type BootstrapBackend, LOCAL_STATE_FILE, synthesizeBootstrap } from './stack';

export const BOOTSTRAP_COMMAND = defineCommand({
  command: 'npm run bootstrap --',
  summary:
    'Creates the S3 bucket every stack keeps its state in: synthesizes the bootstrap-state stack into cdktf.out/bootstrap, and with plan or apply runs Terraform on it (management-account credentials; once per organization).',
  positionals: {
    usage: '[synth|plan|apply]',
    description: 'synth only (default), terraform plan, or an interactive terraform apply',
    max: 1,
  },
  options: {},
  environment: {
    DATA_PLATFORM_CONFIG_DIR: "configuration directory (default: the repository's config/)",
    DATA_PLATFORM_MODE: 'live (default) or offline: placeholder credentials, plan only',
    DATA_PLATFORM_AWS_AUTH: 'assume-role (default) or ambient',
    BOOTSTRAP_BACKEND: "s3 after the first apply: move the bootstrap's own state into the bucket it created",
    BOOTSTRAP_OUTDIR: 'output directory (default: cdktf.out/bootstrap)',
    TF_PLUGIN_MIRROR: 'where the hashicorp/aws provider mirror lives (default: /opt/tf-plugins)',
  },
  exitCodes: {
    0: 'synthesized (and planned or applied)',
    1: 'invalid configuration or a guardrail error',
    2: 'usage error, or apply in offline mode',
  },
  details: "plan and apply exit with Terraform's exit code when Terraform fails.",
});

const STEPS = ['synth', 'plan', 'apply'] as const;

/** `npm run bootstrap` with its command line; resolves to the exit code. */
export function runBootstrap(argv: readonly string[], io: CommandIo = {}): Promise<number> {
  return runCommand(
    BOOTSTRAP_COMMAND,
    argv,
    ({ positionals }) => {
      const step = positionals[0] ?? 'synth';
      if (!(STEPS as readonly string[]).includes(step))
        throw new UsageError(`unknown step "${step}": give one of ${STEPS.join(', ')}`);
      // Errors (a bad DATA_PLATFORM_MODE, Terraform missing...) are reported as their message, exit 1.
      return bootstrap(step as (typeof STEPS)[number]).catch((error: unknown) => {
        console.error(error instanceof Error ? error.message : String(error));
        return 1;
      });
    },
    io,
  );
}

async function bootstrap(command: (typeof STEPS)[number]): Promise<number> {
  const loaded = loadConfig(process.env.DATA_PLATFORM_CONFIG_DIR || undefined, { rules: GUARDRAIL_RULES });
  if (!loaded.ok) {
    console.error(formatIssues(loaded.issues));
    return 1;
  }
  const options = synthOptionsFromEnv();
  const backend: BootstrapBackend = process.env.BOOTSTRAP_BACKEND === 's3' ? 's3' : 'local';
  if (command === 'apply' && options.mode === 'offline') {
    console.error('DATA_PLATFORM_MODE=offline uses placeholder credentials: it can plan, never apply.');
    return 2;
  }
  const outdir = path.resolve(process.env.BOOTSTRAP_OUTDIR || path.join('cdktf.out', 'bootstrap'));

  // Synthesize aside and copy only cdk.tf.json, so the stack's .terraform directory (which remembers the local
  // backend) survives a re-synth: `terraform init -migrate-state` needs it to move the state into the bucket.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-bootstrap-'));
  let stackDir: string;
  try {
    const synth = synthesizeBootstrap(loaded.config, options, scratch, backend);
    console.log(formatReport(synth.report, GUARDRAIL_RULES));
    if (!passes(synth.report)) return 1;
    stackDir = path.join(outdir, 'stacks', BOOTSTRAP_STACK);
    fs.mkdirSync(stackDir, { recursive: true });
    // The local backend path was computed for the scratch directory: rewrite it for the real one.
    const json = JSON.parse(fs.readFileSync(path.join(synth.stackDir, 'cdk.tf.json'), 'utf8'));
    if (json.terraform?.backend?.local) json.terraform.backend.local.path = path.relative(stackDir, LOCAL_STATE_FILE);
    fs.writeFileSync(path.join(stackDir, 'cdk.tf.json'), `${JSON.stringify(json, null, 2)}\n`);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const bucket = loaded.config.platform.stateBackend.bucket;
  console.log(
    `Synthesized ${BOOTSTRAP_STACK} (state bucket "${bucket}", ${backend} backend) into ${path.relative(process.cwd(), stackDir)}`,
  );
  if (command === 'synth') {
    console.log(`Next: npm run bootstrap -- plan, then npm run bootstrap -- apply (management-account credentials).`);
    return 0;
  }

  await warmPluginCache(stackDir);
  if (backend === 's3') {
    // Moves the local state (bootstrap/terraform.tfstate) into the bucket it describes.
    const init = await runTerraform(['init', '-input=false', '-no-color', '-migrate-state', '-force-copy'], {
      cwd: stackDir,
    });
    process.stdout.write(init.stdout);
    process.stderr.write(init.stderr);
    if (init.code !== 0) return init.code;
  } else {
    await initStack(stackDir);
  }
  if (command === 'plan') {
    const plan = await runTerraform(
      ['plan', '-input=false', '-no-color', ...(options.mode === 'offline' ? ['-refresh=false'] : [])],
      { cwd: stackDir },
    );
    process.stdout.write(plan.stdout);
    process.stderr.write(plan.stderr);
    return plan.code;
  }
  // apply: interactive, so a person reads the plan and types "yes".
  const env = terraformEnv();
  delete env.TF_INPUT;
  delete env.TF_IN_AUTOMATION;
  const apply = spawnSync('terraform', ['apply'], { cwd: stackDir, env, stdio: 'inherit' });
  return apply.status ?? 1;
}

if (require.main === module) runMain('bootstrap', runBootstrap);
