/**
 * The command line of `npm run synth` (main.ts): no arguments, only `--help`. Kept apart from main.ts so that main.ts
 * can answer `--help` before it forks workers or loads cdktf, and so that tests can call it in-process. Imports
 * nothing but tools/cli.ts (node:util).
 */
import { type CommandIo, defineCommand, runCommandSync } from './cli';

export const SYNTH_COMMAND = defineCommand({
  command: 'npm run synth',
  summary:
    'Validates the configuration and synthesizes every stack into cdktf.out/stacks/<stack>/cdk.tf.json (with manifest.json); the guardrails run before anything is written, and nothing is written on any error.',
  options: {},
  environment: {
    DATA_PLATFORM_MODE: 'live (default): S3 backend, real credentials; offline: local state, placeholder credentials',
    DATA_PLATFORM_AWS_AUTH: 'assume-role (default): member accounts through OrganizationAccountAccessRole; ambient',
    DATA_PLATFORM_CONFIG_DIR: "read the configuration from this directory (default: the repository's config/)",
    CDKTF_OUTDIR: 'output directory (default: cdktf.out)',
    DATA_PLATFORM_SYNTH_WORKERS: 'processes that synthesize, 1-8 (default: one per CPU, only for large organizations)',
    DATA_PLATFORM_TOKEN_STACK_TRACES: "1: keep cdktf's per-token stack traces (slow; to debug an unresolvable token)",
    DATA_PLATFORM_COMPACT_ELEMENTS: '0: hand cdktf every attribute, set or not (slower, same output)',
    DATA_PLATFORM_ALLOW_CDKTF_VERSION:
      'a cdktf version to load cdktf-internals/ with although it was written for another (to try an upgrade or the fork)',
  },
  exitCodes: {
    0: 'every stack synthesized and the guardrails passed',
    1: 'invalid configuration, a guardrail error or any other failure: everything is listed, no stack output is left',
  },
});

/** Answers `--help` (0) and usage errors (2) of `npm run synth`; undefined: go on and synthesize. */
export function synthCommandLine(argv: readonly string[], io: CommandIo = {}): number | undefined {
  let proceed = false;
  const code = runCommandSync(
    SYNTH_COMMAND,
    argv,
    () => {
      proceed = true;
      return 0;
    },
    io,
  );
  return proceed ? undefined : code;
}
