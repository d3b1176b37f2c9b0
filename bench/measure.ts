/**
 * Runs a command as a child and measures wall time, CPU time and peak memory. Memory is the peak of the summed RSS
 * of the whole process tree (npm, node, synthesis workers), sampled from /proc every 100 ms: with worker processes
 * the largest single process (GNU time's %M) would understate it.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Measurement {
  readonly seconds: number;
  /** User + system CPU seconds of the tree (GNU time); less sensitive than wall time to a busy machine. */
  readonly cpuSeconds: number;
  /** Peak of the summed resident set size of the process tree, MiB. */
  readonly peakRssMb: number;
  readonly stdout: string;
}

/**
 * Pids of `root` and all its descendants, from /proc/<pid>/task/<pid>/children (children forked by each process's
 * main thread, which is where npm, Node and GNU time spawn them): a few small reads per sample, where scanning all
 * of /proc took CPU from the very work being measured.
 */
function tree(root: number): number[] {
  const out: number[] = [];
  const visit = (pid: number) => {
    out.push(pid);
    let children = '';
    try {
      children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8');
    } catch {
      // exited meanwhile
    }
    for (const child of children.split(' ').filter(Boolean)) visit(Number(child));
  };
  visit(root);
  return out;
}

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * User + system CPU seconds from a file GNU time wrote with `-f '%U %S'`. The figures are its last line: a line
 * such as "Command exited with non-zero status 1" may come before them.
 */
export function gnuTimeCpuSeconds(file: string): number {
  const text = fs.readFileSync(file, 'utf8');
  const m = /^(\d+(?:\.\d+)?) (\d+(?:\.\d+)?)$/.exec(text.trim().split('\n').at(-1) ?? '');
  if (!m) throw new Error(`${file}: expected GNU time's '%U %S' as the last line, got: ${JSON.stringify(text)}`);
  return Number(m[1]) + Number(m[2]);
}

export function measure(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<Measurement> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-time-')), 'time.txt');
  const started = process.hrtime.bigint();
  const child = spawn('/usr/bin/time', ['-o', out, '-f', '%U %S', command, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  let peakKb = 0;
  const sample = setInterval(() => {
    peakKb = Math.max(
      peakKb,
      tree(child.pid!).reduce((sum, pid) => sum + rssKb(pid), 0),
    );
  }, 100);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearInterval(sample);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      try {
        if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}\n${stderr}`);
        resolve({ seconds, cpuSeconds: gnuTimeCpuSeconds(out), peakRssMb: peakKb / 1024, stdout });
      } catch (e) {
        reject(e);
      } finally {
        fs.rmSync(path.dirname(out), { recursive: true, force: true });
      }
    });
  });
}

export interface Summary {
  /** The run with the median wall time. */
  readonly median: Measurement;
  readonly minSeconds: number;
  readonly maxSeconds: number;
  /** The highest memory peak of all runs. */
  readonly peakRssMb: number;
}

/** `runs` measurements one after another: the median run, the spread, and the worst memory peak. */
export async function repeat(runs: number, once: () => Promise<Measurement>): Promise<Summary> {
  const all: Measurement[] = [];
  for (let i = 0; i < runs; i++) all.push(await once());
  all.sort((a, b) => a.seconds - b.seconds);
  const [fastest, median, slowest] = [all[0], all[Math.floor(all.length / 2)], all.at(-1)];
  if (!fastest || !median || !slowest) throw new RangeError(`repeat: runs must be at least 1, got ${runs}`);
  return {
    median,
    minSeconds: fastest.seconds,
    maxSeconds: slowest.seconds,
    peakRssMb: Math.max(...all.map((m) => m.peakRssMb)),
  };
}
