/**
 * The app alone, in one process: load + validate the config in DATA_PLATFORM_CONFIG_DIR, synthesize into
 * CDKTF_OUTDIR, print phase timings as JSON. Run as a child by bench/run.ts.
 */
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../config';
import { synthesizePlatform } from '../stacks/synth';

// cdktf captures a stack trace for every token; formatting those through source maps (tsx turns them on) was
// ~40% of synthesis time. Errors here are config issues printed without stacks, so JS line numbers are enough.
process.setSourceMapsEnabled(false);

const t0 = performance.now();
const result = loadConfig(process.env.DATA_PLATFORM_CONFIG_DIR);
const t1 = performance.now();
if (!result.ok) throw new Error(`invalid benchmark config: ${JSON.stringify(result.issues.slice(0, 3))}`);
const { stacks } = synthesizePlatform(result.config, { mode: 'offline', awsAuth: 'assume-role' }, process.env.CDKTF_OUTDIR!);
const t2 = performance.now();
console.log(JSON.stringify({ stacks: stacks.length, loadMs: t1 - t0, synthMs: t2 - t1, rssMb: process.memoryUsage().rss / 2 ** 20 }));
