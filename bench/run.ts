/**
 * `npm run bench`: synthetic organizations of 10, 100 and 300 teams x 3 environments through the real loader and
 * validation; prints a table and writes docs/benchmarks.md. Options: --sizes 10,100 --runs 3 --skip-terraform
 * --skip-affected --no-write.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { affectedBench, terraformBench } from './extra';
import { measure, median, type Measurement } from './measure';
import { writeSyntheticConfig } from './org';

const REPO = path.resolve(__dirname, '..');
const WORK = path.join(REPO, '.cache', 'bench');
const bin = (name: string) => path.join(REPO, 'node_modules', '.bin', name);

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const sizes = (arg('--sizes') ?? '10,100,300').split(',').map(Number);
const runs = Number(arg('--runs') ?? 3);

interface Row {
  readonly teams: number;
  readonly stacks: number;
  readonly synth: Measurement;
  readonly cli: Measurement;
  readonly appMs: number;
  readonly naive: Measurement;
  readonly lowerBoundMs: number;
}

function benchSize(teams: number): Row {
  const dir = path.join(WORK, `org-${teams}`);
  const configDir = writeSyntheticConfig(dir, teams);
  const outdir = path.join(dir, 'out');
  const env = { DATA_PLATFORM_CONFIG_DIR: configDir, CDKTF_OUTDIR: outdir, DATA_PLATFORM_MODE: 'offline' };

  // The real entry point as `npm run synth` runs it (tsx: TypeScript without a type-check pass).
  const synth = median(runs, () => measure(bin('tsx'), ['main.ts'], { cwd: REPO, env }));
  // `cdktf synth` as users run it: the CLI, which then runs cdktf.json's app.
  const cli = median(1, () => measure(bin('cdktf'), ['synth', '--output', outdir], { cwd: REPO, env: { ...env, CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1', CHECKPOINT_DISABLE: '1' } }));
  // The app alone, timed inside the process (config load + validation excluded from synthMs).
  const app = JSON.parse(measure(bin('tsx'), ['bench/in-process.ts'], { cwd: REPO, env }).stdout.trim().split('\n').pop()!);
  // The naive way: provider roots imported, and a type-checking TypeScript runner (ts-node without transpile-only).
  const naive = median(1, () =>
    measure('node', ['-r', './bench/naive-preload.js', '-r', 'ts-node/register', 'main.ts'], {
      cwd: REPO,
      env: { ...env, TS_NODE_TRANSPILE_ONLY: '', TS_NODE_PROJECT: path.join(REPO, 'tsconfig.json') },
    }),
  );
  const lower = JSON.parse(
    measure(bin('tsx'), ['bench/lower-bound.ts'], { cwd: REPO, env: { SOURCE_OUTDIR: outdir, TARGET_OUTDIR: path.join(dir, 'lower') } }).stdout.trim(),
  );
  fs.rmSync(path.join(dir, 'lower'), { recursive: true, force: true });
  return { teams, stacks: app.stacks, synth, cli, appMs: app.synthMs, naive, lowerBoundMs: lower.ms };
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

async function main(): Promise<void> {
  fs.mkdirSync(WORK, { recursive: true });
  const lines: string[] = [];
  const print = (line = '') => {
    console.log(line);
    lines.push(line);
  };
  print(`Machine: ${machine()}`);
  print(`Date: ${new Date().toISOString()}; median of ${runs} runs for \`npm run synth\`, 1 run otherwise.`);
  print();
  print('### Synthesis');
  print();
  print('| teams × envs | stacks | `npm run synth` s | peak RSS MiB | `cdktf synth` (CLI) s | CLI peak RSS MiB | app alone s | naive s (roots + ts-node) | naive peak RSS MiB | naive ÷ synth | JSON.stringify lower bound s | synth ÷ lower bound |');
  print('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const size of sizes) {
    const r = benchSize(size);
    print(
      `| ${r.teams} × 3 | ${r.stacks} | ${fmt(r.synth.seconds)} | ${fmt(r.synth.peakRssMb, 0)} | ${fmt(r.cli.seconds)} | ${fmt(r.cli.peakRssMb, 0)} | ${fmt(r.appMs / 1000)} | ${fmt(r.naive.seconds)} | ${fmt(r.naive.peakRssMb, 0)} | ${fmt(r.naive.seconds / r.synth.seconds, 1)}× | ${fmt(r.lowerBoundMs / 1000)} | ${fmt(r.synth.seconds / (r.lowerBoundMs / 1000), 1)}× |`,
    );
  }
  if (!process.argv.includes('--skip-affected')) {
    print();
    print('### Change detection');
    print();
    for (const line of affectedBench(WORK, Math.max(...sizes))) print(line);
  }
  if (!process.argv.includes('--skip-terraform')) {
    print();
    print('### terraform validate, example org');
    print();
    for (const line of await terraformBench()) print(line);
  }
  if (!process.argv.includes('--no-write')) {
    const doc = path.join(REPO, 'docs', 'benchmarks.md');
    const text = fs.readFileSync(doc, 'utf8');
    const start = text.indexOf('<!-- bench:start -->');
    const end = text.indexOf('<!-- bench:end -->');
    if (start < 0 || end < 0) throw new Error('docs/benchmarks.md lacks the bench:start/bench:end markers');
    fs.writeFileSync(doc, `${text.slice(0, start)}<!-- bench:start -->\n${lines.join('\n')}\n${text.slice(end)}`);
    console.log(`\nWrote docs/benchmarks.md`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
