/**
 * Tests leave nothing in the system's temp directory: test/global-setup.ts points os.tmpdir() of every test process
 * (and of their children) at a directory of this run, which test/global-teardown.ts removes. cdktf's `Testing`
 * alone makes a `cdktf.outdir.*` directory per synthesized scope and never removes it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Testing } from 'cdktf';
import { RUN_TMP_PREFIX, SYSTEM_TMPDIR_ENV } from './run-dir';

describe("the run's temp directory", () => {
  it('is what os.tmpdir() gives in a test, directly inside the system temp directory', () => {
    const tmp = os.tmpdir();
    expect(path.basename(tmp).startsWith(`${RUN_TMP_PREFIX}`)).toBe(true);
    expect(path.dirname(tmp)).toBe(process.env[SYSTEM_TMPDIR_ENV]);
    expect(fs.statSync(tmp).isDirectory()).toBe(true);
  });

  it("holds what cdktf's Testing leaves behind", () => {
    const outdir = Testing.app().outdir;
    expect(path.dirname(outdir)).toBe(os.tmpdir());
    expect(path.basename(outdir)).toMatch(/^cdktf\.outdir\./);
  });

  it('is inherited by child processes', () => {
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("os").tmpdir())'], {
      encoding: 'utf8',
    });
    expect(child.stdout).toBe(os.tmpdir());
  });
});
