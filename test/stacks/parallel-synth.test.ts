/**
 * Synthesis split over processes must not change a byte of the output, must run the guardrails over every stack of
 * every shard, and must fail (writing nothing) when any shard fails. The workers here are real forked processes.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig, type PlatformConfig } from '../../config';
import { GUARDRAIL_RULES, type Rule } from '../../constructs/guardrails';
import { platformStackSpecs } from '../../stacks/app';
import {
  MAX_WORKERS,
  MIN_STACKS_PER_WORKER,
  startWorker,
  synthWorkers,
  usableCpus,
  WORKERS_ENV,
} from '../../stacks/parallel-synth';
import { runSynth, synthesizePlatform, synthesizePlatformInParallel } from '../../stacks/synth';
import { shardPositions } from '../../stacks/synth-shard';

const loaded = loadConfig();
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
const config: PlatformConfig = loaded.config;
const OFFLINE = { mode: 'offline', awsAuth: 'assume-role' } as const;

const temp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'dp-parallel-'));

/** Every file under `dir` (relative path → content). */
function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

describe('shards', () => {
  const stacks = ['a', 'b', 'b', 'a', 'b', 'b', 'a', 'b'];

  it('hold every stack exactly once, and deal each kind of stack out evenly', () => {
    const shards = [0, 1, 2].map((index) => shardPositions(stacks, { index, count: 3 }));
    expect(shards.flat().sort((a, b) => a - b)).toEqual(stacks.map((_, i) => i));
    for (const kind of ['a', 'b']) {
      const perShard = shards.map((positions) => positions.filter((p) => stacks[p] === kind).length);
      expect(Math.max(...perShard) - Math.min(...perShard)).toBeLessThanOrEqual(1);
    }
  });

  it('with one shard, is every stack in order', () => {
    expect(shardPositions(stacks, { index: 0, count: 1 })).toEqual(stacks.map((_, i) => i));
  });
});

