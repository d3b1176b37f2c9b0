/**
 * Work shared by the test files of one jest run, made once by whichever file asks first (other workers wait for it).
 * The run directory comes from test/global-setup.ts; without it (a runner that skips the globalSetup) each process
 * gets a directory of its own, so the work is simply done once per process.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The environment variable naming this run's directory (set by test/global-setup.ts). */
export const RUN_DIR_ENV = 'DATA_PLATFORM_TEST_RUN_DIR';
/** Parent of the run directories: <repo>/.cache/test-runs (git-ignored). */
export const TEST_RUNS_ROOT = path.resolve(__dirname, '..', '.cache', 'test-runs');

/**
 * Prefix of the per-run temporary directory that test/global-setup.ts makes in the system's temp directory and
 * points TMPDIR (TMP, TEMP) at: everything a test, cdktf's `Testing` (a `cdktf.outdir.*` per synthesized scope) or
 * a child process puts in os.tmpdir() goes there, and the teardown removes it. In the system's temp directory, not
 * in the run directory, so paths of Unix sockets made there (tsx's IPC) stay short.
 */
export const RUN_TMP_PREFIX = 'dp-test-tmp-';
/** The temp directory the run started with (restored by test/global-teardown.ts). */
export const SYSTEM_TMPDIR_ENV = 'DATA_PLATFORM_TEST_SYSTEM_TMPDIR';
export const TMPDIR_ENVS = ['TMPDIR', 'TMP', 'TEMP'] as const;

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let ownDir: string | undefined;

/** This run's shared directory (created if needed). */
export function runDir(): string {
  const shared = process.env[RUN_DIR_ENV];
  if (shared) {
    fs.mkdirSync(shared, { recursive: true });
    return shared;
  }
  if (!ownDir) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-test-run-'));
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    ownDir = dir;
  }
  return ownDir;
}

type Outcome<T> = { value: T } | { error: string };

/**
 * `make()` once per run under the name `name`; every caller (in any worker) gets the same JSON-serialisable value.
 * A failure is recorded and rethrown to every caller, so a broken shared step fails each test file that needs it,
 * loudly, instead of being retried by each. A lock left by a dead worker is broken.
 */
export async function once<T>(name: string, make: () => Promise<T>, timeoutMs = 15 * 60_000): Promise<T> {
  const dir = runDir();
  const resultFile = path.join(dir, `${name}.result.json`);
  const lock = path.join(dir, `${name}.lock`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (fs.existsSync(resultFile)) {
      const outcome = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as Outcome<T>;
      if ('error' in outcome)
        throw new Error(`the shared test step "${name}" failed (${resultFile}):\n${outcome.error}`);
      return outcome.value;
    }
    try {
      fs.mkdirSync(lock);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let owner = 0;
      try {
        owner = Number(fs.readFileSync(path.join(lock, 'owner'), 'utf8'));
      } catch {
        // the owner file is not written yet, or the lock was just released
      }
      if (owner > 0 && !pidAlive(owner)) fs.rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline)
        throw new Error(
          `waited ${timeoutMs / 1000}s for the shared test step "${name}" (lock ${lock}, held by pid ${owner})`,
          { cause: e },
        );
      else await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    try {
      fs.writeFileSync(path.join(lock, 'owner'), String(process.pid));
      let outcome: Outcome<T>;
      try {
        outcome = { value: await make() };
      } catch (e) {
        outcome = { error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
      }
      const tmp = `${resultFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(outcome));
      fs.renameSync(tmp, resultFile);
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
}
