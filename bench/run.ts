/**
 * `npm run bench`: synthetic organizations of 10, 100 and 300 teams x 3 environments through the real loader and
 * validation; prints a table and writes docs/benchmarks.md. Options: BENCH_COMMAND, printed by `--help`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type CommandIo, defineCommand, integerOption, runCommand, runMain, UsageError } from '../tools/cli';
import { affectedBench, terraformBench } from './extra';
import { type Measurement, measure, repeat, type Summary } from './measure';
import { writeSyntheticConfig } from './org';

const REPO = path.resolve(__dirname, '..');
const WORK = path.join(REPO, '.cache', 'bench');
const bin = (name: string) => path.join(REPO, 'node_modules', '.bin', name);

export const BENCH_COMMAND = defineCommand({
  command: 'npm run bench --',
  summary:
    'Benchmarks synthesis, change detection and terraform validate on synthetic organizations; prints the tables and writes them into docs/benchmarks.md.',
  options: {
    sizes: {
      type: 'string',
      valueName: 'N,N,...',
      default: '10,100,300',
      description: 'organization sizes in teams (× the 3 example environments)',
    },
    runs: { type: 'string', valueName: 'N', default: '3', description: 'runs of `npm run synth` per size (median)' },
    'skip-affected': { type: 'boolean', description: 'skip change detection (two syntheses of the largest size)' },
    'skip-terraform': { type: 'boolean', description: 'skip terraform validate of the example org' },
    'no-write': { type: 'boolean', description: 'print only, leave docs/benchmarks.md as it is' },
  },
  exitCodes: { 0: 'all benchmarks ran', 1: 'a benchmark failed (its error is printed)' },
  details: 'Work files go to .cache/bench/. Method and how to read the numbers: docs/benchmarks.md.',
});

export interface BenchOptions {
  readonly sizes: readonly number[];
  readonly runs: number;
  readonly affected: boolean;
  readonly terraform: boolean;
  readonly write: boolean;
}

/** `npm run bench` with its command line; resolves to the exit code. */
export function runBench(argv: readonly string[], io: CommandIo = {}): Promise<number> {
  return runCommand(
    BENCH_COMMAND,
    argv,
    async ({ values }) => {
      const sizes = values.sizes.split(',').map((size) => {
        const n = integerOption('sizes', size.trim());
        if (n === undefined) throw new UsageError(`--sizes must list whole numbers, got "${values.sizes}"`);
        return n;
      });
      await bench({
        sizes,
        runs: integerOption('runs', values.runs)!,
        affected: !values['skip-affected'],
        terraform: !values['skip-terraform'],
        write: !values['no-write'],
      });
      return 0;
    },
    io,
  );
}

interface Row {
  readonly teams: number;
  readonly stacks: number;
  readonly workers: number;
  readonly synth: Summary;
  readonly oneProcess: Measurement;
  readonly cli: Measurement;
  readonly appMs: number;
  readonly naive: Measurement;
  readonly lowerBoundMs: number;
}

