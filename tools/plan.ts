/**
 * `npm run plan -- [options] [<stack or glob>...]`: synthesize, then terraform init + plan each selected stack,
 * writing `terraform show -json` to <outdir>/plans/<stack>.json and the plan text to <stack>.txt.
 *
 *   npm run plan -- dev-platform-aws              one stack
 *   npm run plan -- 'dev-*' organization          globs (minimatch) against the synthesized stack names
 *   DATA_PLATFORM_MODE=offline npm run plan       every stack, offline (Snowflake stacks are skipped here)
 *
 * Options: --no-synth (use the existing <outdir>), --concurrency N (default DATA_PLATFORM_TF_CONCURRENCY or 2),
 * --outdir DIR (default CDKTF_OUTDIR or cdktf.out), --plans DIR (default <outdir>/plans).
 * Mode: DATA_PLATFORM_MODE=offline -> local backend + placeholder credentials; otherwise S3 backend and the
 * ambient AWS credentials (DATA_PLATFORM_AWS_AUTH=ambient in CI, which already assumed a role by OIDC).
 * Exit: 0 all planned (or skipped), 1 a plan failed or the config is invalid, 2 bad usage (unknown option, a pattern
 * matching no stack).
 */
import * as path from 'node:path';
import { loadConfig } from '../config';
import { synthOptionsFromEnv } from '../stacks/context';
import { DEFAULT_OUTDIR, runSynth } from '../stacks/synth';
import {
  defaultConcurrency,
  listSynthesizedStacks,
  planStacks,
  selectStacks,
  TerraformNotFoundError,
  findTerraform,
} from './terraform';

export interface PlanCliIo {
  readonly env?: NodeJS.ProcessEnv;
  readonly out?: NodeJS.WriteStream | { isTTY?: boolean; write(s: string): unknown };
  readonly log?: (line: string) => void;
  readonly error?: (line: string) => void;
}

interface ParsedArgs {
  synth: boolean;
  concurrency?: number;
  outdir?: string;
  plansDir?: string;
  patterns: string[];
}

const USAGE = 'usage: npm run plan -- [--no-synth] [--concurrency N] [--outdir DIR] [--plans DIR] [<stack or glob>...]';

export function parsePlanArgs(argv: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { synth: true, patterns: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (v === undefined || v === '') throw new Error(`${arg.split('=')[0]} needs a value\n${USAGE}`);
      return v;
    };
    if (arg === '--no-synth') parsed.synth = false;
    else if (arg === '--concurrency' || arg.startsWith('--concurrency=')) {
      const raw = value();
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1) throw new Error(`--concurrency must be a positive integer, got "${raw}"`);
      parsed.concurrency = n;
    } else if (arg === '--outdir' || arg.startsWith('--outdir=')) parsed.outdir = value();
    else if (arg === '--plans' || arg.startsWith('--plans=')) parsed.plansDir = value();
    else if (arg === '--help' || arg === '-h') throw new Error(USAGE);
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else parsed.patterns.push(arg);
  }
  return parsed;
}

/** The whole command as a function: returns the exit code. */
export async function runPlanCli(argv: readonly string[], io: PlanCliIo = {}): Promise<number> {
  const env = io.env ?? process.env;
  const log = io.log ?? ((l: string) => console.log(l));
  const error = io.error ?? ((l: string) => console.error(l));
  let args: ParsedArgs;
  try {
    args = parsePlanArgs(argv);
  } catch (e) {
    error((e as Error).message);
    return 2;
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
  const outdir = path.resolve(args.outdir ?? (env.CDKTF_OUTDIR || DEFAULT_OUTDIR));
  if (args.synth) {
    const code = await runSynth({
      load: () => loadConfig(env.DATA_PLATFORM_CONFIG_DIR || undefined),
      options: synthOptionsFromEnv(env),
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
    error((e as Error).message);
    return 1;
  }
  const patterns = args.patterns.length > 0 ? args.patterns : ['*'];
  const { stacks, unmatched } = selectStacks(all, patterns);
  if (unmatched.length > 0) {
    error(
      `No synthesized stack matches ${unmatched.map((p) => `"${p}"`).join(', ')}. Stacks in ${outdir}:\n  ${all.map((s) => s.name).join('\n  ')}`,
    );
    return 2;
  }
  const modes = new Set(stacks.map((s) => s.mode));
  log(
    `Planning ${stacks.length} stack(s) (${[...modes].join('/')} mode), ${args.concurrency ?? defaultConcurrency(env)} at a time`,
  );
  const result = await planStacks(stacks, {
    outdir,
    plansDir: args.plansDir,
    concurrency: args.concurrency ?? defaultConcurrency(env),
    env,
    progress: io.out ?? process.stdout,
  });
  const count = (s: string) => result.results.filter((r) => r.status === s).length;
  log(
    `${count('planned')} planned, ${count('skipped')} skipped, ${count('failed')} failed in ${(result.durationMs / 1000).toFixed(1)}s; summary: ${path.relative(process.cwd(), result.indexFile)}`,
  );
  for (const r of result.results.filter((x) => x.status === 'failed')) {
    error(
      `FAILED ${r.stack}: ${r.reason}${r.errorFile ? ` (details: ${path.relative(process.cwd(), r.errorFile)})` : ''}`,
    );
  }
  return result.ok ? 0 : 1;
}

if (require.main === module) {
  runPlanCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
      process.exitCode = 1;
    },
  );
}
