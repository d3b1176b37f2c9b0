/**
 * Synthesis across processes. cdktf synthesis is single-threaded CPU work (mostly cdktf's token resolution), so a
 * large organization is split into shards: this process synthesizes shard 0 while forked workers
 * (stacks/synth-worker.ts) do the others, each into its own directory. The measurements behind the constants here
 * are in docs/benchmarks.md, "Measurements behind the code".
 */
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ShardReply, ShardRequest } from './synth-worker';

/** Below this many stacks a worker's start-up (Node, the TypeScript loader, cdktf) costs more than it saves. */
export const MIN_STACKS_PER_WORKER = 250;
/** More processes than this stop paying off: each first loads Node, tsx, cdktf and the bindings (CPU and memory). */
export const MAX_WORKERS = 8;
export const WORKERS_ENV = 'DATA_PLATFORM_SYNTH_WORKERS';
/**
 * Node flags for synthesis processes (package.json's `synth` and cdktf.json's `app` pass the same): a larger young
 * generation, because synthesis makes millions of short-lived objects and spends less time collecting them.
 */
export const SYNTH_NODE_FLAGS = ['--max-semi-space-size=64'];

/**
 * CPUs this process may use: the affinity count, capped by a cgroup CPU quota. In a container (CircleCI's `medium`
 * is 2 vCPUs on a bigger host) Node's count is the host's, and one worker per host CPU would only add start-ups.
 */
export function usableCpus(readFile: (file: string) => string = (f) => fs.readFileSync(f, 'utf8')): number {
  const affinity = os.availableParallelism();
  const read = (file: string) => {
    try {
      return readFile(file).trim();
    } catch {
      return undefined;
    }
  };
  // cgroup v2: "<quota> <period>" or "max <period>"; v1: two files, quota -1 when unlimited.
  const v2 = read('/sys/fs/cgroup/cpu.max')?.split(/\s+/);
  const [quota, period] = v2 ?? [
    read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us'),
    read('/sys/fs/cgroup/cpu/cpu.cfs_period_us'),
  ];
  const limit = Number(quota) / Number(period);
  return Number.isFinite(limit) && limit > 0 ? Math.max(1, Math.min(affinity, Math.floor(limit))) : affinity;
}

/**
 * How many processes synthesize `stackCount` stacks: `DATA_PLATFORM_SYNTH_WORKERS` if set (1 = this process only),
 * else one per CPU, but only as many as have `MIN_STACKS_PER_WORKER` stacks each.
 */
export function synthWorkers(
  stackCount: number,
  env: NodeJS.ProcessEnv = process.env,
  cpus: number = usableCpus(),
): number {
  const given = env[WORKERS_ENV];
  if (given !== undefined && given !== '') {
    const n = Number(given);
    if (!Number.isInteger(n) || n < 1 || n > MAX_WORKERS) {
      throw new Error(
        `${WORKERS_ENV}=${JSON.stringify(given)} is not allowed: give a whole number from 1 to ${MAX_WORKERS} (1 = no worker processes), or unset it to choose by CPU count`,
      );
    }
    return n;
  }
  return Math.max(1, Math.min(cpus, MAX_WORKERS, Math.floor(stackCount / MIN_STACKS_PER_WORKER)));
}

/** A forked synthesis worker: it loads its modules as soon as it starts, then waits for one request. */
export interface Worker {
  /**
   * Hands `request` over. `sent` resolves once it is written to the worker (start your own synchronous work only
   * then); `reply` is the worker's answer and rejects if the worker exits without one.
   */
  readonly run: (request: ShardRequest) => { readonly sent: Promise<void>; readonly reply: Promise<ShardReply> };
  readonly kill: () => void;
}

/** Forks a synthesis worker. TypeScript runs through tsx's CommonJS hook, as `npm run synth` does. */
export function startWorker(): Worker {
  const child = fork(path.join(__dirname, 'synth-worker.ts'), [], {
    execArgv: [...SYNTH_NODE_FLAGS, '--require', require.resolve('tsx/cjs')],
    // Structured clone: the config and the guardrail views cross as they are, without a JSON detour.
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let answered = false;
  const reply = new Promise<ShardReply>((resolve, reject) => {
    child.once('message', (message) => {
      answered = true;
      resolve(message as ShardReply);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!answered) reject(new Error(`a synthesis worker exited without a result (${signal ?? `exit code ${code}`})`));
    });
  });
  // Nobody may be waiting (a worker started ahead and then not needed is killed): never an unhandled rejection.
  reply.catch(() => undefined);
  return {
    run: (request) => ({
      sent: new Promise<void>((resolve, reject) => child.send(request, (error) => (error ? reject(error) : resolve()))),
      reply,
    }),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}

/**
 * A guess at the stack count before the config is loaded, from the number of team files: two stacks per team and
 * environment, with the example's three environments. Only used to decide whether to fork workers ahead.
 */
export function guessStackCount(teamFiles: number): number {
  return 1 + 3 * (2 + 2 * teamFiles);
}

/**
 * Workers started before the config is even loaded, so their start-up (Node, the TypeScript loader, cdktf and the
 * provider bindings) overlaps this process's own: as many as `synthWorkers` gives for `expectedStacks`. A worker
 * that turns out not to be needed is killed; one forked for a small organization would make it slower (measured on
 * the example org), which is why the count matters.
 */
export function startWorkersAhead(
  expectedStacks: number,
  env: NodeJS.ProcessEnv = process.env,
  cpus: number = usableCpus(),
): Worker[] {
  return Array.from({ length: synthWorkers(expectedStacks, env, cpus) - 1 }, () => startWorker());
}
