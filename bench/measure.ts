/** Runs a command as a child and measures wall time and peak RSS with GNU time (`/usr/bin/time`). */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Measurement {
  readonly seconds: number;
  /** Peak resident set size of the largest process in the tree, MiB (GNU time's %M). */
  readonly peakRssMb: number;
  readonly stdout: string;
}

export function measure(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Measurement {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-time-')), 'time.txt');
  const started = process.hrtime.bigint();
  const child = spawnSync('/usr/bin/time', ['-o', out, '-f', '%e %M', command, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.error) throw child.error;
  if (child.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${child.status}\n${child.stderr.slice(-2000)}`);
  }
  const [, rssKb] = fs.readFileSync(out, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
  return { seconds: wall, peakRssMb: rssKb / 1024, stdout: child.stdout };
}

/** Median of `runs` measurements (by wall time): one warm-up-free number that resists a noisy neighbour. */
export function median(runs: number, once: () => Measurement): Measurement {
  const all = Array.from({ length: runs }, once).sort((a, b) => a.seconds - b.seconds);
  return all[Math.floor(all.length / 2)];
}
