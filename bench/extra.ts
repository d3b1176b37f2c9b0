/** Benchmarks that use the terraform and change-detection tooling. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../config';
import { synthesizePlatform } from '../stacks/synth';
import { measure } from './measure';
import { teamFile, teamName } from './org';
import {
  isAwsStack,
  listSynthesizedStacks,
  runBounded,
  validateStack,
  validateStacksTogether,
  warmPluginCache,
} from '../tools/terraform';

const REPO = path.resolve(__dirname, '..');
const seconds = (ms: number) => (ms / 1000).toFixed(2);

/** terraform validate of every AWS stack of the example org: per stack vs one combined root module. */
export async function terraformBench(): Promise<string[]> {
  const result = loadConfig();
  if (!result.ok) throw new Error('the example config is invalid');
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-tf-'));
  try {
    synthesizePlatform({ config: result.config, options: { mode: 'offline', awsAuth: 'assume-role' }, outdir });
    const stacks = listSynthesizedStacks(outdir).filter(isAwsStack);
    const [first] = stacks;
    if (!first) throw new Error(`the example config synthesized no AWS stack into ${outdir}`);
    await warmPluginCache(first.dir); // the one-time 700 MB copy into the plugin cache is not what we compare
    const one = await validateStack(first.dir);
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

/**
 * `npm run affected` for a one-team change in a large org: a throwaway git repository holding the project with N
 * synthetic teams committed, one team's file changed (cost center: its AWS tags; quota: its monitor), then the real
 * command. It must report exactly that team's stacks.
 */
export async function affectedBench(work: string, teams: number): Promise<string[]> {
  const repo = path.join(work, `affected-${teams}`);
  fs.rmSync(repo, { recursive: true, force: true });
  fs.mkdirSync(repo, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  execFileSync('bash', ['-c', `git -C "${REPO}" archive HEAD | tar -x -C "${repo}"`]);
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(repo, 'node_modules'));
  fs.rmSync(path.join(repo, 'config', 'teams'), { recursive: true, force: true });
  fs.mkdirSync(path.join(repo, 'config', 'teams'));
  for (let i = 0; i < teams; i++)
    fs.writeFileSync(path.join(repo, 'config', 'teams', `${teamName(i)}.ts`), teamFile(i));
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-qm', 'base');
  const changed = Math.floor(teams / 2);
  fs.writeFileSync(path.join(repo, 'config', 'teams', `${teamName(changed)}.ts`), teamFile(changed, 1));
  const run = await measure('npm', ['run', '--silent', 'affected', '--', '--base', 'HEAD', '--mode', 'offline'], {
    cwd: repo,
  });
  const reported = run.stdout.trim().split('\n').filter(Boolean).sort();
  const expected = ['dev', 'staging', 'prod']
    .flatMap((e) => [`${e}-${teamName(changed)}-aws`, `${e}-${teamName(changed)}-snowflake`])
    .sort();
  const exact = JSON.stringify(reported) === JSON.stringify(expected);
  fs.rmSync(repo, { recursive: true, force: true });
  return [
    "| org | change | stacks reported | expected (that team's stacks) | exact | time s | peak RSS MiB |",
    '|---|---|---|---|---|---|---|',
    `| ${teams} teams × 3 envs | ${teamName(changed)}: cost center + quota | ${reported.length} | ${expected.length} | ${exact ? 'yes' : `NO: ${reported.join(' ')}`} | ${seconds(run.seconds * 1000)} | ${run.peakRssMb.toFixed(0)} |`,
  ];
}
