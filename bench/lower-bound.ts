/**
 * Lower bound for synthesis: serialize the same Terraform JSON with plain JSON.stringify and write one file per
 * stack. Reads the stacks from SOURCE_OUTDIR first (not timed), then times only stringify + write.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

const source = path.join(process.env.SOURCE_OUTDIR!, 'stacks');
const target = process.env.TARGET_OUTDIR!;
const stacks = fs
  .readdirSync(source)
  .map((name) => [name, JSON.parse(fs.readFileSync(path.join(source, name, 'cdk.tf.json'), 'utf8'))] as const);
const t0 = performance.now();
for (const [name, json] of stacks) {
  fs.mkdirSync(path.join(target, name), { recursive: true });
  fs.writeFileSync(path.join(target, name, 'cdk.tf.json'), JSON.stringify(json, null, 2));
}
console.log(JSON.stringify({ stacks: stacks.length, ms: performance.now() - t0 }));
