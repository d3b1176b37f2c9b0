/**
 * Validation of the whole configuration: the zod schemas per file, then cross-checks that need several files
 * (references, duplicates, generated-name limits). Collects every problem before returning; builds nothing.
 */
import type { z } from 'zod';
import { type ConfigIssue, formatPath } from './errors';
import {
  LIMITS,
  platformAwsNames,
  platformSnowflakeNames,
  snowflakePrefix,
  stackNames,
  teamAwsNames,
  teamSnowflakeNames,
} from './naming';
import {
  type Environment,
  environmentSchema,
  nameSchema,
  type PerEnvironment,
  type Platform,
  platformSchema,
  type SuppressionConfig,
  type Team,
  teamSchema,
} from './schema';

export interface ConfigSource {
  /** Repository-relative path, used in every message about this file. */
  readonly file: string;
  readonly value: unknown;
}

export interface ConfigSources {
  readonly environments: ConfigSource;
  readonly platform: ConfigSource;
  readonly teams: readonly ConfigSource[];
}

/** A guardrail rule, as far as config validation needs to know it (to check suppressions). */
export interface KnownRule {
  readonly id: string;
  readonly unsuppressible?: boolean;
}

export interface ValidateOptions {
  /** Rules that suppressions may name; when omitted, suppressions' rule ids are not checked. */
  readonly rules?: readonly KnownRule[];
}

export const MIN_SUPPRESSION_REASON_LENGTH = 20;

export interface EnvironmentConfig extends Environment {
  /** Prefix of account-level Snowflake names in this environment (`DEV_`, or empty). */
  readonly snowflakePrefix: string;
}

export interface TeamConfig extends Team {
  /** Repository-relative path of the team's file. */
  readonly file: string;
  /** Environments the team is deployed to, in environment order. */
  readonly environmentNames: readonly string[];
}

export interface PlatformConfig {
  readonly platform: Platform & { readonly file: string };
  readonly environments: readonly EnvironmentConfig[];
  /** Sorted by name, so the order of files on disk never matters. */
  readonly teams: readonly TeamConfig[];
}

export type ValidationResult = { ok: true; config: PlatformConfig } | { ok: false; issues: ConfigIssue[] };

/** The value of a per-environment setting in one environment (`default` when the environment is not named). */
export function forEnvironment<T>(value: PerEnvironment<T> | undefined, env: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, T>;
    return env in record ? record[env] : record.default;
  }
  return value as T;
}

// --------------------------------------------------------------------------------------------- zod -> ConfigIssue

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = levenshtein(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** The object keys a schema accepts at `path`, to suggest the intended field for a typo. */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  // zod 4 keeps the structure in `_zod.def`; unwrap optional/default/array wrappers on the way down.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- zod's internal definitions have no public type
  let current: any = schema;
  const unwrap = () => {
    for (let i = 0; i < 10 && current; i++) {
      const def = current._zod?.def;
      if (!def) return;
      if (['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch'].includes(def.type))
        current = def.innerType;
      else if (def.type === 'pipe') current = def.in;
      else return;
    }
  };
  for (const part of path) {
    unwrap();
    const def = current?._zod?.def;
    if (!def) return [];
    if (def.type === 'object') current = def.shape[part as string];
    else if (def.type === 'array') current = def.element;
    else return [];
  }
  unwrap();
  const def = current?._zod?.def;
  return def?.type === 'object' ? Object.keys(def.shape) : [];
}

interface LimitIssue {
  readonly code: 'too_small' | 'too_big';
  readonly origin: string;
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly inclusive?: boolean;
}

/** zod's default "Too small: expected number to be >0" as a plain sentence. */
function limitMessage(issue: LimitIssue): string {
  const small = issue.code === 'too_small';
  const limit = String(small ? issue.minimum : issue.maximum);
  if (issue.origin === 'string') return `must be ${small ? 'at least' : 'at most'} ${limit} characters long`;
  if (issue.origin === 'array' || issue.origin === 'set')
    return `must have ${small ? 'at least' : 'at most'} ${limit} entries`;
  if (small) return issue.inclusive ? `must be at least ${limit}` : `must be greater than ${limit}`;
  return issue.inclusive ? `must be at most ${limit}` : `must be less than ${limit}`;
}

