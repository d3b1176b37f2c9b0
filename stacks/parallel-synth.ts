/**
 * Synthesis across processes. cdktf synthesis is single-threaded CPU work (token resolution, ~14 ms a stack), so a
 * large organization is split into shards: this process synthesizes shard 0 while forked workers
 * (stacks/synth-worker.ts) do the others, each into its own directory.
 */
import { fork } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ShardReply, ShardRequest } from './synth-worker';

/** Below this many stacks a worker's start-up (~1 s: Node, TypeScript loader, cdktf) costs more than it saves. */
export const MIN_STACKS_PER_WORKER = 250;
/** More processes than this stop paying off: each builds the whole construct tree. */
export const MAX_WORKERS = 8;
export const WORKERS_ENV = 'DATA_PLATFORM_SYNTH_WORKERS';
/**
 * Node flags for synthesis processes (package.json's `synth` and cdktf.json's `app` pass the same): a larger young
 * generation, because synthesis makes millions of short-lived objects (~15% less time for a shard of 900 stacks).
 */
export const SYNTH_NODE_FLAGS = ['--max-semi-space-size=64'];

/**
 * How many processes synthesize `stackCount` stacks: `DATA_PLATFORM_SYNTH_WORKERS` if set (1 = this process only),
 * else one per CPU, but only as many as have `MIN_STACKS_PER_WORKER` stacks each.
 */
export function synthWorkers(stackCount: number, env: NodeJS.ProcessEnv = process.env, cpus: number = os.availableParallelism()): number {
  const given = env[WORKERS_ENV];
  if (given !== undefined && given !== '') {
    const n = Number(given);
    if (!Number.isInteger(n) || n < 1 || n > MAX_WORKERS) {
      throw new Error(`${WORKERS_ENV}=${JSON.stringify(given)} is not allowed: give a whole number from 1 to ${MAX_WORKERS} (1 = no worker processes), or unset it to choose by CPU count`);
    }
    return n;
  }
  return Math.max(1, Math.min(cpus, MAX_WORKERS, Math.floor(stackCount / MIN_STACKS_PER_WORKER)));
}

export interface Worker {
  /** Resolves when the request has been handed to the worker (start your own work only then). */
  readonly sent: Promise<void>;
  /** The worker's reply; rejects if it exits without one. */
  readonly reply: Promise<ShardReply>;
  readonly kill: () => void;
}

/** Forks a synthesis worker for `request`. TypeScript runs through tsx's CommonJS hook, as `npm run synth` does. */
export function startWorker(request: ShardRequest): Worker {
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
      if (!answered) reject(new Error(`synthesis worker for shard ${request.shard.index} exited without a result (${signal ?? `exit code ${code}`})`));
    });
  });
  const sent = new Promise<void>((resolve, reject) => child.send(request, (error) => (error ? reject(error) : resolve())));
  return { sent, reply, kill: () => child.kill() };
}
