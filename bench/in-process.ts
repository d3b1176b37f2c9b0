/**
 * The app alone: load + validate the config in DATA_PLATFORM_CONFIG_DIR, then synthesize into CDKTF_OUTDIR as
 * `npm run synth` does (worker processes by DATA_PLATFORM_SYNTH_WORKERS or CPU count); prints phase timings as
 * JSON. Process start-up and module loading are outside both timings. Run as a child by bench/run.ts.
 */
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../config';
import { synthesizePlatformInParallel } from '../stacks/synth';

const t0 = performance.now();
const result = loadConfig(process.env.DATA_PLATFORM_CONFIG_DIR);
const t1 = performance.now();
if (!result.ok) throw new Error(`invalid benchmark config: ${JSON.stringify(result.issues.slice(0, 3))}`);
void synthesizePlatformInParallel({
  config: result.config,
  options: { mode: 'offline', awsAuth: 'assume-role' },
  outdir: process.env.CDKTF_OUTDIR!,
}).then(({ stackNames, processes }) => {
  const t2 = performance.now();
  console.log(
    JSON.stringify({
      stacks: stackNames.length,
      workers: processes,
      loadMs: t1 - t0,
      synthMs: t2 - t1,
      rssMb: process.memoryUsage().rss / 2 ** 20,
    }),
  );
});