function zodIssues(file: string, schema: z.ZodType, value: unknown, prefix: PropertyKey[] = []): ConfigIssue[] {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return [];
  const out: ConfigIssue[] = [];
  for (const raw of result.error.issues) {
    // perEnvironment() re-raises its inner issues as custom ones carrying the original details in params.
    const params = raw.code === 'custom' ? (raw as { params?: Record<string, unknown> }).params : undefined;
    const issue = (params?.code ? { ...raw, ...params } : raw) as typeof raw;
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      const known = keysAt(schema, issue.path);
      for (const key of issue.keys) {
        const guess = closest(key, known);
        out.push({
          file,
          path: formatPath([...path, key]),
          message: `unknown field "${key}"${guess ? ` (did you mean "${guess}"?)` : ''}`,
          allowed: known.length ? `fields here: ${known.join(', ')}` : undefined,
          fix: guess ? `rename "${key}" to "${guess}"` : `remove "${key}"`,
        });
      }
      continue;
    }
    const given = (issue as { input?: unknown }).input;
    if (issue.code === 'invalid_type' && given === undefined) {
      out.push({
        file,
        path: formatPath(path),
        message: `is required (expected ${issue.expected})`,
        fix: 'add this field',
      });
      continue;
    }
    if (issue.code === 'invalid_value') {
      const values = (issue as { values?: readonly unknown[] }).values ?? [];
      const allowed = values.map(String).join(', ');
      if (given === undefined) {
        out.push({
          file,
          path: formatPath(path),
          message: 'is required',
          allowed,
          fix: 'add this field with one of the allowed values',
        });
        continue;
      }
      const guess = typeof given === 'string' ? closest(given, values.map(String)) : undefined;
      out.push({
        file,
        path: formatPath(path),
        message: 'is not an allowed value',
        given,
        allowed,
        fix: guess ? `use "${guess}"` : 'use one of the allowed values',
      });
      continue;
    }
    if ((issue.code === 'too_small' || issue.code === 'too_big') && /^Too (small|big)/.test(issue.message)) {
      out.push({ file, path: formatPath(path), message: limitMessage(issue as unknown as LimitIssue), given });
      continue;
    }
    out.push({ file, path: formatPath(path), message: issue.message.replace(/^Invalid input: /, ''), given });
  }
  return out;
}

// --------------------------------------------------------------------------------------------- validation

