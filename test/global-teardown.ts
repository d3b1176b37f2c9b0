/** Jest globalTeardown: removes this run's shared and temp directories (see test/global-setup.ts). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RUN_DIR_ENV, RUN_TMP_PREFIX, SYSTEM_TMPDIR_ENV, TMPDIR_ENVS } from './run-dir';

export default function globalTeardown(): void {
  const dir = process.env[RUN_DIR_ENV];
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  const systemTmp = process.env[SYSTEM_TMPDIR_ENV];
  const runTmp = os.tmpdir();
  if (systemTmp && path.basename(runTmp).startsWith(RUN_TMP_PREFIX)) {
    fs.rmSync(runTmp, { recursive: true, force: true });
    for (const name of TMPDIR_ENVS) process.env[name] = systemTmp;
  }
}
