/**
 * Entry point (`npm run synth`, and cdktf.json's `app` for `cdktf synth/deploy`): load and validate the config,
 * then synthesize every stack. Wiring only.
 */
import { loadConfig } from './config';
import { GUARDRAIL_RULES } from './constructs/guardrails';
import { synthOptionsFromEnv } from './stacks/context';
import { DEFAULT_OUTDIR, runSynth } from './stacks/synth';

process.exitCode = runSynth({
  // The guardrail rules, so config validation rejects suppressions of unknown or unsuppressible rules.
  load: () => loadConfig(process.env.DATA_PLATFORM_CONFIG_DIR || undefined, { rules: GUARDRAIL_RULES }),
  options: synthOptionsFromEnv(),
  outdir: process.env.CDKTF_OUTDIR || DEFAULT_OUTDIR,
});
