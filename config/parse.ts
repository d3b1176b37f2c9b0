/**
 * Each config file parsed once with its schema (config/schema.ts): typed values for the files that are valid on
 * their own, config issues for the others. Cross-file checks (config/checks/) and the resolver work on this.
 */
import { isRecord } from '../domain/json';
import type { ConfigIssue } from './errors';
import { parseWith } from './issues/zod';
import {
  type Environment,
  environmentSchema,
  nameSchema,
  type Platform,
  platformSchema,
  type Team,
  teamSchema,
} from './schema';
import type { ConfigSources } from './sources';

/** Environment names prefix every generated name, so they are kept short. */
const ENVIRONMENT_NAME_MAX = 12;

/**
 * Not environment names: `default` is the fallback key of per-environment values (`{ default: 10, prod: 60 }`), and
 * `constructor` is a key every JavaScript object already has.
 */
export const RESERVED_ENVIRONMENT_NAMES: readonly string[] = ['default', 'constructor'];

export interface ParsedTeam {
  readonly file: string;
  readonly team: Team;
  /** Environments the team is deployed to, in environment order: its `environments`, or all of them. */
  readonly environmentNames: readonly string[];
}

export interface ParsedConfig {
  readonly files: { readonly environments: string; readonly platform: string };
  /** The environments that are valid, in file order. */
  readonly environments: readonly Environment[];
  /**
   * Every environment the file declares under a valid name, valid body or not: what per-environment keys and a
   * team's `environments` may name (an environment with a mistake in its body is still an environment).
   */
  readonly declaredEnvironmentNames: readonly string[];
  /** Undefined when the platform file is invalid. */
  readonly platform?: Platform;
  /** The teams whose file is valid, sorted by name. */
  readonly teams: readonly ParsedTeam[];
  /** Names of teams whose file is invalid: references to them are not reported again as unknown. */
  readonly invalidTeamNames: ReadonlySet<string>;
}

export function parseSources(sources: ConfigSources): { parsed: ParsedConfig; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const { environments, declared } = parseEnvironments(sources, issues);
  const envNames = environments.map((e) => e.name);

  const platformResult = parseWith(sources.platform.file, platformSchema, sources.platform.value);
  issues.push(...platformResult.issues);
  const platform = 'data' in platformResult ? platformResult.data : undefined;

  const teams: ParsedTeam[] = [];
  const invalidTeamNames = new Set<string>();
  for (const source of sources.teams) {
    if (source.value === undefined) {
      // The file could not be read as data (its problems are reported): references to it are not unknown teams.
      invalidTeamNames.add(source.file.replace(/^.*\//, '').replace(/\.ts$/, ''));
      continue;
    }
    const result = parseWith(source.file, teamSchema, source.value);
    if (!('data' in result)) {
      issues.push(...result.issues);
      const name = (source.value as { name?: unknown } | undefined)?.name;
      if (typeof name === 'string') invalidTeamNames.add(name);
      continue;
    }
    const team = result.data;
    const environmentNames = team.environments ? envNames.filter((e) => team.environments!.includes(e)) : envNames;
    teams.push({ file: source.file, team, environmentNames });
  }
  teams.sort((a, b) => a.team.name.localeCompare(b.team.name));

  return {
    parsed: {
      files: { environments: sources.environments.file, platform: sources.platform.file },
      environments,
      declaredEnvironmentNames: declared,
      platform,
      teams,
      invalidTeamNames,
    },
    issues,
  };
}

/** Environment names are keys, so they are checked apart from each environment's body. */
function parseEnvironments(
  sources: ConfigSources,
  issues: ConfigIssue[],
): { environments: Environment[]; declared: string[] } {
  const file = sources.environments.file;
  const value = sources.environments.value;
  if (!isRecord(value)) {
    issues.push({
      file,
      path: '',
      message: 'must default-export an object of environments',
      given: value,
      fix: 'export default defineEnvironments({ dev: {...}, ... })',
    });
    return { environments: [], declared: [] };
  }
  const entries = Object.entries(value);
  if (entries.length === 0)
    issues.push({ file, path: '', message: 'needs at least one environment', fix: 'add dev, staging and prod' });
  const environments: Environment[] = [];
  const declared: string[] = [];
  for (const [name, body] of entries) {
    const nameCheck = nameSchema
      .max(ENVIRONMENT_NAME_MAX, {
        message: `must be at most ${ENVIRONMENT_NAME_MAX} characters (it prefixes every name)`,
      })
      .refine((n) => !RESERVED_ENVIRONMENT_NAMES.includes(n), {
        message: `is reserved (${RESERVED_ENVIRONMENT_NAMES.join(', ')}: "default" is the fallback key of per-environment values)`,
      })
      .safeParse(name);
    if (!nameCheck.success) {
      issues.push({
        file,
        path: name,
        // The first problem only (a too-long name of capitals is also not of the pattern); zod reports at least one.
        message: `environment name ${nameCheck.error.issues[0]?.message ?? 'is not a valid name'}`,
        given: name,
        fix: 'rename the environment key',
      });
    }
    if (nameCheck.success) declared.push(name);
    const result = parseWith(file, environmentSchema, body, [name]);
    issues.push(...result.issues);
    if ('data' in result && nameCheck.success) environments.push({ ...result.data, name });
  }
  return { environments, declared };
}