export function validateConfig(sources: ConfigSources, options: ValidateOptions = {}): ValidationResult {
  const issues: ConfigIssue[] = [];
  const envFile = sources.environments.file;
  const platformFile = sources.platform.file;
  for (const source of [sources.environments, sources.platform, ...sources.teams])
    findPrivateKeys(issues, source.file, source.value);

  // Environments: names are keys, so check them separately from each environment's body.
  const environments: EnvironmentConfig[] = [];
  const envValue = sources.environments.value;
  if (typeof envValue !== 'object' || envValue === null || Array.isArray(envValue)) {
    issues.push({
      file: envFile,
      path: '',
      message: 'must default-export an object of environments',
      given: envValue,
      fix: 'export default defineEnvironments({ dev: {...}, ... })',
    });
  } else {
    const entries = Object.entries(envValue as Record<string, unknown>);
    if (entries.length === 0)
      issues.push({
        file: envFile,
        path: '',
        message: 'needs at least one environment',
        fix: 'add dev, staging and prod',
      });
    const parsed: Array<Environment> = [];
    for (const [name, body] of entries) {
      const nameCheck = nameSchema
        .max(12, { message: 'must be at most 12 characters (it prefixes every name)' })
        .safeParse(name);
      if (!nameCheck.success) {
        issues.push({
          file: envFile,
          path: name,
          message: `environment name ${nameCheck.error.issues[0].message}`,
          given: name,
          fix: 'rename the environment key',
        });
      }
      const issuesBefore = issues.length;
      issues.push(...zodIssues(envFile, environmentSchema, body, [name]));
      if (issues.length === issuesBefore && nameCheck.success) parsed.push({ ...environmentSchema.parse(body), name });
    }
    const sharedCount = new Map<string, number>();
    for (const e of parsed) {
      const key = `${e.snowflake.organizationName}.${e.snowflake.accountName}`;
      sharedCount.set(key, (sharedCount.get(key) ?? 0) + 1);
    }
    for (const e of parsed) {
      const shares = (sharedCount.get(`${e.snowflake.organizationName}.${e.snowflake.accountName}`) ?? 0) > 1;
      environments.push({ ...e, snowflakePrefix: snowflakePrefix(e.name, shares) });
    }
    duplicates(
      environments,
      (e) => e.aws.accountId,
      (e, other) =>
        issues.push({
          file: envFile,
          path: `${e.name}.aws.accountId`,
          message: `is also the account of environment "${other.name}": every environment needs its own AWS account`,
          given: e.aws.accountId,
        }),
    );
    duplicates(
      environments,
      (e) => e.aws.accountEmail.toLowerCase(),
      (e, other) =>
        issues.push({
          file: envFile,
          path: `${e.name}.aws.accountEmail`,
          message: `is also the email of environment "${other.name}": AWS requires a unique email per account`,
          given: e.aws.accountEmail,
        }),
    );
  }
  const envNames = environments.map((e) => e.name);

  // Platform.
  const platformIssues = zodIssues(platformFile, platformSchema, sources.platform.value);
  issues.push(...platformIssues);
  const platform = platformIssues.length === 0 ? platformSchema.parse(sources.platform.value) : undefined;
  if (platform) {
    checkPerEnvironment(
      issues,
      platformFile,
      'snowflake.biWarehouse.size',
      platform.snowflake.biWarehouse.size,
      envNames,
    );
    checkPerEnvironment(
      issues,
      platformFile,
      'snowflake.biWarehouse.monthlyCreditQuota',
      platform.snowflake.biWarehouse.monthlyCreditQuota,
      envNames,
    );
    for (const e of environments) {
      if (!platform.aws.allowedRegions.includes(e.aws.region)) {
        issues.push({
          file: envFile,
          path: `${e.name}.aws.region`,
          message: "is not in the platform's allowed regions",
          given: e.aws.region,
          allowed: platform.aws.allowedRegions.join(', '),
          fix: `use an allowed region or add it to aws.allowedRegions in ${platformFile}`,
        });
      }
      if (e.aws.accountId === platform.aws.managementAccountId) {
        issues.push({
          file: envFile,
          path: `${e.name}.aws.accountId`,
          message: 'is the management account: workloads must run in member accounts',
          given: e.aws.accountId,
        });
      }
    }
    const m = platform.guardrails.resourceMonitor;
    const thresholds = [...m.notifyPercents, m.suspendPercent, m.suspendImmediatePercent];
    if (thresholds.some((t, i) => i > 0 && t <= thresholds[i - 1])) {
      issues.push({
        file: platformFile,
        path: 'guardrails.resourceMonitor',
        message: 'thresholds must be strictly ascending: notify < suspend < suspendImmediate',
        given: m,
      });
    }
    for (const [i, user] of platform.snowflake.biServiceUsers.entries()) {
      checkLength(
        issues,
        platformFile,
        `snowflake.biServiceUsers[${i}].name`,
        'Snowflake user name',
        LIMITS.snowflakeIdentifier,
        ...environments.map((e) => platformSnowflakeNames(e.snowflakePrefix).biUser(user.name)),
      );
    }
    duplicates(
      platform.snowflake.biServiceUsers,
      (u) => u.name,
      (_u, _o, i) =>
        issues.push({
          file: platformFile,
          path: `snowflake.biServiceUsers[${i}].name`,
          message: 'is declared twice',
          given: _u.name,
        }),
    );
    checkLength(
      issues,
      platformFile,
      'namePrefix',
      'IAM role name',
      LIMITS.iamRole,
      platformAwsNames(platform.namePrefix).deployRole,
    );
  }

  // Teams, file by file.
  const teams: TeamConfig[] = [];
  // Teams whose file has errors of its own: references to them are not reported again as "unknown team".
  const invalidTeamNames = new Set<string>();
  for (const source of sources.teams) {
    const before = issues.length;
    issues.push(...zodIssues(source.file, teamSchema, source.value));
    if (issues.length !== before) {
      const name = (source.value as { name?: unknown } | undefined)?.name;
      if (typeof name === 'string') invalidTeamNames.add(name);
      continue;
    }
    const team = teamSchema.parse(source.value);
    const stem = source.file.replace(/^.*\//, '').replace(/\.[jt]s$/, '');
    if (team.name !== stem) {
      issues.push({
        file: source.file,
        path: 'name',
        message: 'must match the file name',
        given: team.name,
        allowed: JSON.stringify(stem),
        fix: `rename the file to config/teams/${team.name}.ts or set name: '${stem}'`,
      });
    }
    for (const [i, env] of (team.environments ?? []).entries()) {
      if (!envNames.includes(env)) {
        issues.push({
          file: source.file,
          path: `environments[${i}]`,
          message: 'is not a configured environment',
          given: env,
          allowed: envNames.join(', '),
        });
      }
    }
    const environmentNames = team.environments ? envNames.filter((e) => team.environments!.includes(e)) : envNames;
    teams.push({ ...team, file: source.file, environmentNames });
  }
  teams.sort((a, b) => a.name.localeCompare(b.name));

  // Team names: exact and near-duplicates (they become confusable Snowflake names).
  duplicates(
    teams,
    (t) => t.name,
    (t, other) =>
      issues.push({
        file: t.file,
        path: 'name',
        message: `is also the name of the team in ${other.file}`,
        given: t.name,
        fix: 'team names must be unique; pick another name',
      }),
  );
  duplicates(
    teams,
    (t) => t.name.replace(/[-_]/g, ''),
    (t, other) => {
      if (t.name !== other.name) {
        issues.push({
          file: t.file,
          path: 'name',
          message: `collides with team "${other.name}" (${other.file}) once "-" is dropped: their Snowflake and AWS names would be confused`,
          given: t.name,
          fix: 'pick a clearly different name',
        });
      }
    },
  );

  const teamsByName = new Map(teams.map((t) => [t.name, t]));
  for (const team of teams) checkTeam(issues, team, teamsByName, invalidTeamNames, environments, platform);
  if (platform) checkGeneratedNameCollisions(issues, teams, environments, platform);
  checkStackNames(issues, teams, environments, envFile);
  checkSuppressions(issues, platformFile, platform?.suppressions ?? [], options);
  for (const team of teams) checkSuppressions(issues, team.file, team.suppressions, options);

  if (issues.length > 0 || !platform) return { ok: false, issues };
  return { ok: true, config: { platform: { ...platform, file: platformFile }, environments, teams } };
}

function checkTeam(
  issues: ConfigIssue[],
  team: TeamConfig,
  teamsByName: Map<string, TeamConfig>,
  invalidTeamNames: ReadonlySet<string>,
  environments: readonly EnvironmentConfig[],
  platform: Platform | undefined,
): void {
  const file = team.file;
  const sf = team.snowflake;
  const envNames = environments.map((e) => e.name);

  duplicates(
    sf.schemas,
    (s) => s.name,
    (s, _o, i) =>
      issues.push({ file, path: `snowflake.schemas[${i}].name`, message: 'is declared twice', given: s.name }),
  );
  duplicates(
    sf.warehouses,
    (w) => w.name,
    (w, _o, i) =>
      issues.push({ file, path: `snowflake.warehouses[${i}].name`, message: 'is declared twice', given: w.name }),
  );
  duplicates(
    sf.serviceUsers,
    (u) => u.name,
    (u, _o, i) =>
      issues.push({ file, path: `snowflake.serviceUsers[${i}].name`, message: 'is declared twice', given: u.name }),
  );
  duplicates(
    sf.members,
    (m) => m,
    (m, _o, i) => issues.push({ file, path: `snowflake.members[${i}]`, message: 'is listed twice', given: m }),
  );
  duplicates(
    team.aws.ecrRepositories,
    (r) => r.name,
    (r, _o, i) =>
      issues.push({ file, path: `aws.ecrRepositories[${i}].name`, message: 'is declared twice', given: r.name }),
  );
  duplicates(
    team.aws.circleciProjectIds,
    (p) => p,
    (p, _o, i) => issues.push({ file, path: `aws.circleciProjectIds[${i}]`, message: 'is listed twice', given: p }),
  );

  for (const [i, w] of sf.warehouses.entries()) {
    const at = `snowflake.warehouses[${i}]`;
    checkPerEnvironment(issues, file, `${at}.size`, w.size, envNames);
    checkPerEnvironment(issues, file, `${at}.monthlyCreditQuota`, w.monthlyCreditQuota, envNames);
    checkPerEnvironment(issues, file, `${at}.maxClusterCount`, w.maxClusterCount, envNames);
    if (platform && w.autoSuspendSeconds > platform.guardrails.maxAutoSuspendSeconds) {
      issues.push({
        file,
        path: `${at}.autoSuspendSeconds`,
        message: 'is above the platform guardrail (an idle warehouse burns credits)',
        given: w.autoSuspendSeconds,
        allowed: `1 to ${platform.guardrails.maxAutoSuspendSeconds}`,
        fix: 'lower it; 60 suits most workloads',
      });
    }
  }
  for (const [i, u] of sf.serviceUsers.entries()) {
    if (u.defaultWarehouse && !sf.warehouses.some((w) => w.name === u.defaultWarehouse)) {
      issues.push({
        file,
        path: `snowflake.serviceUsers[${i}].defaultWarehouse`,
        message: "is not one of this team's warehouses",
        given: u.defaultWarehouse,
        allowed: sf.warehouses.map((w) => w.name).join(', ') || '(none declared)',
      });
    }
    if (!u.defaultWarehouse && sf.warehouses.length === 0) {
      issues.push({
        file,
        path: `snowflake.serviceUsers[${i}]`,
        message: 'needs a warehouse to run queries, and the team declares none',
        fix: 'add a warehouse under snowflake.warehouses',
      });
    }
  }

  const seenReads = new Set<string>();
  for (const [i, ref] of sf.reads.entries()) {
    const at = `snowflake.reads[${i}]`;
    const match = /^([a-z][a-z0-9-]*)\.([A-Z][A-Z0-9_]*)$/.exec(ref);
    if (!match) {
      issues.push({
        file,
        path: at,
        message: 'must name a dataset as "<team>.<SCHEMA>"',
        given: ref,
        fix: 'e.g. "data-integration.CURATED"',
      });
      continue;
    }
    const [, producerName, schema] = match;
    if (seenReads.has(ref)) issues.push({ file, path: at, message: 'is listed twice', given: ref });
    seenReads.add(ref);
    if (producerName === team.name) {
      issues.push({
        file,
        path: at,
        message: "is the team's own data: the team role already writes its own schemas",
        given: ref,
        fix: 'remove this entry',
      });
      continue;
    }
    const producer = teamsByName.get(producerName);
    if (!producer && invalidTeamNames.has(producerName)) continue;
    if (!producer) {
      issues.push({
        file,
        path: at,
        message: `names a team that does not exist`,
        given: ref,
        allowed: [...teamsByName.keys()].filter((n) => n !== team.name).join(', '),
        fix: 'check the spelling, or add the producing team first',
      });
      continue;
    }
    if (!producer.snowflake.schemas.some((s) => s.name === schema)) {
      issues.push({
        file,
        path: at,
        message: `names a schema that team "${producerName}" does not have`,
        given: ref,
        allowed: producer.snowflake.schemas.map((s) => `${producerName}.${s.name}`).join(', '),
      });
      continue;
    }
    const missing = team.environmentNames.filter((e) => !producer.environmentNames.includes(e));
    if (missing.length) {
      issues.push({
        file,
        path: at,
        message: `team "${producerName}" is not deployed to ${missing.join(', ')}, where this team is`,
        given: ref,
      });
    }
  }

  if (!platform) return;
  for (const env of environments.filter((e) => team.environmentNames.includes(e.name))) {
    const sfNames = teamSnowflakeNames(env.snowflakePrefix, team.name);
    const awsNames = teamAwsNames(platform.namePrefix, env.name, team.name);
    checkLength(issues, file, 'name', 'Snowflake identifier', LIMITS.snowflakeIdentifier, sfNames.pipelineRole);
    for (const [i, w] of sf.warehouses.entries())
      checkLength(
        issues,
        file,
        `snowflake.warehouses[${i}].name`,
        'Snowflake identifier',
        LIMITS.snowflakeIdentifier,
        sfNames.monitor(w.name),
      );
    for (const [i, u] of sf.serviceUsers.entries())
      checkLength(
        issues,
        file,
        `snowflake.serviceUsers[${i}].name`,
        'Snowflake identifier',
        LIMITS.snowflakeIdentifier,
        sfNames.networkPolicy(u.name),
      );
    if (team.aws.dataBucket) checkLength(issues, file, 'name', 'S3 bucket name', LIMITS.s3Bucket, awsNames.dataBucket);
    checkLength(issues, file, 'name', 'IAM role name', LIMITS.iamRole, awsNames.ciRole);
    for (const [i, r] of team.aws.ecrRepositories.entries())
      checkLength(
        issues,
        file,
        `aws.ecrRepositories[${i}].name`,
        'ECR repository name',
        LIMITS.ecrRepository,
        awsNames.ecrRepository(r.name),
      );
  }
}

/** Generated names must be unique where the service needs them unique (per account or globally). */
function checkGeneratedNameCollisions(
  issues: ConfigIssue[],
  teams: readonly TeamConfig[],
  environments: readonly EnvironmentConfig[],
  platform: Platform,
): void {
  const seen = new Map<string, string>();
  const claim = (key: string, owner: string, file: string, path: string, name: string) => {
    const previous = seen.get(key);
    if (previous && previous !== owner) {
      issues.push({
        file,
        path,
        message: `generates the name "${name}", which ${previous} also generates`,
        given: name,
        fix: 'rename one of them',
      });
    } else seen.set(key, owner);
  };
  for (const env of environments) {
    const account = `${env.snowflake.organizationName}.${env.snowflake.accountName}`;
    const platformNames = platformSnowflakeNames(env.snowflakePrefix);
    for (const n of [platformNames.adminRole, platformNames.biReaderRole])
      seen.set(`${account}/role/${n}`, 'the platform');
    seen.set(`${account}/warehouse/${platformNames.biWarehouse}`, 'the platform');
    for (const u of platform.snowflake.biServiceUsers)
      seen.set(`${account}/user/${platformNames.biUser(u.name)}`, 'the platform');
    for (const team of teams.filter((t) => t.environmentNames.includes(env.name))) {
      const n = teamSnowflakeNames(env.snowflakePrefix, team.name);
      const owner = `team "${team.name}"`;
      claim(`${account}/database/${n.database}`, owner, team.file, 'name', n.database);
      claim(`${account}/role/${n.teamRole}`, owner, team.file, 'name', n.teamRole);
      claim(`${account}/role/${n.pipelineRole}`, owner, team.file, 'name', n.pipelineRole);
      for (const [i, w] of team.snowflake.warehouses.entries())
        claim(
          `${account}/warehouse/${n.warehouse(w.name)}`,
          owner,
          team.file,
          `snowflake.warehouses[${i}].name`,
          n.warehouse(w.name),
        );
      for (const [i, u] of team.snowflake.serviceUsers.entries())
        claim(
          `${account}/user/${n.serviceUser(u.name)}`,
          owner,
          team.file,
          `snowflake.serviceUsers[${i}].name`,
          n.serviceUser(u.name),
        );
      const aws = teamAwsNames(platform.namePrefix, env.name, team.name);
      if (team.aws.dataBucket) claim(`s3/${aws.dataBucket}`, owner, team.file, 'name', aws.dataBucket);
    }
  }
}

/** Fields whose schema already rejects a private key with a precise message. */
const KEY_FIELDS = ['rsaPublicKey', 'rsaPublicKey2'];

/** A private key pasted anywhere (a comment, a description...) would be committed: find it in every string. */
function findPrivateKeys(issues: ConfigIssue[], file: string, value: unknown, path: PropertyKey[] = []): void {
  if (path.length > 20) return;
  if (typeof value === 'string') {
    if (/PRIVATE KEY/i.test(value) && !KEY_FIELDS.includes(String(path[path.length - 1]))) {
      issues.push({
        file,
        path: formatPath(path),
        message:
          'contains a PRIVATE KEY. Never commit a private key: rotate this key pair now and remove it from the file (and from git history)',
      });
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => findPrivateKeys(issues, file, v, [...path, i]));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) findPrivateKeys(issues, file, v, [...path, k]);
  }
}