async function benchSize(teams: number, runs: number): Promise<Row> {
  const dir = path.join(WORK, `org-${teams}`);
  const configDir = writeSyntheticConfig(dir, teams);
  const outdir = path.join(dir, 'out');
  const env = { DATA_PLATFORM_CONFIG_DIR: configDir, CDKTF_OUTDIR: outdir, DATA_PLATFORM_MODE: 'offline' };

  // `npm run synth` itself: npm, Node, the TypeScript loader, config validation, synthesis (worker processes as it
  // decides), guardrails and output.
  const synth = await repeat(runs, () => measure('npm', ['run', '--silent', 'synth'], { cwd: REPO, env }));
  const oneProcess = await measure('npm', ['run', '--silent', 'synth'], {
    cwd: REPO,
    env: { ...env, DATA_PLATFORM_SYNTH_WORKERS: '1' },
  });
  // `cdktf synth` as users run it: the CLI, which then runs cdktf.json's app.
  const cli = await measure(bin('cdktf'), ['synth', '--output', outdir], {
    cwd: REPO,
    env: { ...env, CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1', CHECKPOINT_DISABLE: '1' },
  });
  // The app alone, timed inside the process (start-up, module loading and config validation excluded).
  const app = JSON.parse(
    (
      await measure('node', ['--max-semi-space-size=64', '--require', 'tsx/cjs', 'bench/in-process.ts'], {
        cwd: REPO,
        env,
      })
    ).stdout
      .trim()
      .split('\n')
      .pop()!,
  );
  // The naive way: provider roots imported, a type-checking TypeScript runner (ts-node without transpile-only), and
  // cdktf's defaults where they can be switched back (per-token stack traces, one process).
  const naive = await measure('node', ['-r', './bench/naive-preload.js', '-r', 'ts-node/register', 'main.ts'], {
    cwd: REPO,
    env: {
      ...env,
      TS_NODE_TRANSPILE_ONLY: '',
      TS_NODE_PROJECT: path.join(REPO, 'tsconfig.json'),
      DATA_PLATFORM_SYNTH_WORKERS: '1',
      DATA_PLATFORM_TOKEN_STACK_TRACES: '1',
    },
  });
  const lower = JSON.parse(
    (
      await measure('node', ['--require', 'tsx/cjs', 'bench/lower-bound.ts'], {
        cwd: REPO,
        env: { SOURCE_OUTDIR: outdir, TARGET_OUTDIR: path.join(dir, 'lower') },
      })
    ).stdout.trim(),
  );
  fs.rmSync(path.join(dir, 'lower'), { recursive: true, force: true });
  return {
    teams,
    stacks: app.stacks,
    workers: app.workers,
    synth,
    oneProcess,
    cli,
    appMs: app.synthMs,
    naive,
    lowerBoundMs: lower.ms,
  };
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

async function bench({ sizes, runs, ...run }: BenchOptions): Promise<void> {
  fs.mkdirSync(WORK, { recursive: true });
  const lines: string[] = [];
  const print = (line = '') => {
    console.log(line);
    lines.push(line);
  };
  print(`Machine: ${machine()}`);
  print(
    `Date: ${new Date().toISOString()}; \`npm run synth\`: median of ${runs} runs (min–max), every other column 1 run. Load average before: ${os
      .loadavg()
      .map((l) => fmt(l))
      .join(', ')}.`,
  );
  print();
  print('### Synthesis');
  print();
  print(
    '| teams × envs | stacks | `npm run synth` s (min–max) | processes | CPU s | peak RSS MiB (all processes) | 1 process s | `cdktf synth` (CLI) s | app alone s | naive s | naive peak RSS MiB | naive ÷ synth | JSON.stringify lower bound s | synth ÷ lower bound |',
  );
  print('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const size of sizes) {
    const r = await benchSize(size, runs);
    const synth = r.synth.median;
    print(
      `| ${r.teams} × 3 | ${r.stacks} | **${fmt(synth.seconds)}** (${fmt(r.synth.minSeconds)}–${fmt(r.synth.maxSeconds)}) | ${r.workers} | ${fmt(synth.cpuSeconds, 1)} | ${fmt(r.synth.peakRssMb, 0)} | ${fmt(r.oneProcess.seconds)} | ${fmt(r.cli.seconds)} | ${fmt(r.appMs / 1000)} | ${fmt(r.naive.seconds)} | ${fmt(r.naive.peakRssMb, 0)} | ${fmt(r.naive.seconds / synth.seconds, 1)}× | ${fmt(r.lowerBoundMs / 1000)} | ${fmt(synth.seconds / (r.lowerBoundMs / 1000), 0)}× |`,
    );
  }
  if (run.affected) {
    print();
    print('### Change detection');
    print();
    for (const line of await affectedBench(WORK, Math.max(...sizes))) print(line);
  }
  if (run.terraform) {
    print();
    print('### terraform validate, example org');
    print();
    for (const line of await terraformBench()) print(line);
  }
  if (run.write) {
    const doc = path.join(REPO, 'docs', 'benchmarks.md');
    const text = fs.readFileSync(doc, 'utf8');
    const start = text.indexOf('<!-- bench:start -->');
    const end = text.indexOf('<!-- bench:end -->');
    if (start < 0 || end < 0) throw new Error('docs/benchmarks.md lacks the bench:start/bench:end markers');
    fs.writeFileSync(doc, `${text.slice(0, start)}<!-- bench:start -->\n${lines.join('\n')}\n${text.slice(end)}`);
    console.log(`\nWrote docs/benchmarks.md`);
  }
}

if (require.main === module) runMain('bench', runBench);
