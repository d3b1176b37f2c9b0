/**
 * Who can access what, per environment, evaluated from the synthesized stacks (never from config's intent):
 *
 * - Snowflake: the grants of every Snowflake stack of the environment's account (tools/access/snowflake), evaluated
 *   for every schema, warehouse, account role and user of the environment's stacks — READ, WRITE, OWN as
 *   tools/access/snowflake/evaluate.ts defines them;
 * - AWS: every IAM role of the environment's account that CircleCI's OIDC provider may assume, evaluated with the
 *   project's IAM evaluator (tools/access/aws) over every stack (SCPs included): which projects and refs may assume
 *   it, and which of the account's ECR repositories it may pull/push and buckets it may read/write.
 *
 * Config gives only the list of environments (names, accounts, order) and which stacks belong to which environment
 * and team (the stack names); everything about access comes from the JSON.
 */
import { type PlatformConfig, stackNames } from '../../config';
import {
  AwsAccess,
  iamEvaluator,
  loadAwsAccessModel,
  OTHER_PROJECT,
  REPRESENTATIVE_REFS,
  type RoleModel,
  stackFromSynthesized,
  trustSubjects,
} from '../access/aws';
import {
  displayName,
  loadSnowflakeGrants,
  type Principal,
  principalKey,
  principalOf,
  SCHEMA_LEVELS,
  type SchemaLevel,
  SnowflakeAccess,
  snowflakeStackFromSynthesized,
  type SnowflakeStack,
  SYSTEM_ROLES,
  WAREHOUSE_LEVELS,
} from '../access/snowflake';
import type { SynthesizedStacks } from './synthesize';

export type LevelsBySchema = ReadonlyMap<string, readonly SchemaLevel[]>;
type Holders = Readonly<Record<SchemaLevel, readonly string[]>>;

export interface SchemaRow {
  /** `DB.SCHEMA`. */
  readonly name: string;
  readonly database: string;
  readonly schema: string;
  readonly stack: string;
  readonly team?: string;
  readonly objectTypes: readonly string[];
  /** Account roles (Snowflake's system roles left out: see `systemRoles`) holding each level. */
  readonly roles: Holders;
  /** Snowflake's system roles holding each level. */
  readonly systemRoles: Holders;
  readonly databaseRoles: Holders;
  readonly users: Holders;
  /** Roles of another team's stack that read it. */
  readonly readByOtherTeams: readonly { readonly team: string; readonly roles: readonly string[] }[];
  /** Roles created by the platform stack that read it (BI). */
  readonly readByPlatform: readonly string[];
  /**
   * Database roles that hold no level alone but do together with a READ role of the schema (a WRITE role holds only
   * write privileges; its holders hold the READ role too): the pair and the levels they hold together.
   */
  readonly databaseRoleSets: readonly { readonly roles: readonly string[]; readonly levels: readonly SchemaLevel[] }[];
}

export interface RoleRow {
  readonly name: string;
  /** The stack that creates it; undefined for Snowflake's system roles. */
  readonly stack?: string;
  readonly team?: string;
  readonly kind: 'team' | 'platform' | 'system';
  /** Roles and users it is granted to directly (users as `user:<name>`). */
  readonly grantedTo: readonly string[];
  readonly access: LevelsBySchema;
  /** Warehouse -> evaluated privileges. */
  readonly warehouses: ReadonlyMap<string, readonly string[]>;
  readonly accountPrivileges: readonly string[];
}

export interface UserRow {
  /** As `SHOW USERS` lists it. */
  readonly name: string;
  /** The stack that creates it (a service user), or undefined for an existing user (SSO). */
  readonly stack?: string;
  readonly team?: string;
  readonly type?: string;
  /** Account roles granted to it directly, in the environment's stacks or by Snowflake. */
  readonly roles: readonly string[];
  /** Roles a stack's Terraform provider authenticates as it with (it holds them, or the apply fails). */
  readonly providerRoles: readonly string[];
  readonly access: LevelsBySchema;
  readonly warehouses: ReadonlyMap<string, readonly string[]>;
}

