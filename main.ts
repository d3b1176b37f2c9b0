/**
 * Entry point (`npm run synth`, and cdktf.json's `app` for `cdktf synth/deploy`): load and validate the config,
 * then synthesize every stack. Wiring only.
 */
import { loadConfig } from './config';
import { GUARDRAIL_RULES } from './constructs/guardrails';
import { synthOptionsFromEnv } from './stacks/context';
import { DEFAULT_OUTDIR, runSynth } from './stacks/synth';

// cdktf captures a stack trace for every token; formatting those through source maps (tsx turns them on) was
// ~40% of synthesis time. Errors here are config issues printed without stacks, so JS line numbers are enough.
process.setSourceMapsEnabled(false);

runSynth({
  // The guardrail rules, so config validation rejects suppressions of unknown or unsuppressible rules.
  load: () => loadConfig(process.env.DATA_PLATFORM_CONFIG_DIR || undefined, { rules: GUARDRAIL_RULES }),
  options: synthOptionsFromEnv(),
  outdir: process.env.CDKTF_OUTDIR || DEFAULT_OUTDIR,
}).then((code) => {
  process.exitCode = code;
});
