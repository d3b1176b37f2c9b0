/**
 * `npm run deploy -- --plans <dir> [--env <env>]`: applies the saved plans `npm run plan` wrote (never a re-plan), in
 * dependency waves from the synthesized manifest, stopping at the first failure, and writes a deploy report
 * (tools/deploy/run.ts, tools/deploy/report.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_OUTDIR } from '../stacks/synth';
import { type CommandSpec, integerOption, runCommand, runMain, UsageError } from './cli';
import { renderReportText } from './deploy/report';
import { runDeploy } from './deploy/run';
import { defaultConcurrency, findTerraform, TerraformNotFoundError } from './terraform';

export const DEPLOY_COMMAND: CommandSpec = {
  command: 'npm run deploy --',
  summary:
    'Apply saved plans (terraform apply <plan file>) in dependency waves, stop at the first failure, write a deploy report.',
  options: {
    plans: {
      type: 'string',
      valueName: 'DIR',
      description: 'where `npm run plan` wrote the plans: every index.json under it is read (required)',
    },
    env: {
      type: 'string',
      valueName: 'ENV',
      description: 'deploy only this environment\'s stacks (<env>-*; "management" = the organization stack)',
    },
    expect: {
      type: 'string',
      valueName: 'FILE',
      description:
        'stacks (one per line) that must have a plan; one without refuses the whole deploy (CI: affected list)',
    },
    outdir: {
      type: 'string',
      valueName: 'DIR',
      description: 'synth output the plans were made from (default: CDKTF_OUTDIR, else cdktf.out)',
    },
    concurrency: {
      type: 'string',
      valueName: 'N',
      description: 'applies at a time within a wave (default: DATA_PLATFORM_TF_CONCURRENCY, else 2)',
    },
    report: {
      type: 'string',
      valueName: 'DIR',
      description: 'where deploy-report.json, deploy-report.txt and <stack>.apply.txt go (default: <outdir>/deploy)',
    },
  },
  details: [
    'Order: a stack is applied after every stack of this deploy it depends on (manifest.json, transitively). Within',
    'a wave up to --concurrency applies run at once. At the first failure nothing more starts: applies already',
    'running finish, every other stack is reported as skipped (not started) with the failed stack it waited for.',
    'Stacks whose plan has no changes are skipped. A plan made before the state changed is refused by Terraform',
    '("Saved plan is stale"): that stack fails, nothing else is applied in its place; plan and review again.',
    'The set is checked before anything is applied: a failed, skipped or missing plan, a stack of --expect with no',
    'plan, or a dependency in another environment with unapplied changes refuses the whole deploy (exit 1).',
    '',
    'Exit: 0 everything with changes applied (or nothing to apply), 1 a failure or a refused plan set, 2 bad usage.',
  ].join('\n'),
};

export interface DeployCliIo {
  readonly env?: NodeJS.ProcessEnv;
  readonly progress?: NodeJS.WriteStream | { isTTY?: boolean; write(s: string): unknown } | null;
  readonly log?: (line: string) => void;
  readonly error?: (line: string) => void;
}

export function runDeployCli(argv: readonly string[], io: DeployCliIo = {}): Promise<number> {
  const env = io.env ?? process.env;
  const log = io.log ?? ((l: string) => console.log(l));
  const error = io.error ?? ((l: string) => console.error(l));
  return runCommand(
    DEPLOY_COMMAND,
    argv,
    async ({ values }) => {
      if (typeof values.plans !== 'string')
        throw new UsageError('--plans <dir> is required (where `npm run plan` wrote the plans)');
      const concurrency =
        integerOption('concurrency', values.concurrency as string | undefined) ?? defaultConcurrency(env);
      const outdir = path.resolve((values.outdir as string | undefined) ?? (env.CDKTF_OUTDIR || DEFAULT_OUTDIR));
      let expected: string[] | undefined;
      if (typeof values.expect === 'string') {
        try {
          expected = fs
            .readFileSync(values.expect, 'utf8')
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean);
        } catch (e) {
          error(`deploy: cannot read --expect ${values.expect}: ${(e as Error).message}`);
          return 1;
        }
      }
      try {
        findTerraform(env);
      } catch (e) {
        if (e instanceof TerraformNotFoundError) {
          error(e.message);
          return 1;
        }
        throw e;
      }
      let result;
      try {
        result = await runDeploy({
          plansDir: values.plans,
          outdir,
          environment: values.env as string | undefined,
          expected,
          concurrency,
          reportDir: path.resolve((values.report as string | undefined) ?? path.join(outdir, 'deploy')),
          env,
          progress: io.progress === undefined ? process.stdout : io.progress,
          log,
        });
      } catch (e) {
        error(`deploy: ${(e as Error).message}`);
        return 1;
      }
      (result.report.ok ? log : error)(renderReportText(result.report).trimEnd());
      log(
        `deploy report: ${path.relative(process.cwd(), result.files.json)} and ${path.relative(process.cwd(), result.files.text)}`,
      );
      return result.report.ok ? 0 : 1;
    },
    { out: log, error },
  );
}

if (require.main === module) runMain('deploy', runDeployCli);
