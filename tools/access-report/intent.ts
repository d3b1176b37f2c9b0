/**
 * The access the platform's role model promises for a configuration (docs/snowflake.md, docs/aws.md), stated from
 * config alone, and its comparison with the access evaluated from the synthesized stacks (model.ts). The report is
 * written only when the two agree: a construct that drops, adds or misdirects a grant, or a CI role that exists
 * without something to access, is a disagreement that names the environment, the object and the principals.
 *
 * The promises, per environment (names from the resolved config; the role model itself is written out here, not
 * derived from the constructs, so this is an independent statement of it):
 * - on each team schema: its READ database role holds READ, and with its WRITE database role READ and WRITE; no
 *   database role holds more; the team's TEAM and PIPELINE roles hold READ, WRITE and OWN; the schema's owner role and
 *   the platform admin role hold OWN; the TEAM and PIPELINE roles of every team that reads it hold READ; the BI
 *   reader role holds READ on published schemas; SYSADMIN (and so ACCOUNTADMIN) holds all three; no other role
 *   (system roles included) holds any;
 * - role hierarchy: TEAM, PIPELINE, BI reader and platform admin roles are granted to SYSADMIN, the user admin role
 *   to USERADMIN, each owner role to its team's TEAM and PIPELINE roles and to the platform admin role;
 * - users: members hold the TEAM role, service users the PIPELINE role, BI users the BI reader role, the deploy
 *   user the platform admin and user admin roles, and nothing else;
 * - warehouses: a team's TEAM and PIPELINE roles hold USAGE, OPERATE and MONITOR on each team warehouse, its owner
 *   roles USAGE; the BI reader role USAGE on the BI warehouse; the platform admin role owns every warehouse;
 * - account privileges: CREATE DATABASE for the platform admin role, CREATE ROLE, CREATE USER and CREATE NETWORK
 *   POLICY for the user admin role, EXECUTE TASK for the owner role of a schema that holds tasks (and the roles
 *   holding it);
 * - AWS: a team's CI role exists when the team lists CircleCI projects and has a repository or a data bucket; only
 *   those projects assume it (only from main where deploys are main-only), and it pushes and pulls exactly the
 *   team's repositories and reads and writes exactly the team's bucket, only over TLS; the platform plan role is assumable only by
 *   the platform project and reaches no team data; the platform deploy role only by the platform project, from main
 *   (in every environment: merges deploy, pull requests plan).
 */
import type { EnvironmentConfig, PlatformConfig, PlatformSettings } from '../../config';
import { TASK_OWNER_ACCOUNT_PRIVILEGES } from '../../domain/snowflake-privileges';
import { ACCOUNTADMIN, SYSADMIN, USERADMIN } from '../../domain/snowflake-roles';
import { SCHEMA_LEVELS, type SchemaLevel } from '../access/snowflake';
import type { AccessModel, EnvironmentAccess } from './model';

const TEAM_WAREHOUSE_PRIVILEGES = ['USAGE', 'OPERATE', 'MONITOR'] as const;
const PLATFORM_ADMIN_ACCOUNT_PRIVILEGES = ['CREATE DATABASE'];
const USER_ADMIN_ACCOUNT_PRIVILEGES = ['CREATE NETWORK POLICY', 'CREATE ROLE', 'CREATE USER'];
const ANY_REF = 'any branch or tag';
const MAIN = 'refs/heads/main';

/** One statement of intent and what was found, as sorted name lists. */
interface Expectation {
  readonly what: string;
  readonly intended: readonly string[];
  readonly actual: readonly string[];
}

const sorted = (items: Iterable<string>) => [...new Set(items)].sort();

/** Every disagreement between the promises for `config` and the evaluated `model`, one line each; empty if none. */
export function disagreements(config: PlatformConfig, model: AccessModel): string[] {
  const out: string[] = [];
  for (const env of config.environments) {
    const evaluated = model.environments.find((e) => e.name === env.name);
    if (!evaluated) {
      out.push(`${env.name}: the access model has no such environment`);
      continue;
    }
    for (const p of promises(config.platform, env, evaluated)) {
      const [intended, actual] = [sorted(p.intended), sorted(p.actual)];
      const missing = intended.filter((x) => !actual.includes(x));
      const extra = actual.filter((x) => !intended.includes(x));
      if (missing.length || extra.length)
        out.push(
          `${env.name}: ${p.what}: ` +
            [
              missing.length ? `intended but not granted: ${missing.join(', ')}` : '',
              extra.length ? `granted but not intended: ${extra.join(', ')}` : '',
            ]
              .filter(Boolean)
              .join('; '),
        );
    }
  }
  return out;
}

