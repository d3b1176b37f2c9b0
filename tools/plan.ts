/**
 * `npm run plan -- [options] [<stack or glob>...]`: synthesize, then terraform init + plan each selected stack,
 * writing into <plans dir>: the binary plan <stack>.tfplan (what `npm run deploy` applies), <stack>.lock.hcl,
 * `terraform show -json` as <stack>.json, the plan text <stack>.txt, and index.json listing every stack's status —
 * always, also when some stacks fail (the exit code is non-zero after it is written).
 *
 *   npm run plan -- dev-platform-aws              one stack
 *   npm run plan -- 'dev-*' organization          globs (minimatch) against the synthesized stack names
 *   npm run plan -- --shard 2/4 'dev-*'           the second of four deterministic shares (CI parallelism)
 *   DATA_PLATFORM_MODE=offline npm run plan       every stack, offline (Snowflake stacks are skipped here)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../config';
import { textBefore } from '../domain/text';
import { synthOptionsFromEnv } from '../stacks/context';
import { DEFAULT_OUTDIR, runSynth } from '../stacks/synth';
import { type CommandSpec, integerOption, runCommand, runMain, UsageError } from './cli';
import {
  dealShard,
  defaultConcurrency,
  findTerraform,
  formatShard,
  listSynthesizedStacks,
  type PlanIndexEntry,
  parseShard,
  planStacks,
  selectStacks,
  type Shard,
  TerraformNotFoundError,
  writePlanIndex,
} from './terraform';

export const PLAN_COMMAND: CommandSpec = {
  command: 'npm run plan --',
  summary:
    'terraform init + plan of each selected stack: <stack>.tfplan (applied by `npm run deploy`), <stack>.json, <stack>.txt and index.json in the plans directory.',
  options: {
    'no-synth': {
      type: 'boolean',
      description: 'use the existing synthesized stacks in --outdir (CI: from the workspace)',
    },
    concurrency: {
      type: 'string',
      valueName: 'N',
      description: 'terraform processes at a time (default: DATA_PLATFORM_TF_CONCURRENCY, else 2)',
    },
    outdir: {
      type: 'string',
      valueName: 'DIR',
      description: 'synth output directory (default: CDKTF_OUTDIR, else cdktf.out)',
    },
    plans: {
      type: 'string',
      valueName: 'DIR',
      description: 'where the plans and index.json go (default: <outdir>/plans)',
    },
    shard: {
      type: 'string',
      valueName: 'I/N',
      description:
        'plan only share I of N of the selected stacks, dealt deterministically (sorted by kind and name, round-robin)',
    },
    'redacted-index': {
      type: 'string',
      valueName: 'FILE',
      description:
        'also write a redacted index (stack, status, changes, one-line reason; no file names, no plan content) for CI artifacts',
    },
  },
  positionals: {
    usage: '[<stack or glob>...]',
    description: 'stack names or globs (minimatch) against the synthesized stacks; default: every stack',
  },
  details: [
    'Mode: DATA_PLATFORM_MODE=offline -> local backend + placeholder credentials; otherwise the S3 backend and the',
    'ambient AWS credentials (DATA_PLATFORM_AWS_AUTH=ambient in CI, which assumed a role by OIDC). In long CI jobs',
    'DATA_PLATFORM_OIDC_REFRESH_COMMAND refreshes the OIDC token file between stacks (tools/terraform/oidc.ts).',
    'The binary plans and plan JSON hold sensitive values in clear text: never publish them (CI keeps them in the',
    'workspace); publish the review and the --redacted-index file.',
    '',
    'Exit: 0 every stack planned (or skipped), 1 a plan failed (index.json is written first) or the config is',
    'invalid, 2 bad usage (unknown option, a pattern that matches no stack).',
  ].join('\n'),
};

export interface PlanCliIo {
  readonly env?: NodeJS.ProcessEnv;
  /** Where progress goes (redrawn on a TTY). */
  readonly out?: NodeJS.WriteStream | { isTTY?: boolean; write(s: string): unknown };
  readonly log?: (line: string) => void;
  readonly error?: (line: string) => void;
}

export interface PlanArgs {
  readonly synth: boolean;
  readonly concurrency?: number;
  readonly outdir?: string;
  readonly plansDir?: string;
  readonly shard?: Shard;
  readonly redactedIndex?: string;
  readonly patterns: string[];
}

/** The options of one `npm run plan` call from its parsed arguments; throws UsageError on a bad value. */
export function planArgs(values: Record<string, unknown>, positionals: string[]): PlanArgs {
  let shard: Shard | undefined;
  if (values.shard !== undefined) {
    try {
      shard = parseShard(String(values.shard));
    } catch (e) {
      throw new UsageError(`--shard: ${(e as Error).message}`);
    }
  }
  return {
    synth: values['no-synth'] !== true,
    concurrency: integerOption('concurrency', values.concurrency as string | undefined),
    outdir: values.outdir as string | undefined,
    plansDir: values.plans as string | undefined,
    shard,
    redactedIndex: values['redacted-index'] as string | undefined,
    patterns: positionals,
  };
}

