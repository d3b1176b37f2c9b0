/**
 * `npm run deploy-revision -- show|check|record --env <env> ...`: the deployed-revision record of an environment
 * (tools/deploy/revision.ts): which commit last deployed it completely.
 *
 *   show   --env dev                                   prints the recorded SHA (nothing when there is none)
 *   check  --env dev --commit <sha> --planned-base <sha|none>
 *                                                      exit 0 when <sha> may deploy now, 1 (with why) when not
 *   record --env dev --commit <sha> [--stacks-file F]  records <sha> as deployed (after a successful deploy)
 */
import * as fs from 'node:fs';
import { loadConfig } from '../config';
import { type CommandSpec, runCommand, runMain, UsageError } from './cli';
import { checkDeployAllowed, RECORD_FORMAT, resolveCommit, RevisionError, type RevisionStore } from './deploy/revision';
import { storeFromUrl } from './deploy/s3-store';

export const STORE_ENV = 'DATA_PLATFORM_REVISION_STORE';

export const DEPLOY_REVISION_COMMAND: CommandSpec = {
  command: 'npm run deploy-revision --',
  summary: "Show, check or record the commit that last deployed an environment (the deploy pipeline's guard).",
  options: {
    env: {
      type: 'string',
      valueName: 'ENV',
      description: 'the environment (management = the organization stack); required',
    },
    commit: {
      type: 'string',
      valueName: 'SHA',
      description: 'check/record: the commit being deployed (CI: $CIRCLE_SHA1)',
    },
    'planned-base': {
      type: 'string',
      valueName: 'SHA|none',
      description: 'check: the recorded revision the plans were made against (`none`: there was no record)',
    },
    'stacks-file': {
      type: 'string',
      valueName: 'FILE',
      description: 'record: the stacks the deploy applied, one per line',
    },
    store: {
      type: 'string',
      valueName: 'URL',
      description: `s3://<bucket>/<prefix> or file://<dir> (default: ${STORE_ENV}, else s3://<state bucket>/<keyPrefix>/deployed from config/platform.ts)`,
    },
  },
  positionals: { usage: 'show|check|record', description: 'what to do', min: 1, max: 1 },
  details: [
    'Record: <store>/<env>.json = {"format":"' +
      RECORD_FORMAT +
      '","environment","revision","deployedAt","stacks","source"}.',
    'check refuses (exit 1) when the recorded revision is not an ancestor of --commit (a newer commit deployed the',
    'environment: this is an old hold) or is not the revision the plans were made against (--planned-base).',
    'Exit: 0 done / allowed, 1 refused or an error (unreadable record, git cannot compare the commits), 2 bad usage.',
  ].join('\n'),
};

export interface DeployRevisionIo {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly out?: (line: string) => void;
  readonly error?: (line: string) => void;
  /** The store to use instead of --store / the environment / config (tests). */
  readonly store?: RevisionStore;
}

function defaultStore(env: NodeJS.ProcessEnv, given?: string): RevisionStore {
  const fromEnv = given ?? env[STORE_ENV];
  const loaded = loadConfig(env.DATA_PLATFORM_CONFIG_DIR || undefined);
  if (!loaded.ok && !fromEnv)
    throw new RevisionError(
      'the config is invalid (run `npm run synth`), so the state bucket is unknown; pass --store',
    );
  const region = loaded.ok ? loaded.config.platform.stateBackend.region : env.AWS_REGION || 'eu-west-1';
  if (fromEnv) return storeFromUrl(fromEnv, region);
  const { bucket, keyPrefix } = (loaded as Extract<typeof loaded, { ok: true }>).config.platform.stateBackend;
  return storeFromUrl(`s3://${bucket}/${keyPrefix}/deployed`, region);
}

export function runDeployRevisionCli(argv: readonly string[], io: DeployRevisionIo = {}): Promise<number> {
  const env = io.env ?? process.env;
  const cwd = io.cwd ?? process.cwd();
  const out = io.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const error = io.error ?? ((l: string) => process.stderr.write(`${l}\n`));
  return runCommand(
    DEPLOY_REVISION_COMMAND,
    argv,
    async ({ values, positionals }) => {
      const [action] = positionals; // one, as the spec's min/max require
      if (action === undefined || !['show', 'check', 'record'].includes(action))
        throw new UsageError(`unknown action "${action}" (show, check, record)`);
      const environment = values.env as string | undefined;
      if (!environment) throw new UsageError('--env <env> is required');
      if (action !== 'show' && !values.commit) throw new UsageError(`${action} needs --commit <sha>`);
      try {
        const store = io.store ?? defaultStore(env, values.store as string | undefined);
        if (action === 'show') {
          const record = await store.read(environment);
          if (record) out(record.revision);
          error(
            record
              ? `${store.location(environment)}: ${record.revision} deployed at ${record.deployedAt}`
              : `${store.location(environment)}: no record (never deployed by the pipeline)`,
          );
          return 0;
        }
        const commit = resolveCommit(cwd, values.commit as string);
        if (action === 'check') {
          const result = await checkDeployAllowed(store, {
            environment,
            commit,
            plannedBase: values['planned-base'] as string | undefined,
            repoRoot: cwd,
          });
          (result.ok ? out : error)(`${result.ok ? 'ok' : 'REFUSED'}: ${result.message}`);
          return result.ok ? 0 : 1;
        }
        const stacks =
          typeof values['stacks-file'] === 'string'
            ? fs
                .readFileSync(values['stacks-file'], 'utf8')
                .split('\n')
                .map((l) => l.trim())
                .filter(Boolean)
            : [];
        await store.write({
          format: RECORD_FORMAT,
          environment,
          revision: commit,
          deployedAt: new Date().toISOString(),
          stacks,
          source: {
            jobUrl: env.CIRCLE_BUILD_URL,
            pipeline: env.CIRCLE_PIPELINE_NUMBER ?? env.CIRCLE_BUILD_NUM,
            workflowId: env.CIRCLE_WORKFLOW_ID,
          },
        });
        out(`recorded ${commit} as deployed to ${environment} (${store.location(environment)})`);
        return 0;
      } catch (e) {
        if (e instanceof RevisionError) {
          error(`deploy-revision: ${e.message}`);
          return 1;
        }
        throw e;
      }
    },
    { out, error },
  );
}

if (require.main === module) runMain('deploy-revision', runDeployRevisionCli);