export interface WarehouseRow {
  readonly name: string;
  readonly stack?: string;
  readonly team?: string;
  /** Privilege -> account roles holding it (system roles left out). */
  readonly privileges: Readonly<Record<string, readonly string[]>>;
}

export interface CiRoleRow {
  readonly name: string;
  readonly arn: string;
  readonly stack: string;
  /** The team whose stack creates it; undefined for the platform's own pipeline roles. */
  readonly team?: string;
  /** CircleCI projects that may assume it, and on which refs (`any branch or tag`, `refs/heads/main`...). */
  readonly assumableBy: readonly { readonly project: string; readonly refs: string }[];
  /** Any other project of the CircleCI organization may assume it. */
  readonly anyProject: boolean;
  readonly oidcProviders: readonly string[];
  readonly repositories: readonly { readonly name: string; readonly pull: boolean; readonly push: boolean }[];
  readonly buckets: readonly {
    readonly name: string;
    readonly read: boolean;
    readonly write: boolean;
    /** The same reads and writes without TLS (`aws:SecureTransport` false) are denied. */
    readonly tlsOnly: boolean;
  }[];
}

export interface SystemRoleSummary {
  readonly name: string;
  /** Levels held on every schema of the environment (empty when none is held everywhere). */
  readonly everywhere: readonly SchemaLevel[];
  readonly schemas: number;
}

export interface EnvironmentAccess {
  readonly name: string;
  readonly protection: string;
  readonly snowflakeAccount: string;
  readonly awsAccountId: string;
  readonly awsRegion: string;
  readonly teams: readonly string[];
  readonly schemas: readonly SchemaRow[];
  readonly roles: readonly RoleRow[];
  readonly users: readonly UserRow[];
  readonly warehouses: readonly WarehouseRow[];
  readonly ci: readonly CiRoleRow[];
  readonly systemRoles: readonly SystemRoleSummary[];
  /** The users the stacks' Terraform providers authenticate as (deploy identities). */
  readonly identities: readonly string[];
}

export interface AccessModel {
  readonly environments: readonly EnvironmentAccess[];
  /** What the Snowflake loader could not read (a report with problems is refused). */
  readonly problems: readonly string[];
}

