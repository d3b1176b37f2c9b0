/**
 * Jest globalSetup: a directory for this run only, where test files share expensive work (the example org
 * synthesized offline once, one real `npm run plan` of the dev AWS stacks: test/terraform/shared.ts). Workers find
 * it through DATA_PLATFORM_TEST_RUN_DIR (they are started after this and inherit the environment). Nothing is
 * computed here: the first test file that needs a shared result makes it, so `npx jest test/aws` plans nothing.
 *
 * Also a temp directory for this run (RUN_TMP_PREFIX in test/run-dir.ts), which TMPDIR points at for every test
 * process and their children, so nothing a test leaves in os.tmpdir() outlives the run.
 *
 * Directories left by runs that were killed (their jest process is gone) are removed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pidAlive, RUN_DIR_ENV, RUN_TMP_PREFIX, SYSTEM_TMPDIR_ENV, TEST_RUNS_ROOT, TMPDIR_ENVS } from './run-dir';

/** Removes `<prefix><pid>-…` entries of `dir` whose jest process is gone. */
function removeDeadRuns(dir: string, prefix: string): void {
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (pid > 0 && !pidAlive(pid)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

export default function globalSetup(): void {
  fs.mkdirSync(TEST_RUNS_ROOT, { recursive: true });
  removeDeadRuns(TEST_RUNS_ROOT, 'run-');
  process.env[RUN_DIR_ENV] = fs.mkdtempSync(path.join(TEST_RUNS_ROOT, `run-${process.pid}-`));

  const systemTmp = os.tmpdir();
  removeDeadRuns(systemTmp, RUN_TMP_PREFIX);
  const runTmp = fs.mkdtempSync(path.join(systemTmp, `${RUN_TMP_PREFIX}${process.pid}-`));
  process.env[SYSTEM_TMPDIR_ENV] = systemTmp;
  for (const name of TMPDIR_ENVS) process.env[name] = runTmp;
}