/** What may be published of an index: no file names, no plan content, the reason cut to one short line. */
export function redactIndex(entries: readonly PlanIndexEntry[]): object[] {
  return entries.map((e) => ({
    stack: e.stack,
    status: e.status,
    hasChanges: e.hasChanges,
    applyable: e.applyable,
    reason: e.reason === undefined ? undefined : textBefore(e.reason, '\n').slice(0, 300),
    durationMs: e.durationMs,
    shard: e.shard,
  }));
}

const isGlob = (p: string) => /[*?[\]{}!]/.test(p);

async function plan(args: PlanArgs, io: PlanCliIo): Promise<number> {
  const env = io.env ?? process.env;
  const log = io.log ?? ((l: string) => console.log(l));
  const error = io.error ?? ((l: string) => console.error(l));
  try {
    findTerraform(env);
  } catch (e) {
    if (e instanceof TerraformNotFoundError) {
      error(e.message);
      return 1;
    }
    throw e;
  }
  const outdir = path.resolve(args.outdir ?? (env.CDKTF_OUTDIR || DEFAULT_OUTDIR));
  const plansDir = path.resolve(args.plansDir ?? path.join(outdir, 'plans'));
  const writeRedacted = (entries: readonly PlanIndexEntry[]) => {
    if (!args.redactedIndex) return;
    fs.mkdirSync(path.dirname(path.resolve(args.redactedIndex)), { recursive: true });
    fs.writeFileSync(args.redactedIndex, `${JSON.stringify(redactIndex(entries), null, 2)}\n`);
  };
  if (args.synth) {
    const code = await runSynth({
      load: () => loadConfig(env.DATA_PLATFORM_CONFIG_DIR || undefined),
      options: () => synthOptionsFromEnv(env),
      outdir,
      log,
      error,
    });
    if (code !== 0) return code;
  }
  let all;
  try {
    all = listSynthesizedStacks(outdir);
  } catch (e) {
    // Still say which named stacks were not planned, so the review shows them instead of a stale comment.
    const named = args.patterns.filter((p) => !isGlob(p));
    if (named.length > 0) {
      const reason = `not planned: ${(e as Error).message.split('\n')[0]}`;
      const entries = named.map((stack) => ({
        stack,
        status: 'failed' as const,
        reason,
        durationMs: 0,
        dependencies: [],
      }));
      writePlanIndex(plansDir, entries);
      writeRedacted(entries);
    }
    error((e as Error).message);
    return 1;
  }
  const patterns = args.patterns.length > 0 ? args.patterns : ['*'];
  const { stacks: selected, unmatched } = selectStacks(all, patterns);
  if (unmatched.length > 0) {
    error(
      `No synthesized stack matches ${unmatched.map((p) => `"${p}"`).join(', ')}. Stacks in ${outdir}:\n  ${all.map((s) => s.name).join('\n  ')}`,
    );
    return 2;
  }
  const stacks = args.shard ? dealShard(selected, args.shard) : selected;
  const concurrency = args.concurrency ?? defaultConcurrency(env);
  const modes = new Set(stacks.map((s) => s.mode));
  log(
    `Planning ${stacks.length} stack(s)${args.shard ? ` (shard ${formatShard(args.shard)} of ${selected.length} selected)` : ''} (${[...modes].join('/') || 'no'} mode), ${concurrency} at a time`,
  );
  const result = await planStacks(stacks, {
    outdir,
    plansDir,
    concurrency,
    env,
    progress: io.out ?? process.stdout,
    shard: args.shard ? formatShard(args.shard) : undefined,
  });
  writeRedacted(JSON.parse(fs.readFileSync(result.indexFile, 'utf8')) as PlanIndexEntry[]);
  const count = (s: string) => result.results.filter((r) => r.status === s).length;
  log(
    `${count('planned')} planned, ${count('skipped')} skipped, ${count('failed')} failed in ${(result.durationMs / 1000).toFixed(1)}s; index: ${path.relative(process.cwd(), result.indexFile)}`,
  );
  for (const r of result.results.filter((x) => x.status === 'failed')) {
    error(
      `FAILED ${r.stack}: ${r.reason}${r.errorFile ? ` (details: ${path.relative(process.cwd(), r.errorFile)})` : ''}`,
    );
  }
  return result.ok ? 0 : 1;
}

/** The whole command as a function: returns the exit code. */
export function runPlanCli(argv: readonly string[], io: PlanCliIo = {}): Promise<number> {
  return runCommand(PLAN_COMMAND, argv, ({ values, positionals }) => plan(planArgs(values, positionals), io), {
    out: io.log,
    error: io.error,
  });
}

if (require.main === module) runMain('plan', runPlanCli);
