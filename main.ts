/**
 * Entry point (`npm run synth`, and cdktf.json's `app` for `cdktf synth/deploy`): load and validate the config,
 * then synthesize every stack. Wiring only.
 */
import { formatIssues, loadConfig } from './config';
import { synthOptionsFromEnv } from './stacks/context';
import { DEFAULT_OUTDIR, removeSynthOutput, synthesizePlatform } from './stacks/synth';

const outdir = process.env.CDKTF_OUTDIR || DEFAULT_OUTDIR;
const result = loadConfig(process.env.DATA_PLATFORM_CONFIG_DIR || undefined);
if (!result.ok) {
  removeSynthOutput(outdir);
  console.error(formatIssues(result.issues));
  process.exit(1);
}
const { stacks } = synthesizePlatform(result.config, synthOptionsFromEnv(), outdir);
console.log(`Synthesized ${stacks.length} stacks into ${outdir}/stacks`);
