/**
 * The plan stage of a shared change at scale: a synthetic org of N teams (bench/org.ts), synthesized offline, then
 * ONE CI container's share of one environment — `npm run plan -- --no-synth --shard 1/<containers> '<env>-*'`, as
 * the pipeline's plan job runs it — with real Terraform, offline. A shared change (e.g. a default tag) changes every
 * stack, so the share is every stack of the environment dealt to that container.
 *
 *   npx tsx bench/plan-shard.ts [--teams 300] [--containers 4] [--env dev] [--concurrency 2]
 *
 * Offline, only AWS stacks are planned (no Snowflake provider here): Snowflake stacks are counted and skipped, and
 * the printout says so; their plan time is not measured.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { gnuTimeCpuSeconds } from './measure';
import { writeSyntheticConfig } from './org';

const REPO = path.resolve(__dirname, '..');
const { values } = parseArgs({
  options: {
    teams: { type: 'string', default: '300' },
    containers: { type: 'string', default: '4' },
    env: { type: 'string', default: 'dev' },
    concurrency: { type: 'string', default: '2' },
  },
});

/** Runs `npm run <args>` under GNU time: wall seconds and the CPU seconds (user + system) of the whole tree. */
function run(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ seconds: number; cpuSeconds: number; code: number; output: string }> {
  const started = process.hrtime.bigint();
  const timeFile = path.join(os.tmpdir(), `plan-shard-time-${process.pid}.txt`);
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-o', timeFile, '-f', '%U %S', 'npm', 'run', '--silent', ...args], {
      cwd: REPO,
      env: { ...process.env, ...env },
    });
    let output = '';
    child.stdout.on('data', (d) => (output = (output + d).slice(-20000)));
    child.stderr.on('data', (d) => (output = (output + d).slice(-20000)));
    child.once('error', reject);
    child.once('close', (code) => {
      try {
        resolve({
          seconds: Number(process.hrtime.bigint() - started) / 1e9,
          cpuSeconds: gnuTimeCpuSeconds(timeFile),
          code: code ?? 1,
          output,
        });
      } catch (e) {
        reject(e);
      } finally {
        fs.rmSync(timeFile, { force: true });
      }
    });
  });
}

async function main() {
  const teams = Number(values.teams);
  const dir = path.join(REPO, '.cache', 'bench', `plan-shard-${teams}`);
  const configDir = writeSyntheticConfig(dir, teams);
  const outdir = path.join(dir, 'cdktf.out');
  const env = { DATA_PLATFORM_CONFIG_DIR: configDir, CDKTF_OUTDIR: outdir, DATA_PLATFORM_MODE: 'offline' };
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
  const synth = await run(['synth'], env);
  if (synth.code !== 0) throw new Error(`synth failed:\n${synth.output}`);
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { stacks: object };
  const envStacks = Object.keys(manifest.stacks).filter((s) => s.startsWith(`${values.env}-`)).length;
  const plansDir = path.join(dir, 'plans');
  fs.rmSync(plansDir, { recursive: true, force: true });
  const shard = `1/${values.containers}`;
  const plan = await run(
    [
      'plan',
      '--',
      '--no-synth',
      '--shard',
      shard,
      '--concurrency',
      values.concurrency!,
      '--plans',
      plansDir,
      `${values.env}-*`,
    ],
    { ...env, DATA_PLATFORM_TF_CONCURRENCY: values.concurrency },
  );
  const index = JSON.parse(fs.readFileSync(path.join(plansDir, 'index.json'), 'utf8')) as {
    status: string;
    durationMs: number;
  }[];
  const planned = index.filter((e) => e.status === 'planned');
  const mean = planned.reduce((a, e) => a + e.durationMs, 0) / Math.max(1, planned.length) / 1000;
  console.log(
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}; load average before: ${load}; after: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`,
  );
  console.log(
    `Org: ${teams} teams, ${Object.keys(manifest.stacks).length} stacks; ${values.env}: ${envStacks} stacks (synth ${synth.seconds.toFixed(1)} s)`,
  );
  console.log(
    `Shard ${shard} of ${values.env}: ${index.length} stacks dealt; ${planned.length} AWS stacks planned, ` +
      `${index.filter((e) => e.status === 'skipped').length} Snowflake stacks skipped (no provider offline), ` +
      `${index.filter((e) => e.status === 'failed').length} failed`,
  );
  console.log(
    `Plan stage of this container (npm run plan, ${values.concurrency} at a time): ${plan.seconds.toFixed(1)} s wall; ` +
      `${mean.toFixed(1)} s per AWS stack (init + plan + show, mean of ${planned.length}); ` +
      `${plan.cpuSeconds.toFixed(0)} CPU-s (${(plan.cpuSeconds / Math.max(1, planned.length)).toFixed(1)} per AWS stack); exit ${plan.code}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
