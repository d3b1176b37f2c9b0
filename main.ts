/**
 * Entry point (`npm run synth`, and cdktf.json's `app` for `cdktf synth/deploy`): load and validate the config,
 * then synthesize every stack. Wiring only. Environment and exit codes: tools/synth-command.ts (`--help`).
 */
import { DEFAULT_CONFIG_DIR, listTeamFiles } from './config/load';
import { guessStackCount, startWorkersAhead, type Worker } from './stacks/parallel-synth';
import { synthCommandLine } from './tools/synth-command';

async function main(): Promise<number> {
  const configDir = process.env.DATA_PLATFORM_CONFIG_DIR || DEFAULT_CONFIG_DIR;
  // Synthesis workers (large organizations only) are forked first, so their start-up overlaps this process loading
  // cdktf and the config. A bad DATA_PLATFORM_SYNTH_WORKERS is reported by runSynth below, like any error.
  const ahead = workersAhead(configDir);
  try {
    // Required only now: static imports would load cdktf and the provider bindings before the fork.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { loadConfig } = require('./config') as typeof import('./config');
    const { GUARDRAIL_RULES } = require('./constructs/guardrails') as typeof import('./constructs/guardrails');
    const { synthOptionsFromEnv } = require('./stacks/context') as typeof import('./stacks/context');
    const { DEFAULT_OUTDIR, runSynth } = require('./stacks/synth') as typeof import('./stacks/synth');
    /* eslint-enable @typescript-eslint/no-require-imports */
    return await runSynth({
      // The guardrail rules, so config validation rejects suppressions of unknown or unsuppressible rules.
      load: () => loadConfig(configDir, { rules: GUARDRAIL_RULES }),
      options: () => synthOptionsFromEnv(),
      outdir: process.env.CDKTF_OUTDIR || DEFAULT_OUTDIR,
      workersAhead: ahead,
    });
  } finally {
    for (const worker of ahead) worker.kill();
  }
}

function workersAhead(configDir: string): Worker[] {
  try {
    return startWorkersAhead(guessStackCount(listTeamFiles(configDir).length));
  } catch {
    return [];
  }
}

// --help and usage errors are answered before anything is forked or loaded.
const early = synthCommandLine(process.argv.slice(2));
if (early !== undefined) process.exitCode = early;
else
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    },
  );
