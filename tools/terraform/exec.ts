/** Running the terraform binary: one child process per call, output captured, never a shell. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { terraformEnv } from './cli-config';

export class TerraformNotFoundError extends Error {
  constructor(searched: string) {
    super(
      `terraform is not on PATH (searched: ${searched || '<empty PATH>'}). ` +
        'Install Terraform 1.11.x (https://developer.hashicorp.com/terraform/install) and make sure `terraform version` works; ' +
        'the AWS stacks are validated and planned with the real binary, so these checks cannot run without it.',
    );
    this.name = 'TerraformNotFoundError';
  }
}

/** The absolute path of `terraform` on PATH; throws TerraformNotFoundError if there is none. */
export function findTerraform(env: NodeJS.ProcessEnv = process.env): string {
  const searchPath = env.PATH ?? '';
  const names = process.platform === 'win32' ? ['terraform.exe', 'terraform'] : ['terraform'];
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  throw new TerraformNotFoundError(searchPath);
}

export interface TerraformResult {
  readonly args: readonly string[];
  readonly cwd: string;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

export interface RunTerraformOptions {
  readonly cwd: string;
  /** Environment of the child; default terraformEnv() (the project's CLI config). */
  readonly env?: NodeJS.ProcessEnv;
  /** Kill the process after this long; default 10 minutes. */
  readonly timeoutMs?: number;
}

/** Runs `terraform <args>` in `cwd`; resolves with the exit code (non-zero is not an exception). */
export function runTerraform(args: readonly string[], options: RunTerraformOptions): Promise<TerraformResult> {
  const env = options.env ?? terraformEnv();
  const binary = findTerraform(env);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs ?? 10 * 60_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8');
      resolve({
        args,
        cwd: options.cwd,
        code: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: signal ? `${stderr}\nterraform was killed by ${signal} (timeout?)` : stderr,
        durationMs: Date.now() - started,
      });
    });
  });
}

/** A failed terraform command as an error that says what ran, where, and what terraform said. */
export class TerraformCommandError extends Error {
  constructor(readonly result: TerraformResult) {
    const output = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-40).join('\n');
    super(`terraform ${result.args.join(' ')} failed (exit ${result.code}) in ${result.cwd}:\n${output}`);
    this.name = 'TerraformCommandError';
  }
}

/** runTerraform, throwing TerraformCommandError on a non-zero exit. */
export async function mustRunTerraform(
  args: readonly string[],
  options: RunTerraformOptions,
): Promise<TerraformResult> {
  const result = await runTerraform(args, options);
  if (result.code !== 0) throw new TerraformCommandError(result);
  return result;
}

/** `terraform version` as a string such as "1.11.4"; throws TerraformNotFoundError if terraform is missing. */
export async function terraformVersion(env: NodeJS.ProcessEnv = terraformEnv()): Promise<string> {
  const result = await mustRunTerraform(['version', '-json'], { cwd: process.cwd(), env });
  return (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version;
}
