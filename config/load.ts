/**
 * Finds and loads the config files: environments.ts, platform.ts and every file in teams/ (adding a team is adding a
 * file). Loading errors (a syntax error, a missing default export) become config issues like any other.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ConfigIssue } from './errors';
import type { ConfigSource, ConfigSources } from './sources';
import { type ValidateOptions, type ValidationResult, validateConfig } from './validate';

/** The repository's own config directory (this folder). */
export const DEFAULT_CONFIG_DIR = __dirname;

function relative(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel.split(path.sep).join('/');
}

function loadModule(file: string, issues: ConfigIssue[]): ConfigSource {
  const shown = relative(file);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file);
    const value = mod && typeof mod === 'object' && 'default' in mod ? mod.default : undefined;
    if (value === undefined) {
      issues.push({
        file: shown,
        path: '',
        message: 'has no default export',
        fix: 'end the file with `export default defineTeam({...})` (or defineEnvironments / definePlatform)',
      });
    }
    return { file: shown, value };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    issues.push({
      file: shown,
      path: '',
      message: `could not be loaded: ${message}`,
      fix: 'fix the TypeScript error above; `npm run typecheck` shows it with line numbers',
    });
    return { file: shown, value: undefined };
  }
}

/** The team files in `<configDir>/teams` (`.ts`/`.js`, not `.d.ts`, not starting with `_`), sorted. */
export function listTeamFiles(configDir: string = DEFAULT_CONFIG_DIR): string[] {
  const teamsDir = path.join(configDir, 'teams');
  return fs.existsSync(teamsDir)
    ? fs
        .readdirSync(teamsDir)
        .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts') && !f.startsWith('_'))
        .sort()
    : [];
}

export function readConfigSources(configDir: string = DEFAULT_CONFIG_DIR): {
  sources: ConfigSources;
  issues: ConfigIssue[];
} {
  const issues: ConfigIssue[] = [];
  const teamsDir = path.join(configDir, 'teams');
  const teamFiles = listTeamFiles(configDir);
  const sources: ConfigSources = {
    environments: loadModule(path.resolve(configDir, 'environments.ts'), issues),
    platform: loadModule(path.resolve(configDir, 'platform.ts'), issues),
    teams: teamFiles.map((f) => loadModule(path.resolve(teamsDir, f), issues)),
  };
  return { sources, issues };
}

/** Loads and validates everything; every problem of every file comes back at once. */
export function loadConfig(configDir: string = DEFAULT_CONFIG_DIR, options: ValidateOptions = {}): ValidationResult {
  const { sources, issues } = readConfigSources(configDir);
  const loadable: ConfigSources = { ...sources, teams: sources.teams.filter((t) => t.value !== undefined) };
  if (sources.environments.value === undefined || sources.platform.value === undefined) return { ok: false, issues };
  const result = validateConfig(loadable, options);
  if (issues.length === 0) return result;
  return { ok: false, issues: [...issues, ...(result.ok ? [] : result.issues)] };
}