describe('how many processes synthesize', () => {
  it('by default one per CPU, but only with enough stacks for each', () => {
    expect(synthWorkers(25, {}, 2)).toBe(1);
    expect(synthWorkers(2 * MIN_STACKS_PER_WORKER - 1, {}, 2)).toBe(1);
    expect(synthWorkers(2 * MIN_STACKS_PER_WORKER, {}, 2)).toBe(2);
    expect(synthWorkers(1807, {}, 2)).toBe(2);
    expect(synthWorkers(100_000, {}, 64)).toBe(MAX_WORKERS);
  });

  it('count CPUs within a cgroup quota (v2, then v1), not the host behind a container', () => {
    const host = os.availableParallelism();
    const files = (map: Record<string, string>) => (file: string) => {
      if (!(file in map)) throw new Error('ENOENT');
      return map[file];
    };
    expect(usableCpus(files({ '/sys/fs/cgroup/cpu.max': '200000 100000\n' }))).toBe(Math.min(host, 2));
    expect(usableCpus(files({ '/sys/fs/cgroup/cpu.max': '50000 100000' }))).toBe(1);
    expect(usableCpus(files({ '/sys/fs/cgroup/cpu.max': 'max 100000' }))).toBe(host);
    expect(
      usableCpus(
        files({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '100000', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000' }),
      ),
    ).toBe(1);
    expect(
      usableCpus(
        files({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000' }),
      ),
    ).toBe(host);
    expect(usableCpus(files({}))).toBe(host);
  });

  it(`as ${WORKERS_ENV} says, whatever the size`, () => {
    expect(synthWorkers(25, { [WORKERS_ENV]: '3' }, 2)).toBe(3);
    expect(synthWorkers(1807, { [WORKERS_ENV]: '1' }, 2)).toBe(1);
  });

  it.each(['0', '-1', '1.5', 'two', String(MAX_WORKERS + 1)])(
    `refuses ${WORKERS_ENV}=%s, saying what is allowed`,
    (value) => {
      expect(() => synthWorkers(25, { [WORKERS_ENV]: value }, 2)).toThrow(
        `${WORKERS_ENV}="${value}" is not allowed: give a whole number from 1 to ${MAX_WORKERS}`,
      );
    },
  );
});

describe('synthesis in worker processes', () => {
  let single: Map<string, string>;
  beforeAll(() => {
    const dir = temp();
    synthesizePlatform({ config, options: OFFLINE, outdir: dir });
    single = files(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the example has stacks of every kind and cross-team dependencies to split', () => {
    expect(platformStackSpecs(config).length).toBe([...single.keys()].filter((f) => f.endsWith('cdk.tf.json')).length);
    const manifest = JSON.parse(single.get('manifest.json')!);
    expect(
      Object.values(manifest.stacks).some((s: any) =>
        s.dependencies.some((d: string) => d.endsWith('-snowflake') && !d.includes('platform')),
      ),
    ).toBe(true);
  });

  it.each([2, 3])('with %i processes writes the same files, byte for byte, manifest included', async (workers) => {
    const dir = temp();
    try {
      const result = await synthesizePlatformInParallel({ config, options: OFFLINE, outdir: dir, workers });
      const parallel = files(dir);
      expect([...parallel.keys()].sort()).toEqual([...single.keys()].sort());
      for (const [file, content] of single)
        expect({ file, same: parallel.get(file) === content }).toEqual({ file, same: true });
      expect(result.stackNames).toHaveLength(platformStackSpecs(config).length);
      expect(result.guardrails.stacksChecked).toBe(platformStackSpecs(config).length);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs the guardrails over every shard: an error in any stack fails the run and removes stale output', async () => {
    const dir = temp();
    fs.mkdirSync(path.join(dir, 'stacks', 'old-stack'), { recursive: true });
    const noWarehouses: Rule = {
      id: 'test-no-warehouses',
      level: 'error',
      description: 'test rule',
      fix: 'remove the warehouse',
      check: ({ stack }) =>
        stack.elements
          .filter((e) => e.type === 'snowflake_warehouse')
          .map((element) => ({ element, message: 'is a warehouse' })),
    };
    const errors: string[] = [];
    try {
      const code = await runSynth({
        load: () => ({ ok: true, config }),
        options: OFFLINE,
        outdir: dir,
        rules: [...GUARDRAIL_RULES, noWarehouses],
        workers: 2,
        log: () => {},
        error: (l) => errors.push(l),
      });
      expect(code).toBe(1);
      // Every Snowflake stack has a warehouse; both shards hold some, and all are reported.
      const flagged = [...single.keys()]
        .filter((f) => f.endsWith('-snowflake/cdk.tf.json') && single.get(f)!.includes('"snowflake_warehouse"'))
        .map((f) => f.split('/')[1]);
      expect(flagged.length).toBeGreaterThan(2);
      for (const stack of flagged) expect(errors.join('\n')).toContain(stack);
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a worker that fails replies with its error instead of output', async () => {
    const dir = temp();
    try {
      const { sent, reply: replied } = startWorker().run({
        config: { ...config, environments: undefined } as unknown as PlatformConfig,
        options: OFFLINE,
        outdir: dir,
        shard: { index: 1, count: 2 },
      });
      await sent;
      const reply = await replied;
      expect(reply.ok).toBe(false);
      expect(!reply.ok && reply.message).toMatch(/environments|undefined/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('npm run synth with a bad worker count', () => {
  it('exits 1 naming the variable and what is allowed, and leaves no stack output behind', () => {
    const dir = temp();
    fs.mkdirSync(path.join(dir, 'stacks', 'old-stack'), { recursive: true });
    try {
      const run = spawnSync('npm', ['run', '--silent', 'synth'], {
        cwd: path.resolve(__dirname, '..', '..'),
        env: { ...process.env, [WORKERS_ENV]: 'lots', CDKTF_OUTDIR: dir, DATA_PLATFORM_MODE: 'offline' },
        encoding: 'utf8',
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(
        `${WORKERS_ENV}="lots" is not allowed: give a whole number from 1 to ${MAX_WORKERS}`,
      );
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
