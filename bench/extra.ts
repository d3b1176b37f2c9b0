/** Benchmarks that use the terraform and change-detection tooling. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../config';
import { synthesizePlatform } from '../stacks/synth';
import { isAwsStack, listSynthesizedStacks, runBounded, validateStack, validateStacksTogether, warmPluginCache } from '../tools/terraform';

const seconds = (ms: number) => (ms / 1000).toFixed(2);

/** terraform validate of every AWS stack of the example org: per stack vs one combined root module. */
export async function terraformBench(): Promise<string[]> {
  const result = loadConfig();
  if (!result.ok) throw new Error('the example config is invalid');
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-tf-'));
  try {
    synthesizePlatform(result.config, { mode: 'offline', awsAuth: 'assume-role' }, outdir);
    const stacks = listSynthesizedStacks(outdir).filter(isAwsStack);
    await warmPluginCache(stacks[0].dir); // the one-time 700 MB copy into the plugin cache is not what we compare
    const one = await validateStack(stacks[0].dir);
    let started = Date.now();
    const each = await runBounded(stacks, 2, (s) => validateStack(s.dir));
    const perStackMs = Date.now() - started;
    started = Date.now();
    const together = await validateStacksTogether(stacks);
    const togetherMs = Date.now() - started;
    const invalid = [...each.filter((r) => !r.valid), ...(together.valid ? [] : [together])].length;
    return [
      `| AWS stacks | one stack (init + validate) s | one × N s | per stack, 2 at a time s | all together (one init + one validate) s | together ÷ (one × N) | invalid |`,
      '|---|---|---|---|---|---|---|',
      `| ${stacks.length} | ${seconds(one.durationMs)} | ${seconds(one.durationMs * stacks.length)} | ${seconds(perStackMs)} | ${seconds(togetherMs)} | ${(togetherMs / (one.durationMs * stacks.length)).toFixed(2)} | ${invalid} |`,
    ];
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

export function affectedBench(_work: string, _teams: number): string[] {
  return ['(not measured yet)'];
}