/** Requests that make up each AWS capability, evaluated on a representative object of the bucket. */
export const AWS_CAPABILITIES = {
  pull: ['ecr:GetAuthorizationToken', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
  push: [
    'ecr:GetAuthorizationToken',
    'ecr:BatchCheckLayerAvailability',
    'ecr:InitiateLayerUpload',
    'ecr:UploadLayerPart',
    'ecr:CompleteLayerUpload',
    'ecr:PutImage',
  ],
  read: ['s3:ListBucket', 's3:GetObject'],
  write: ['s3:PutObject', 's3:DeleteObject'],
} as const;

const sortedLevels = (s: ReadonlySet<SchemaLevel>) => SCHEMA_LEVELS.filter((l) => s.has(l));

export function buildAccessModel(config: PlatformConfig, synthesized: SynthesizedStacks): AccessModel {
  const snowflakeStacks: SnowflakeStack[] = [];
  for (const [name, json] of synthesized) {
    const s = snowflakeStackFromSynthesized(name, json);
    if (s) snowflakeStacks.push(s);
  }
  const grants = loadSnowflakeGrants(snowflakeStacks);
  const access = new Map([...grants.accounts].map(([account, g]) => [account, new SnowflakeAccess(g)]));
  const probes = new Map([...access].map(([account, sf]) => [account, probeAccess(sf)]));

  const awsStacks = [...synthesized].map(([name, json]) => stackFromSynthesized(name, json));
  const awsModel = loadAwsAccessModel(awsStacks, {
    accountIds: Object.fromEntries(config.environments.map((e) => [e.aws.accountName, e.aws.accountId])),
  });
  const aws = new AwsAccess(awsModel, iamEvaluator);

  const environments = config.environments.map((env) => {
    const teamOfStack = new Map<string, string>();
    for (const t of env.teams) {
      teamOfStack.set(stackNames.teamSnowflake(env.name, t.name), t.name);
      teamOfStack.set(stackNames.teamAws(env.name, t.name), t.name);
    }
    const stacks = new Set([env.stacks.platformAws, env.stacks.platformSnowflake, ...teamOfStack.keys()]);
    const account = [...grants.stackAccounts].find(([s]) => stacks.has(s))?.[1];
    const sf = account ? access.get(account) : undefined;
    return {
      name: env.name,
      protection: env.protection.level,
      snowflakeAccount: env.snowflake.account,
      awsAccountId: env.aws.accountId,
      awsRegion: env.aws.region,
      teams: env.teams.map((t) => t.name),
      ...(sf && account ? snowflakeAccess(sf, probes.get(account)!, stacks, teamOfStack) : emptySnowflake()),
      ci: ciRoles(aws, awsStacks, env.aws.accountId, stacks, teamOfStack),
    };
  });
  return { environments, problems: grants.problems };
}

function emptySnowflake() {
  return { schemas: [], roles: [], users: [], warehouses: [], systemRoles: [], identities: [] };
}

/** A stand-in role holding a set of database roles, so what they give together can be evaluated. */
interface Probe {
  readonly schema: string;
  readonly roles: readonly string[];
  readonly principal: Principal;
}

/**
 * For each schema, every pair of a database role that holds READ there alone and one (of the same database) that
 * has privileges there but holds no level alone, granted together to a stand-in role: the returned evaluator
 * answers what each pair gives. The stand-ins hold nothing else and appear nowhere in the report but that column.
 */
function probeAccess(sf: SnowflakeAccess): { access: SnowflakeAccess; probes: readonly Probe[] } {
  const g = sf.grants;
  const probes: Probe[] = [];
  const databaseRoles = [...g.databaseRoles.keys()].sort().map((name): Principal => ({ kind: 'database-role', name }));
  const accessOf = new Map(databaseRoles.map((p) => [p.name, sf.schemaAccess(p)]));
  for (const schema of sf.schemas()) {
    const here = databaseRoles.filter((p) => accessOf.get(p.name)?.has(schema));
    const readers = here.filter((p) => accessOf.get(p.name)?.get(schema)?.levels.has('READ'));
    const partial = here.filter((p) => accessOf.get(p.name)?.get(schema)?.levels.size === 0);
    for (const r of readers)
      for (const w of partial)
        probes.push({ schema, roles: [r.name, w.name], principal: { kind: 'role', name: `(${r.name} + ${w.name})` } });
  }
  const origin = { stack: '', address: 'access report stand-in' };
  const roleGrants = probes.flatMap((p) =>
    p.roles.map((name) => ({
      origin,
      role: { kind: 'database-role' as const, name },
      to: p.principal,
      key: `probe ${p.principal.name} ${name}`,
    })),
  );
  return { access: new SnowflakeAccess({ ...g, roleGrants: [...g.roleGrants, ...roleGrants] }), probes };
}

function snowflakeAccess(
  sf: SnowflakeAccess,
  probe: ReturnType<typeof probeAccess>,
  stacks: ReadonlySet<string>,
  teamOfStack: ReadonlyMap<string, string>,
): Omit<EnvironmentAccess, 'name' | 'protection' | 'snowflakeAccount' | 'awsAccountId' | 'awsRegion' | 'teams' | 'ci'> {
  const g = sf.grants;
  const here = (origin: { stack: string } | undefined) => origin !== undefined && stacks.has(origin.stack);
  const schemaNames = [...g.schemas].filter(([, o]) => here(o)).map(([s]) => s);
  const schemaSet = new Set(schemaNames);
  const warehouseNames = [...g.warehouses].filter(([, o]) => here(o)).map(([w]) => w);
  const warehouseSet = new Set(warehouseNames);
  const system = new Set(SYSTEM_ROLES);

  const accessOf = (p: Principal) => {
    const levels = new Map<string, SchemaLevel[]>();
    for (const [s, a] of sf.schemaAccess(p))
      if (schemaSet.has(s) && a.levels.size) levels.set(s, sortedLevels(a.levels));
    const warehouses = new Map<string, string[]>();
    for (const [w, privs] of sf.warehouseAccess(p)) if (warehouseSet.has(w)) warehouses.set(w, [...privs]);
    return { levels, warehouses };
  };

  // Principals of this environment: created in its stacks, granted in its stacks, or Snowflake's system roles.
  const envPrincipals = new Set<string>();
  for (const [n, o] of g.roles) if (here(o)) envPrincipals.add(`role:${n}`);
  for (const [n, o] of g.users) if (here(o)) envPrincipals.add(`user:${n}`);
  for (const rg of g.roleGrants)
    if (here(rg.origin))
      for (const p of [rg.role, rg.to]) if (p.kind !== 'database-role') envPrincipals.add(principalKey(p));
  const identities = g.identities.filter((i) => here(i.origin));
  for (const i of identities) envPrincipals.add(`user:${i.user}`).add(`role:${i.role}`);
  for (const r of SYSTEM_ROLES) envPrincipals.add(`role:${r}`);

  const evaluated = new Map<string, ReturnType<typeof accessOf>>();
  const of = (key: string) => {
    if (!evaluated.has(key)) evaluated.set(key, accessOf(principalOf(key)));
    return evaluated.get(key)!;
  };
  const holders = (kind: Principal['kind'], schema: string, which: 'all' | 'system' | 'non-system'): Holders => {
    const out: Record<SchemaLevel, string[]> = { READ: [], WRITE: [], OWN: [] };
    const keys =
      kind === 'database-role'
        ? [...g.databaseRoles.keys()].map((n) => `database-role:${n}`)
        : [...envPrincipals].filter((k) => k.startsWith(`${kind}:`));
    for (const key of keys.sort()) {
      const name = principalOf(key).name;
      if (kind === 'role' && which !== 'all' && system.has(name) !== (which === 'system')) continue;
      for (const l of of(key).levels.get(schema) ?? []) out[l].push(kind === 'user' ? displayName(name) : name);
    }
    return out;
  };

  const roleKind = (name: string, stack?: string): RoleRow['kind'] =>
    system.has(name) ? 'system' : stack && teamOfStack.has(stack) ? 'team' : 'platform';

  const schemas: SchemaRow[] = schemaNames.sort().map((name) => {
    const stack = g.schemas.get(name)!.stack;
    const team = teamOfStack.get(stack);
    const roles = holders('role', name, 'non-system');
    const other = new Map<string, string[]>();
    const platform: string[] = [];
    for (const r of roles.READ) {
      const rs = g.roles.get(r)?.stack;
      const t = rs ? teamOfStack.get(rs) : undefined;
      if (t && t !== team) other.set(t, [...(other.get(t) ?? []), r]);
      else if (rs && !t) platform.push(r);
    }
    const [database, schema] = [name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1)];
    return {
      name,
      database,
      schema,
      stack,
      team,
      objectTypes: sf.objectTypes(name),
      roles,
      systemRoles: holders('role', name, 'system'),
      databaseRoles: holders('database-role', name, 'all'),
      users: holders('user', name, 'all'),
      readByOtherTeams: [...other].sort().map(([t, rs]) => ({ team: t, roles: rs })),
      readByPlatform: platform,
      databaseRoleSets: probe.probes
        .filter((p) => p.schema === name)
        .map((p) => ({
          roles: p.roles,
          levels: sortedLevels(probe.access.schemaAccess(p.principal).get(name)?.levels ?? new Set()),
        })),
    };
  });

  const roles: RoleRow[] = [...envPrincipals]
    .filter((k) => k.startsWith('role:'))
    .map(principalOf)
    .filter((p) => !system.has(p.name) || of(principalKey(p)).levels.size > 0)
    .map((p) => {
      const stack = g.roles.get(p.name)?.stack;
      const a = of(principalKey(p));
      return {
        name: p.name,
        stack,
        team: stack ? teamOfStack.get(stack) : undefined,
        kind: roleKind(p.name, stack),
        grantedTo: sf
          .directGrantees(p)
          .filter((k) => envPrincipals.has(k) || k.startsWith('role:'))
          .map((k) => (k.startsWith('user:') ? `user:${displayName(principalOf(k).name)}` : principalOf(k).name)),
        access: a.levels,
        warehouses: a.warehouses,
        accountPrivileges: [...sf.accountPrivileges(p)].sort(),
      };
    })
    .sort((x, y) => order(x.kind) - order(y.kind) || x.name.localeCompare(y.name));

  const identityRoles = new Map<string, Set<string>>();
  for (const i of identities) identityRoles.set(i.user, (identityRoles.get(i.user) ?? new Set()).add(i.role));
  const users: UserRow[] = [...envPrincipals]
    .filter((k) => k.startsWith('user:'))
    .map(principalOf)
    .map((p) => {
      const created = g.users.get(p.name);
      const a = of(principalKey(p));
      const providerRoles = [...(identityRoles.get(p.name) ?? [])].sort();
      return {
        name: displayName(p.name),
        stack: created && here(created) ? created.stack : undefined,
        team: created ? teamOfStack.get(created.stack) : undefined,
        type: created?.type,
        roles: [
          ...new Set(
            g.roleGrants
              .filter(
                (rg) => rg.to.kind === 'user' && rg.to.name === p.name && rg.role.kind === 'role' && here(rg.origin),
              )
              .map((rg) => rg.role.name),
          ),
        ].sort(),
        providerRoles,
        access: a.levels,
        warehouses: a.warehouses,
      };
    })
    .sort((x, y) => x.name.localeCompare(y.name));

  const warehouses: WarehouseRow[] = warehouseNames.sort().map((name) => {
    const stack = g.warehouses.get(name)?.stack;
    const privileges: Record<string, string[]> = {};
    for (const l of WAREHOUSE_LEVELS) privileges[l] = [];
    for (const key of [...envPrincipals].filter((k) => k.startsWith('role:')).sort()) {
      const n = principalOf(key).name;
      if (system.has(n)) continue;
      for (const priv of of(key).warehouses.get(name) ?? []) (privileges[priv] ??= []).push(n);
    }
    return { name, stack, team: stack ? teamOfStack.get(stack) : undefined, privileges };
  });

  const systemRoles: SystemRoleSummary[] = SYSTEM_ROLES.map((name) => {
    const levels = of(`role:${name}`).levels;
    const everywhere = SCHEMA_LEVELS.filter((l) => schemaNames.every((s) => levels.get(s)?.includes(l)));
    return { name, everywhere, schemas: levels.size };
  });

  return {
    schemas,
    roles,
    users,
    warehouses,
    systemRoles,
    identities: [...new Set(identities.map((i) => displayName(i.user)))].sort(),
  };
}

