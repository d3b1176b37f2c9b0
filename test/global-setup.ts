/**
 * Jest globalSetup: a directory for this run only, where test files share expensive work (the example org
 * synthesized offline once, one real `npm run plan` of the dev AWS stacks: test/terraform/shared.ts). Workers find
 * it through DATA_PLATFORM_TEST_RUN_DIR (they are started after this and inherit the environment). Nothing is
 * computed here: the first test file that needs a shared result makes it, so `npx jest test/aws` plans nothing.
 * Directories left by runs that were killed (their jest process is gone) are removed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RUN_DIR_ENV, TEST_RUNS_ROOT, pidAlive } from './run-dir';

export default function globalSetup(): void {
  fs.mkdirSync(TEST_RUNS_ROOT, { recursive: true });
  for (const name of fs.readdirSync(TEST_RUNS_ROOT)) {
    const pid = Number(/^run-(\d+)-/.exec(name)?.[1]);
    if (pid > 0 && !pidAlive(pid)) fs.rmSync(path.join(TEST_RUNS_ROOT, name), { recursive: true, force: true });
  }
  const dir = fs.mkdtempSync(path.join(TEST_RUNS_ROOT, `run-${process.pid}-`));
  process.env[RUN_DIR_ENV] = dir;
}
