/**
 * Keeping a CI job's OIDC web-identity token fresh. CircleCI's tokens live one hour; Terraform's AWS SDK reads the
 * token file AWS_WEB_IDENTITY_TOKEN_FILE points at whenever it assumes the role (each terraform process, at start and
 * when its credentials expire). A job that plans or applies for longer than that rewrites the file between stacks:
 * DATA_PLATFORM_OIDC_REFRESH_COMMAND (CI: `circleci run oidc get --claims '{"aud":"<org id>"}'`) prints a fresh token,
 * and it is run when the file is older than DATA_PLATFORM_OIDC_REFRESH_SECONDS (default 2700 s = 45 min).
 * Without both variables nothing happens (a person's credentials, offline runs, tests).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';

export const REFRESH_COMMAND_ENV = 'DATA_PLATFORM_OIDC_REFRESH_COMMAND';
export const REFRESH_SECONDS_ENV = 'DATA_PLATFORM_OIDC_REFRESH_SECONDS';
export const DEFAULT_REFRESH_SECONDS = 45 * 60;

export class TokenRefreshError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenRefreshError';
  }
}

export interface TokenRefresher {
  /** Rewrites the token file if it is due; resolves true when it did. Serialised: concurrent callers share one run. */
  refreshIfDue(): Promise<boolean>;
}

const NONE: TokenRefresher = { refreshIfDue: async () => false };

function runCommand(command: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('sh', ['-c', command], { env, timeout: 60_000, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new TokenRefreshError(`${command} failed: ${(stderr || error.message).trim()}`));
      else resolve(stdout.trim());
    });
  });
}

/** A refresher for `env` (see the file comment), or one that never does anything when it is not configured. */
export function tokenRefresher(env: NodeJS.ProcessEnv = process.env, now: () => number = Date.now): TokenRefresher {
  const file = env.AWS_WEB_IDENTITY_TOKEN_FILE;
  const command = env[REFRESH_COMMAND_ENV];
  if (!file || !command) return NONE;
  const raw = env[REFRESH_SECONDS_ENV];
  const seconds = raw === undefined || raw === '' ? DEFAULT_REFRESH_SECONDS : Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new TokenRefreshError(`${REFRESH_SECONDS_ENV} must be a number of seconds, got "${raw}"`);
  }
  let running: Promise<boolean> | undefined;
  const due = () => {
    try {
      return now() - fs.statSync(file).mtimeMs >= seconds * 1000;
    } catch {
      return true; // no token file yet
    }
  };
  const refresh = async () => {
    const token = await runCommand(command, env);
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) {
      throw new TokenRefreshError(`${command} printed no token (expected a JWT on stdout)`);
    }
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${token}\n`, { mode: 0o600 });
    fs.renameSync(tmp, file);
    return true;
  };
  return {
    refreshIfDue() {
      if (running) return running;
      if (!due()) return Promise.resolve(false);
      running = refresh().finally(() => {
        running = undefined;
      });
      return running;
    },
  };
}
