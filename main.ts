/**
 * Entry point (`npm run synth`, and cdktf.json's `app` for `cdktf synth/deploy`): load and validate the config,
 * then synthesize every stack. Wiring only.
 */
import { loadConfig } from './config';
import { synthOptionsFromEnv } from './stacks/context';
import { DEFAULT_OUTDIR, runSynth } from './stacks/synth';

process.exitCode = runSynth({
  load: () => loadConfig(process.env.DATA_PLATFORM_CONFIG_DIR || undefined),
  options: synthOptionsFromEnv(),
  outdir: process.env.CDKTF_OUTDIR || DEFAULT_OUTDIR,
});