/**
 * Stack names join environment and team with "-", so environment "dev-data" + team "integration" and environment
 * "dev" + team "data-integration" would both make "dev-data-integration-aws": two stacks, one state key.
 */
function checkStackNames(
  issues: ConfigIssue[],
  teams: readonly TeamConfig[],
  environments: readonly EnvironmentConfig[],
  envFile: string,
): void {
  const owners = new Map<string, string>([[stackNames.organization, 'the organization stack']]);
  const claim = (stack: string, owner: string, file: string, path: string) => {
    const previous = owners.get(stack);
    if (previous === undefined) owners.set(stack, owner);
    else
      issues.push({
        file,
        path,
        message: `makes the stack name "${stack}", which ${previous} also makes (stacks and their state keys must be unique)`,
        given: stack,
        fix: 'rename the team or the environment so the joined names differ',
      });
  };
  for (const env of environments) {
    claim(stackNames.platformAws(env.name), `environment "${env.name}"`, envFile, env.name);
    claim(stackNames.platformSnowflake(env.name), `environment "${env.name}"`, envFile, env.name);
  }
  for (const env of environments) {
    for (const team of teams.filter((t) => t.environmentNames.includes(env.name))) {
      const owner = `team "${team.name}" in environment "${env.name}"`;
      claim(stackNames.teamAws(env.name, team.name), owner, team.file, 'name');
      claim(stackNames.teamSnowflake(env.name, team.name), owner, team.file, 'name');
    }
  }
}

