/**
 * Finds and reads the config files: environments.ts, platform.ts and every `<team>.ts` in teams/ (adding a team is
 * adding a file). Files are read as data, never run (literal-source.ts); what cannot be read (a syntax error, code,
 * a file in teams/ that is not a team file) becomes config issues like any other, with line and column.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ConfigIssue } from './errors';
import { type LiteralSourceOptions, readLiteralSource } from './literal-source';
import type { ConfigSource, ConfigSources } from './sources';
import { sortByFile, type ValidateOptions, type ValidationResult, validateConfig } from './validate';

/** The repository's own config directory (this folder). */
export const DEFAULT_CONFIG_DIR = __dirname;

/** A team file: `<name>.ts`, nothing else (the name is checked against the team's `name`). */
const TEAM_FILE = /^[^.]+\.ts$/;
/** Files in teams/ that are neither team files nor a problem. */
const IGNORED_IN_TEAMS = new Set(['.gitkeep']);

const ENVIRONMENTS: LiteralSourceOptions = {
  defineModule: './define',
  exportForm: 'export default defineEnvironments({...})',
};
const PLATFORM: LiteralSourceOptions = { defineModule: './define', exportForm: 'export default definePlatform({...})' };
const TEAM: LiteralSourceOptions = { defineModule: '../define', exportForm: 'export default defineTeam({...})' };

function relative(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel.split(path.sep).join('/');
}

function readSource(file: string, options: LiteralSourceOptions, issues: ConfigIssue[]): ConfigSource {
  const shown = relative(file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    issues.push({
      file: shown,
      path: '',
      message: code === 'ENOENT' ? 'is missing' : `could not be read (${code ?? String(error)})`,
      fix: code === 'ENOENT' ? "create it (copy it from the repository's config/)" : 'check the file',
    });
    return { file: shown, value: undefined };
  }
  const read = readLiteralSource(shown, text, options);
  issues.push(...read.issues);
  return { file: shown, value: read.value, text, locations: read.locations };
}

/** A file's text, or '' when it cannot be read as text (it is reported as a stray file anyway). */
function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** What is in `<configDir>/teams`: the team files (`<name>.ts`, sorted) and everything else, which is reported. */
export function listTeamDirectory(configDir: string = DEFAULT_CONFIG_DIR): { teams: string[]; others: string[] } {
  const teamsDir = path.join(configDir, 'teams');
  if (!fs.existsSync(teamsDir)) return { teams: [], others: [] };
  const teams: string[] = [];
  const others: string[] = [];
  for (const entry of fs.readdirSync(teamsDir, { withFileTypes: true })) {
    if (IGNORED_IN_TEAMS.has(entry.name)) continue;
    (entry.isFile() && TEAM_FILE.test(entry.name) ? teams : others).push(entry.name);
  }
  return { teams: teams.sort(), others: others.sort() };
}

/** The team files in `<configDir>/teams` (`<name>.ts`), sorted. */
export function listTeamFiles(configDir: string = DEFAULT_CONFIG_DIR): string[] {
  return listTeamDirectory(configDir).teams;
}

/** A file in teams/ that is not `<name>.ts` would be ignored without a word: it is an error instead. */
function strayFileIssue(teamsDir: string, name: string): ConfigIssue {
  const file = relative(path.join(teamsDir, name));
  const isDirectory = fs.statSync(path.join(teamsDir, name)).isDirectory();
  const stem = name.replace(/^[._]+/, '').replace(/\..*$/, '');
  const script = /\.(m?ts|c?ts|tsx|jsx|m?js|cjs)$/.test(name) || name.endsWith('.d.ts');
  return {
    file,
    path: '',
    message: isDirectory
      ? 'is a directory: config/teams holds only team files, one <name>.ts per team'
      : script
        ? 'is not loaded: a team file is <name>.ts (plain .ts, one `export default defineTeam({...})`)'
        : 'is not a team file: config/teams holds only team files, one <name>.ts per team',
    given: name,
    allowed: '<name>.ts, e.g. growth.ts',
    fix:
      script && stem && !isDirectory
        ? `rename it to ${relative(path.join(teamsDir, `${stem}.ts`))}, or move it out of config/teams`
        : 'move it out of config/teams',
  };
}

export function readConfigSources(configDir: string = DEFAULT_CONFIG_DIR): {
  sources: ConfigSources;
  issues: ConfigIssue[];
} {
  const issues: ConfigIssue[] = [];
  const teamsDir = path.join(configDir, 'teams');
  const { teams, others } = listTeamDirectory(configDir);
  const sources: ConfigSources = {
    environments: readSource(path.resolve(configDir, 'environments.ts'), ENVIRONMENTS, issues),
    platform: readSource(path.resolve(configDir, 'platform.ts'), PLATFORM, issues),
    teams: teams.map((f) => readSource(path.resolve(teamsDir, f), TEAM, issues)),
    otherFiles: others.flatMap((name) => {
      const file = path.join(teamsDir, name);
      return fs.statSync(file).isFile() ? [{ file: relative(file), value: undefined, text: readText(file) }] : [];
    }),
  };
  issues.push(...others.map((name) => strayFileIssue(teamsDir, name)));
  return { sources, issues };
}

/** Loads and validates everything; every problem of every file comes back at once. */
export function loadConfig(configDir: string = DEFAULT_CONFIG_DIR, options: ValidateOptions = {}): ValidationResult {
  const { sources, issues } = readConfigSources(configDir);
  if (sources.environments.value === undefined || sources.platform.value === undefined)
    return { ok: false, issues: sortByFile(issues, sources) };
  const result = validateConfig(sources, options);
  if (issues.length === 0) return result;
  return { ok: false, issues: sortByFile([...issues, ...(result.ok ? [] : result.issues)], sources) };
}
