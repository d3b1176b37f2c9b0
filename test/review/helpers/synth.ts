/** In-process synthesis of the repository's config (or a modified copy of it) into a temporary directory. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  type ConfigSources,
  formatIssues,
  type PlatformConfig,
  readConfigSources,
  type TeamInput,
  validateConfig,
} from '../../../config';
import type { SynthOptions } from '../../../stacks/context';
import { synthesizePlatform } from '../../../stacks/synth';

export const OFFLINE: SynthOptions = { mode: 'offline', awsAuth: 'assume-role' };
export const LIVE: SynthOptions = { mode: 'live', awsAuth: 'assume-role' };

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function repoSources(): ConfigSources {
  return readConfigSources().sources;
}

export function validated(sources: ConfigSources): PlatformConfig {
  const result = validateConfig(sources);
  if (!result.ok) throw new Error(formatIssues(result.issues));
  return result.config;
}

/** Synthesizes (offline mode unless told) into `outdir`; returns the directory of stacks. */
export function synthesize(sources: ConfigSources, outdir: string, options: SynthOptions = OFFLINE): string {
  synthesizePlatform({ config: validated(sources), options, outdir });
  return path.join(outdir, 'stacks');
}

/** A copy of the sources with one team's raw input changed by `edit`. */
export function withTeam(sources: ConfigSources, team: string, edit: (t: TeamInput) => void): ConfigSources {
  let found = false;
  const teams = sources.teams.map((s) => {
    const value = s.value as TeamInput;
    if (value.name !== team) return s;
    found = true;
    const copy = structuredClone(value);
    edit(copy);
    return { ...s, value: copy };
  });
  if (!found) throw new Error(`no team ${team} in the config`);
  return { ...sources, teams };
}

export function stackJson(stacksDir: string, stack: string): string {
  return path.join(stacksDir, stack, 'cdk.tf.json');
}