function checkSuppressions(
  issues: ConfigIssue[],
  file: string,
  suppressions: readonly SuppressionConfig[],
  options: ValidateOptions,
): void {
  for (const [i, s] of suppressions.entries()) {
    const at = `suppressions[${i}]`;
    if (s.reason.trim().length < MIN_SUPPRESSION_REASON_LENGTH) {
      issues.push({
        file,
        path: `${at}.reason`,
        message: `must explain why, in at least ${MIN_SUPPRESSION_REASON_LENGTH} characters`,
        given: s.reason,
        fix: 'say why the rule does not apply here and who agreed',
      });
    }
    if (!options.rules) continue;
    const rule = options.rules.find((r) => r.id === s.rule);
    if (!rule) {
      const guess = closest(
        s.rule,
        options.rules.map((r) => r.id),
      );
      issues.push({
        file,
        path: `${at}.rule`,
        message: `is not a known guardrail rule${guess ? ` (did you mean "${guess}"?)` : ''}`,
        given: s.rule,
        allowed: 'see the Guardrails section of the README',
      });
    } else if (rule.unsuppressible) {
      issues.push({
        file,
        path: `${at}.rule`,
        message: 'cannot be suppressed: it protects data or access for everyone',
        given: s.rule,
        fix: 'change the configuration so the rule passes',
      });
    }
  }
}