function promises(platform: PlatformSettings, env: EnvironmentConfig, a: EnvironmentAccess): Expectation[] {
  const sf = env.snowflake;
  const out: Expectation[] = [];
  const role = (name: string) => a.roles.find((r) => r.name === name);

  // Schemas: who holds each level (account roles, system roles included).
  const readersOf = new Map<string, string[]>();
  for (const t of env.teams)
    for (const r of t.snowflake.reads)
      readersOf.set(`${r.database}.${r.dataset.schema}`, [
        ...(readersOf.get(`${r.database}.${r.dataset.schema}`) ?? []),
        t.snowflake.teamRole,
        t.snowflake.pipelineRole,
      ]);
  const intendedSchemas = new Set<string>();
  for (const t of env.teams)
    for (const s of t.snowflake.schemas) {
      const name = `${t.snowflake.database}.${s.name}`;
      intendedSchemas.add(name);
      const own = [t.snowflake.teamRole, t.snowflake.pipelineRole];
      const intended: Record<SchemaLevel, string[]> = {
        READ: [...own, ...(readersOf.get(name) ?? []), ...(s.publishToBi ? [sf.biReaderRole] : [])],
        WRITE: [...own],
        OWN: [...own, s.ownerRole, sf.adminRole],
      };
      const row = a.schemas.find((x) => x.name === name);
      const [readRole, writeRole] = [`${t.snowflake.database}.${s.readRole}`, `${t.snowflake.database}.${s.writeRole}`];
      for (const level of SCHEMA_LEVELS)
        out.push({
          what: `${level} on schema ${name} (database roles)`,
          intended: level === 'READ' ? [readRole] : [],
          actual: row?.databaseRoles[level] ?? [],
        });
      out.push({
        what: `levels on schema ${name} of database roles together`,
        intended: [`${readRole} + ${writeRole}: READ, WRITE`],
        actual: (row?.databaseRoleSets ?? []).map((d) => `${d.roles.join(' + ')}: ${d.levels.join(', ')}`),
      });
      for (const level of SCHEMA_LEVELS) {
        out.push({
          what: `${level} on schema ${name}`,
          intended: [...intended[level], SYSADMIN, ACCOUNTADMIN],
          actual: row ? [...row.roles[level], ...row.systemRoles[level]] : [],
        });
      }
    }
  out.push({
    what: 'team schemas the stacks create',
    intended: [...intendedSchemas],
    actual: a.schemas.map((s) => s.name),
  });
  // Role hierarchy: whom each non-system role is granted to (roles only; users below).
  const parents = new Map<string, string[]>([
    [sf.adminRole, [SYSADMIN]],
    [sf.userAdminRole, [USERADMIN]],
    [sf.biReaderRole, [SYSADMIN]],
  ]);
  for (const t of env.teams) {
    parents.set(t.snowflake.teamRole, [SYSADMIN]);
    parents.set(t.snowflake.pipelineRole, [SYSADMIN]);
    for (const s of t.snowflake.schemas)
      parents.set(s.ownerRole, [t.snowflake.teamRole, t.snowflake.pipelineRole, sf.adminRole]);
  }
  for (const name of sorted([...parents.keys(), ...a.roles.filter((r) => r.kind !== 'system').map((r) => r.name)]))
    out.push({
      what: `roles account role ${name} is granted to`,
      intended: parents.get(name) ?? [],
      actual: (role(name)?.grantedTo ?? []).filter((g) => !g.startsWith('user:')),
    });

  // Users: the account roles granted to each user the environment's stacks name.
  const userRoles = new Map<string, string[]>([[sf.deployUser.name, [sf.adminRole, sf.userAdminRole]]]);
  const addUser = (user: string, r: string) => userRoles.set(user, [...(userRoles.get(user) ?? []), r]);
  for (const u of sf.biUsers) addUser(u.name, sf.biReaderRole);
  for (const t of env.teams) {
    for (const m of t.snowflake.members) addUser(m, t.snowflake.teamRole);
    for (const u of t.snowflake.serviceUsers) addUser(u.name, t.snowflake.pipelineRole);
  }
  const actualUsers = new Map(a.users.map((u) => [u.name, u.roles]));
  for (const user of sorted([...userRoles.keys(), ...actualUsers.keys()]))
    out.push({
      what: `account roles granted to user ${user}`,
      intended: userRoles.get(user) ?? [],
      actual: actualUsers.get(user) ?? [],
    });

  // Warehouses: holders of each privilege (non-system roles).
  const warehouses = new Map<string, Record<'USAGE' | 'OPERATE' | 'MONITOR' | 'MODIFY' | 'OWNERSHIP', string[]>>();
  const platformOwned = () =>
    ({
      USAGE: [sf.adminRole],
      OPERATE: [sf.adminRole],
      MONITOR: [sf.adminRole],
      MODIFY: [sf.adminRole],
      OWNERSHIP: [sf.adminRole],
    }) satisfies Record<string, string[]>;
  const bi = platformOwned();
  bi.USAGE.push(sf.biReaderRole);
  warehouses.set(sf.biWarehouse.name, bi);
  for (const t of env.teams)
    for (const w of t.snowflake.warehouses) {
      const privileges = platformOwned();
      for (const p of TEAM_WAREHOUSE_PRIVILEGES) privileges[p].push(t.snowflake.teamRole, t.snowflake.pipelineRole);
      privileges.USAGE.push(...t.snowflake.schemas.map((s) => s.ownerRole));
      warehouses.set(w.name, privileges);
    }
  out.push({
    what: 'warehouses the stacks create',
    intended: [...warehouses.keys()],
    actual: a.warehouses.map((w) => w.name),
  });
  for (const [name, privileges] of warehouses) {
    const row = a.warehouses.find((w) => w.name === name);
    for (const [privilege, holders] of Object.entries(privileges))
      out.push({
        what: `${privilege} on warehouse ${name}`,
        intended: holders,
        actual: row?.privileges[privilege] ?? [],
      });
  }

  // Account privileges of the non-system roles.
  const accountPrivileges = new Map<string, string[]>([
    [sf.adminRole, [...PLATFORM_ADMIN_ACCOUNT_PRIVILEGES]],
    [sf.userAdminRole, [...USER_ADMIN_ACCOUNT_PRIVILEGES]],
  ]);
  const addPrivileges = (r: string, privileges: readonly string[]) =>
    accountPrivileges.set(r, [...(accountPrivileges.get(r) ?? []), ...privileges]);
  for (const t of env.teams)
    for (const s of t.snowflake.schemas)
      if (s.objectTypes.includes('TASKS'))
        for (const holder of [s.ownerRole, t.snowflake.teamRole, t.snowflake.pipelineRole, sf.adminRole])
          addPrivileges(holder, TASK_OWNER_ACCOUNT_PRIVILEGES);
  for (const r of a.roles.filter((x) => x.kind !== 'system'))
    out.push({
      what: `account privileges of role ${r.name}`,
      intended: accountPrivileges.get(r.name) ?? [],
      actual: r.accountPrivileges,
    });

  // AWS: the CI roles CircleCI may assume, who may assume them, and what they reach.
  const refs = env.ci.deployFromMainOnly ? MAIN : ANY_REF;
  const ci = new Map<string, { projects: string[]; repositories: string[]; buckets: string[] }>();
  for (const t of env.teams) {
    const has = t.aws.repositories.length > 0 || t.aws.dataBucket !== undefined;
    if (t.aws.ciRole.circleciProjectIds.length && has)
      ci.set(t.aws.ciRole.roleName, {
        projects: t.aws.ciRole.circleciProjectIds.map((p) => `${p} on ${refs}`),
        repositories: t.aws.repositories.map((r) => `${r.repositoryName} pull, push`),
        buckets: t.aws.dataBucket ? [`${t.aws.dataBucket.bucketName} read, write, TLS only`] : [],
      });
  }
  const { planRole, deployRole } = platform.names;
  const platformProject = (deploy: boolean) => [`${platform.circleci.projectId} on ${deploy ? MAIN : ANY_REF}`];
  out.push({
    what: 'IAM roles CircleCI may assume',
    intended: [...ci.keys(), planRole, deployRole],
    actual: a.ci.map((c) => c.name),
  });
  for (const c of a.ci) {
    const projects = c.assumableBy.map((p) => `${p.project} on ${p.refs}`);
    const reached = {
      repositories: c.repositories.map(
        (r) => `${r.name} ${[r.pull && 'pull', r.push && 'push'].filter(Boolean).join(', ')}`,
      ),
      buckets: c.buckets.map(
        (b) =>
          `${b.name} ${[b.read && 'read', b.write && 'write', b.tlsOnly && 'TLS only'].filter(Boolean).join(', ')}`,
      ),
    };
    const team = ci.get(c.name);
    if (c.anyProject)
      out.push({ what: `IAM role ${c.name} is assumable by any CircleCI project`, intended: [], actual: ['yes'] });
    if (team) {
      out.push({ what: `CircleCI projects that may assume ${c.name}`, intended: team.projects, actual: projects });
      out.push({
        what: `ECR repositories ${c.name} reaches`,
        intended: team.repositories,
        actual: reached.repositories,
      });
      out.push({ what: `S3 buckets ${c.name} reaches`, intended: team.buckets, actual: reached.buckets });
    } else if (c.name === planRole || c.name === deployRole) {
      const deploy = c.name === deployRole;
      out.push({
        what: `CircleCI projects that may assume ${c.name}`,
        intended: platformProject(deploy),
        actual: projects,
      });
      if (!deploy) {
        out.push({ what: `ECR repositories ${c.name} reaches`, intended: [], actual: reached.repositories });
        out.push({ what: `S3 buckets ${c.name} reaches`, intended: [], actual: reached.buckets });
      }
    }
  }
  return out;
}
