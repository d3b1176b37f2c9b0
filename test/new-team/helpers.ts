/**
 * Temporary copies of config/ INSIDE the repository (.cache/ is git-ignored), so the copied team files' imports of
 * '../define' and of zod resolve exactly as in the real config.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG_DIR } from '../../config';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export function tempConfigCopy(): { root: string; configDir: string; cleanup: () => void } {
  const root = path.join(REPO_ROOT, '.cache', `test-new-team-${crypto.randomBytes(6).toString('hex')}`);
  const configDir = path.join(root, 'config');
  fs.mkdirSync(root, { recursive: true });
  fs.cpSync(DEFAULT_CONFIG_DIR, configDir, { recursive: true });
  return { root, configDir, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** Captures what a tool prints. */
export function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    deps: { log: (l: string) => out.push(l), error: (l: string) => err.push(l) },
    get stdout() {
      return out.join('\n');
    },
    get stderr() {
      return err.join('\n');
    },
  };
}

export function listTree(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}