const order = (kind: RoleRow['kind']) => (kind === 'team' ? 0 : kind === 'platform' ? 1 : 2);

/** Roles of the account whose trust names CircleCI's OIDC provider, evaluated on the account's repositories and buckets. */
function ciRoles(
  aws: AwsAccess,
  stacks: readonly ReturnType<typeof stackFromSynthesized>[],
  accountId: string,
  envStacks: ReadonlySet<string>,
  teamOfStack: ReadonlyMap<string, string>,
): CiRoleRow[] {
  const model = aws.model;
  const inAccount = stacks.filter((s) => s.accountId === accountId && envStacks.has(s.stack));
  const repositories: { name: string; arn: string }[] = [];
  const buckets: { name: string; arn: string }[] = [];
  for (const s of inAccount)
    for (const r of s.resources) {
      if (r.type === 'aws_ecr_repository' && typeof r.values.name === 'string')
        repositories.push({
          name: r.values.name,
          arn: `arn:aws:ecr:${s.region}:${accountId}:repository/${r.values.name}`,
        });
      if (r.type === 'aws_s3_bucket' && typeof r.values.bucket === 'string')
        buckets.push({ name: r.values.bucket, arn: `arn:aws:s3:::${r.values.bucket}` });
    }
  const decisions = (
    principal: string,
    actions: readonly string[],
    resourceOf: (action: string) => string,
    context?: Record<string, string>,
  ) =>
    actions.map(
      (action) =>
        iamEvaluator.decide(aws.input({ principal, action, resource: resourceOf(action), context })).decision ===
        'Allowed',
    );
  const allowed = (principal: string, actions: readonly string[], resourceOf: (action: string) => string) =>
    decisions(principal, actions, resourceOf).every(Boolean);
  const PLAIN_HTTP = { 'aws:SecureTransport': 'false' };
  const oidcRoles = [...model.roles.values()].filter(
    (r): r is RoleModel & { trustPolicy: NonNullable<RoleModel['trustPolicy']> } =>
      r.accountId === accountId &&
      envStacks.has(r.origin.stack) &&
      r.trustPolicy !== undefined &&
      JSON.stringify(r.trustPolicy).includes('oidc-provider/oidc.circleci.com'),
  );
  return oidcRoles
    .map((role) => {
      const providers = trustSubjects([role.trustPolicy]);
      const refsByProject = new Map<string, string[]>();
      let anyProject = false;
      for (const { provider, subjects } of providers)
        for (const s of subjects) {
          const ok =
            iamEvaluator.decide(
              aws.input({
                principal: provider,
                action: 'sts:AssumeRoleWithWebIdentity',
                resource: role.arn,
                context: s.context,
              }),
            ).decision === 'Allowed';
          if (!ok) continue;
          if (s.otherProject || s.otherSubject) anyProject = true;
          else if (s.project && s.ref) refsByProject.set(s.project, [...(refsByProject.get(s.project) ?? []), s.ref]);
        }
      const objectOf = (bucketArn: string) => (action: string) =>
        action === 's3:ListBucket' ? bucketArn : `${bucketArn}/any-object`;
      return {
        name: role.name,
        arn: role.arn,
        stack: role.origin.stack,
        team: teamOfStack.get(role.origin.stack),
        assumableBy: [...refsByProject]
          .filter(([project]) => project !== OTHER_PROJECT)
          .sort()
          .map(([project, refs]) => ({ project, refs: refsText(refs) })),
        anyProject,
        oidcProviders: providers.map((p) => p.provider),
        repositories: repositories
          .map((r) => ({
            name: r.name,
            pull: allowed(role.arn, AWS_CAPABILITIES.pull, (a) => (a === 'ecr:GetAuthorizationToken' ? '*' : r.arn)),
            push: allowed(role.arn, AWS_CAPABILITIES.push, (a) => (a === 'ecr:GetAuthorizationToken' ? '*' : r.arn)),
          }))
          .filter((r) => r.pull || r.push),
        buckets: buckets
          .map((b) => ({
            name: b.name,
            read: allowed(role.arn, AWS_CAPABILITIES.read, objectOf(b.arn)),
            write: allowed(role.arn, AWS_CAPABILITIES.write, objectOf(b.arn)),
            tlsOnly: !decisions(
              role.arn,
              [...AWS_CAPABILITIES.read, ...AWS_CAPABILITIES.write],
              objectOf(b.arn),
              PLAIN_HTTP,
            ).some(Boolean),
          }))
          .filter((b) => b.read || b.write),
      };
    })
    .sort((a, b) => Number(!a.team) - Number(!b.team) || a.name.localeCompare(b.name));
}

/** The refs a project may assume a role on, in words. */
function refsText(labels: readonly string[]): string {
  if (REPRESENTATIVE_REFS.every((r) => labels.includes(r.label))) return 'any branch or tag';
  return labels.join(', ');
}