function checkPerEnvironment(
  issues: ConfigIssue[],
  file: string,
  path: string,
  value: unknown,
  envNames: readonly string[],
): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const keys = Object.keys(value);
  for (const key of keys) {
    if (key !== 'default' && !envNames.includes(key)) {
      const guess = closest(key, envNames);
      issues.push({
        file,
        path: `${path}.${key}`,
        message: `"${key}" is not an environment${guess ? ` (did you mean "${guess}"?)` : ''}`,
        given: key,
        allowed: ['default', ...envNames].join(', '),
      });
    }
  }
  const missing = envNames.filter((e) => !keys.includes(e));
  if (!keys.includes('default') && missing.length) {
    issues.push({
      file,
      path,
      message: `has no value for ${missing.join(', ')}`,
      given: value,
      fix: 'add those environments or a "default"',
    });
  }
}

function checkLength(
  issues: ConfigIssue[],
  file: string,
  path: string,
  what: string,
  limit: number,
  ...names: string[]
): void {
  const longest = names.reduce((a, b) => (b.length > a.length ? b : a), '');
  if (longest.length > limit) {
    issues.push({
      file,
      path,
      message: `makes the ${what} "${longest}" ${longest.length} characters long, over the limit of ${limit}`,
      given: longest.length,
      allowed: `at most ${limit} characters once prefixed`,
      fix: 'shorten the name',
    });
  }
}

function duplicates<T>(
  items: readonly T[],
  key: (item: T) => string,
  report: (item: T, first: T, index: number) => void,
): void {
  const first = new Map<string, T>();
  items.forEach((item, index) => {
    const k = key(item);
    const prior = first.get(k);
    if (prior !== undefined) report(item, prior, index);
    else first.set(k, item);
  });
}
