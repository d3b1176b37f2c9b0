/**
 * The Snowflake stacks of the example org, synthesized through the real app (addPlatformStacks). Names and
 * per-environment values come from the example written out by hand (test/fixtures/example-org.ts), never from the
 * config's own formulas or copied output; values passed through as they are (keys, monitor thresholds) from config.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { loadConfig, type PlatformConfig } from '../../config';
import { FORBIDDEN_PARENT_ROLES } from '../../constructs/snowflake/functional-role';
import { addPlatformStacks } from '../../stacks/app';
import {
  ENV,
  type Env,
  ENVIRONMENTS,
  PLATFORM_NOTIFY_USERS,
  platformSnowflake,
  snowflakeNames,
  TEAM,
  type TeamName,
  TEAMS,
} from '../fixtures/example-org';
import { parse, type Resource, type Synthesized } from './synth';

function loadExample(): PlatformConfig {
  const result = loadConfig();
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return result.config;
}

const config = loadExample();
const app = Testing.app();
const stacks = new Map(
  addPlatformStacks(app, config, { mode: 'offline', awsAuth: 'assume-role' }).map((s) => [s.stackName, s]),
);
const synthesized = new Map<string, Synthesized>();
/** Synthesizes a stack once (only the Snowflake stacks are ever synthesized here). */
function stack(name: string): Synthesized {
  if (!synthesized.has(name)) {
    const s = stacks.get(name);
    if (!s) throw new Error(`no stack ${name}; stacks: ${[...stacks.keys()].join(', ')}`);
    synthesized.set(name, parse(Testing.synth(s)));
  }
  return synthesized.get(name)!;
}

/** Current (non-deprecated) resources of snowflakedb/snowflake 2.x; nothing else may appear. */
const CURRENT_RESOURCES = [
  'snowflake_account_role',
  'snowflake_database_role',
  'snowflake_database',
  'snowflake_schema',
  'snowflake_warehouse',
  'snowflake_resource_monitor',
  'snowflake_grant_privileges_to_account_role',
  'snowflake_grant_privileges_to_database_role',
  'snowflake_grant_account_role',
  'snowflake_grant_database_role',
  'snowflake_grant_ownership',
  'snowflake_service_user',
  'snowflake_network_policy',
];

const teamCases: Array<[string, Env, TeamName]> = ENVIRONMENTS.flatMap((env) =>
  TEAMS.map((team): [string, Env, TeamName] => [`${env}-${team}-snowflake`, env, team]),
);
const envCases: Array<[string, Env]> = ENVIRONMENTS.map((env) => [`${env}-platform-snowflake`, env]);
/** Values the config passes through unchanged (not derived): public keys and members, as written. */
const teamFile = (team: TeamName) => config.environments[0].teams.find((t) => t.name === team)!.snowflake;
const snowflakeStackNames = [...teamCases.map(([n]) => n), ...envCases.map(([n]) => n)];

/**
 * Snowflake's privileges per object type, written out for these tests (readers: what can be queried; writers: DML,
 * operating pipes/tasks/dynamic tables, internal stages, using sequences/functions/procedures/file formats, reading
 * streams). An empty list: the role gets nothing on that type.
 */
const READ_PRIVILEGES: Record<string, string[]> = {
  TABLES: ['SELECT'],
  VIEWS: ['SELECT'],
  'DYNAMIC TABLES': ['SELECT'],
};
const WRITE_PRIVILEGES: Record<string, string[]> = {
  TABLES: ['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'],
  'DYNAMIC TABLES': ['OPERATE', 'MONITOR'],
  STAGES: ['READ', 'WRITE'],
  'FILE FORMATS': ['USAGE'],
  PIPES: ['MONITOR', 'OPERATE'],
  SEQUENCES: ['USAGE'],
  FUNCTIONS: ['USAGE'],
  PROCEDURES: ['USAGE'],
  STREAMS: ['SELECT'],
  TASKS: ['MONITOR', 'OPERATE'],
};
const CREATE: Record<string, string> = {
  TABLES: 'CREATE TABLE',
  VIEWS: 'CREATE VIEW',
  'DYNAMIC TABLES': 'CREATE DYNAMIC TABLE',
  STAGES: 'CREATE STAGE',
  'FILE FORMATS': 'CREATE FILE FORMAT',
  PIPES: 'CREATE PIPE',
  SEQUENCES: 'CREATE SEQUENCE',
  FUNCTIONS: 'CREATE FUNCTION',
  PROCEDURES: 'CREATE PROCEDURE',
  STREAMS: 'CREATE STREAM',
  TASKS: 'CREATE TASK',
};
const futureGrants = (s: Synthesized, role: string) =>
  s
    .list('snowflake_grant_privileges_to_database_role')
    .filter((g) => g.database_role_name === role && g.on_schema_object?.future);
const databaseOf = (qualified: string) => qualified.split('.')[0];
const sorted = <T>(xs: Iterable<T>) => [...xs].sort();

describe('the example org has Snowflake stacks to check', () => {
  it('covers every environment and every team deployed to it', () => {
    expect(config.environments.map((e) => e.name)).toEqual([...ENVIRONMENTS]);
    for (const env of config.environments) expect(env.teams.map((t) => t.name)).toEqual([...TEAMS]);
    expect(teamCases).toHaveLength(9);
    expect([...stacks.keys()].filter((n) => n.endsWith('-snowflake')).sort()).toEqual(snowflakeStackNames.sort());
  });
});

describe.each(teamCases)('%s', (name, env, team) => {
  const s = stack(name);
  const names = snowflakeNames(env, team);
  const level = ENV[env];
  const sf = TEAM[team];
  const accessRole = (schema: string, level: 'READ' | 'WRITE') => `${schema}_${level}`;

  it('uses only current provider resources', () => {
    expect(Object.keys(JSON.parse(s.json).resource).filter((t) => !CURRENT_RESOURCES.includes(t))).toEqual([]);
  });

  it('has the team database with the environment protection level (Time Travel, prevent_destroy)', () => {
    expect(s.list('snowflake_database')).toEqual([
      expect.objectContaining({
        name: names.database,
        data_retention_time_in_days: level.dataRetentionTimeInDays,
        lifecycle: { prevent_destroy: level.preventDestroy },
      }),
    ]);
  });

  it('has exactly the declared schemas, managed-access and protected like the database', () => {
    const schemas = s.list('snowflake_schema');
    expect(sorted(schemas.map((x) => x.name))).toEqual(sorted(sf.schemas.map((x) => x.name)));
    for (const schema of schemas) {
      expect(schema).toMatchObject({
        database: names.database,
        with_managed_access: 'true',
        lifecycle: { prevent_destroy: level.preventDestroy },
      });
    }
  });

  it('has READ and WRITE access roles per schema, with the privileges of its object types at schema level', () => {
    const roles = s.list('snowflake_database_role').map((r) => `${r.database}.${r.name}`);
    expect(sorted(roles)).toEqual(
      sorted(
        sf.schemas.flatMap((x) =>
          ['READ', 'WRITE'].map((l) => `${names.database}.${accessRole(x.name, l as 'READ' | 'WRITE')}`),
        ),
      ),
    );
    const expected = (table: Record<string, string[]>, types: readonly string[], inSchema: string) =>
      sorted(types.filter((t) => table[t]?.length).map((t) => `${t}:${table[t].join(',')}@${inSchema}`));
    const actual = (role: string) =>
      sorted(
        futureGrants(s, role).map(
          (g) =>
            `${g.on_schema_object.future.object_type_plural}:${g.privileges.join(',')}@${g.on_schema_object.future.in_schema}`,
        ),
      );
    for (const schema of sf.schemas) {
      const inSchema = `${names.database}.${schema.name}`;
      const read = `${names.database}.${accessRole(schema.name, 'READ')}`;
      const write = `${names.database}.${accessRole(schema.name, 'WRITE')}`;
      expect(actual(read)).toEqual(expected(READ_PRIVILEGES, schema.objectTypes, inSchema));
      expect(actual(write)).toEqual(expected(WRITE_PRIVILEGES, schema.objectTypes, inSchema));
      // Every future grant has its "all" twin (objects that existed before the grant).
      const all = s
        .list('snowflake_grant_privileges_to_database_role')
        .filter((g) => [read, write].includes(g.database_role_name) && g.on_schema_object?.all);
      expect(all).toHaveLength(futureGrants(s, read).length + futureGrants(s, write).length);
      // WRITE holds only write privileges: no usage, no create (those are READ's and OWNER's).
      const writeOther = s
        .list('snowflake_grant_privileges_to_database_role')
        .filter((g) => g.database_role_name === write && !g.on_schema_object);
      expect(writeOther).toEqual([]);
    }
    const databaseLevel = s
      .list('snowflake_grant_privileges_to_database_role')
      .filter((g) => g.on_schema_object?.future?.in_database || g.on_schema_object?.all?.in_database);
    expect(databaseLevel).toEqual([]);
  });

  it('has one owner role per schema that may create its object types and owns every future one of them', () => {
    const platform = platformSnowflake(env);
    for (const schema of sf.schemas) {
      const owner = names.ownerRole(schema.name);
      const inSchema = `${names.database}.${schema.name}`;
      const privileges = s
        .list('snowflake_grant_privileges_to_account_role')
        .filter((g) => g.account_role_name === owner && !g.on_account_object?.object_type?.includes('WAREHOUSE'));
      const onSchema = privileges.find((g) => g.on_schema?.schema_name === inSchema);
      expect(sorted(onSchema?.privileges ?? [])).toEqual(
        sorted(['USAGE', ...schema.objectTypes.map((t) => CREATE[t])]),
      );
      expect(privileges).toContainEqual(
        expect.objectContaining({
          on_account_object: { object_type: 'DATABASE', object_name: names.database },
          privileges: ['USAGE'],
        }),
      );
      const future = s
        .list('snowflake_grant_ownership')
        .filter((g) => g.on.future?.in_schema === inSchema)
        .map((g) => [g.account_role_name, g.on.future.object_type_plural]);
      expect(sorted(future.map(([r, t]) => `${r}:${t}`))).toEqual(
        sorted(schema.objectTypes.map((t) => `${owner}:${t}`)),
      );
      // Held by the platform admin role (the schema owner: future ownership needs a subordinate role), the team's
      // people and its pipelines, so each can replace what the other created.
      const parents = s
        .list('snowflake_grant_account_role')
        .filter((g) => g.role_name === owner)
        .map((g) => g.parent_role_name);
      expect(sorted(parents)).toEqual(sorted([platform.adminRole, names.teamRole, names.pipelineRole]));
      const executeTask = s
        .list('snowflake_grant_privileges_to_account_role')
        .filter((g) => g.account_role_name === owner && g.on_account);
      expect(executeTask.map((g) => [g.privileges, g.provider])).toEqual(
        schema.objectTypes.includes('TASKS') ? [[['EXECUTE TASK'], 'snowflake.accountadmin']] : [],
      );
    }
  });

  it('grants the team and pipeline roles to SYSADMIN and to nothing higher', () => {
    const accountRoles = s.list('snowflake_account_role').map((r) => r.name);
    expect(sorted(accountRoles)).toEqual(
      sorted([names.teamRole, names.pipelineRole, ...sf.schemas.map((x) => names.ownerRole(x.name))]),
    );
    const parents = (role: string) =>
      s
        .list('snowflake_grant_account_role')
        .filter((g) => g.role_name === role && g.parent_role_name)
        .map((g) => g.parent_role_name);
    expect(parents(names.teamRole)).toEqual(['SYSADMIN']);
    expect(parents(names.pipelineRole)).toEqual(['SYSADMIN']);
  });

  it('gives the team role to the configured members and the pipeline role to the service users only', () => {
    const users = (role: string) =>
      sorted(
        s
          .list('snowflake_grant_account_role')
          .filter((g) => g.role_name === role && g.user_name)
          .map((g) => g.user_name.replace(/^"|"$/g, '')),
      );
    expect(users(names.teamRole)).toEqual(sorted(sf.members));
    expect(users(names.pipelineRole)).toEqual(sorted(sf.serviceUsers.map((u) => names.serviceUser(u.key))));
  });

  it('has every declared warehouse with the environment size and its own calendar-month monitor', () => {
    const monitors = new Map(s.list('snowflake_resource_monitor').map((m) => [m.name, m]));
    const warehouses = new Map(s.list('snowflake_warehouse').map((w) => [w.name, w]));
    const expected = sf.warehouses[env];
    expect(sorted(warehouses.keys())).toEqual(sorted(expected.map((w) => names.warehouse(w.key))));
    const thresholds = config.platform.guardrails.resourceMonitor;
    for (const w of expected) {
      const warehouse = warehouses.get(names.warehouse(w.key))!;
      expect(warehouse).toMatchObject({
        warehouse_size: w.size,
        max_cluster_count: w.maxClusterCount,
        auto_suspend: w.autoSuspendSeconds,
        auto_resume: 'true',
        initially_suspended: true,
        statement_timeout_in_seconds: w.statementTimeoutSeconds,
        resource_monitor: names.monitor(w.key),
        provider: 'snowflake.accountadmin',
      });
      // Query acceleration is an Enterprise feature: left unset on Standard, explicitly off on Enterprise.
      expect(warehouse.enable_query_acceleration).toBe(level.edition === 'ENTERPRISE' ? 'false' : undefined);
      const monitor = monitors.get(names.monitor(w.key))!;
      expect(monitor).toMatchObject({
        credit_quota: w.monthlyCreditQuota,
        notify_triggers: thresholds.notifyPercents,
        suspend_trigger: thresholds.suspendPercent,
        suspend_immediate_trigger: thresholds.suspendImmediatePercent,
        provider: 'snowflake.accountadmin',
      });
      // Snowflake's default schedule: credits reset at the start of every calendar month.
      expect([monitor.frequency, monitor.start_timestamp]).toEqual([undefined, undefined]);
      expect(sorted(monitor.notify_users.map((u: string) => u.replace(/^"|"$/g, '')))).toEqual(
        sorted([...PLATFORM_NOTIFY_USERS, ...sf.notifyUsers]),
      );
    }
    // No warehouse without a monitor in this stack, and no monitor without a warehouse.
    expect(sorted([...warehouses.values()].map((w) => w.resource_monitor))).toEqual(sorted(monitors.keys()));
  });

  it("hands every warehouse to the platform admin role, which grants the team's roles and owner roles on it", () => {
    const platform = platformSnowflake(env);
    const owners = sf.schemas.map((x) => names.ownerRole(x.name));
    for (const w of sf.warehouses[env]) {
      const name = names.warehouse(w.key);
      expect(
        s
          .list('snowflake_grant_ownership')
          .filter((g) => g.on.object_type === 'WAREHOUSE' && g.on.object_name === name),
      ).toEqual([
        expect.objectContaining({
          account_role_name: platform.adminRole,
          outbound_privileges: 'COPY',
          provider: 'snowflake.accountadmin',
        }),
      ]);
      const grants = s
        .list('snowflake_grant_privileges_to_account_role')
        .filter((g) => g.on_account_object?.object_type === 'WAREHOUSE' && g.on_account_object.object_name === name);
      expect(
        sorted(grants.map((g) => `${g.account_role_name}:${g.privileges.join(',')}:${g.provider ?? 'default'}`)),
      ).toEqual(
        sorted([
          `${names.teamRole}:USAGE,OPERATE,MONITOR:default`,
          `${names.pipelineRole}:USAGE,OPERATE,MONITOR:default`,
          ...owners.map((o) => `${o}:USAGE:default`),
        ]),
      );
    }
  });

  it('has service users with a public key, no password, the pipeline role and a team warehouse', () => {
    const users = new Map(s.list('snowflake_service_user').map((u) => [u.name, u]));
    expect(sorted(users.keys())).toEqual(sorted(sf.serviceUsers.map((u) => names.serviceUser(u.key))));
    const policies = new Map(s.list('snowflake_network_policy').map((p) => [p.name, p]));
    for (const u of sf.serviceUsers) {
      const user = users.get(names.serviceUser(u.key))!;
      expect(Object.keys(user).filter((k) => /password/i.test(k))).toEqual([]);
      expect(user).toMatchObject({
        rsa_public_key: teamFile(team).serviceUsers.find((x) => x.key === u.key)!.rsaPublicKey,
        default_role: names.pipelineRole,
        default_warehouse: names.warehouse(u.defaultWarehouse),
      });
      if (u.allowedIpList) {
        expect(user.network_policy).toBe(names.networkPolicy(u.key));
        expect(policies.get(names.networkPolicy(u.key))?.allowed_ip_list).toEqual(u.allowedIpList);
      } else {
        expect(user.network_policy).toBeUndefined();
      }
    }
    expect(policies.size).toBe(sf.serviceUsers.filter((u) => u.allowedIpList).length);
  });

  it("grants other teams' READ roles exactly as configured in reads, and no others", () => {
    const crossTeam = s
      .list('snowflake_grant_database_role')
      .filter((g) => g.parent_role_name && databaseOf(g.database_role_name) !== names.database)
      .map((g) => `${g.parent_role_name} <- ${g.database_role_name}`);
    const expected = sf.reads.flatMap((r) => {
      const producer = snowflakeNames(env, r.team);
      return [names.teamRole, names.pipelineRole].map(
        (role) => `${role} <- ${producer.database}.${accessRole(r.schema, 'READ')}`,
      );
    });
    expect(sorted(crossTeam)).toEqual(sorted(expected));
  });

  it('grants its own READ and WRITE roles to its functional roles, and READ of published schemas to BI', () => {
    const own = s
      .list('snowflake_grant_database_role')
      .filter((g) => g.parent_role_name && databaseOf(g.database_role_name) === names.database)
      .map((g) => `${g.parent_role_name} <- ${g.database_role_name}`);
    const biReader = platformSnowflake(env).biReaderRole;
    const expected = [
      ...sf.schemas.flatMap((x) =>
        [names.teamRole, names.pipelineRole].flatMap((role) =>
          (['READ', 'WRITE'] as const).map((l) => `${role} <- ${names.database}.${accessRole(x.name, l)}`),
        ),
      ),
      ...sf.schemas
        .filter((x) => x.publishToBi)
        .map((x) => `${biReader} <- ${names.database}.${accessRole(x.name, 'READ')}`),
    ];
    expect(sorted(own)).toEqual(sorted(expected));
  });

  it('uses ACCOUNTADMIN only where it must, the user admin role for identities, the platform admin role for the rest', () => {
    const doc = JSON.parse(s.json);
    const providers = new Map<string, Resource>(
      doc.provider.snowflake.map((p: Resource) => [p.alias ? `snowflake.${p.alias}` : 'default', p]),
    );
    const platform = platformSnowflake(env);
    expect(sorted(providers.keys())).toEqual(['default', 'snowflake.accountadmin', 'snowflake.useradmin']);
    expect([providers.get('default')!.role, providers.get('default')!.user]).toEqual([
      platform.adminRole,
      level.deployUser,
    ]);
    expect([providers.get('snowflake.useradmin')!.role, providers.get('snowflake.useradmin')!.user]).toEqual([
      platform.userAdminRole,
      level.deployUser,
    ]);
    expect(providers.get('snowflake.accountadmin')).toMatchObject({
      role: 'ACCOUNTADMIN',
      user: level.accountAdminUser,
      private_key: '${var.snowflake_accountadmin_private_key}',
    });
    const identities = [
      'snowflake_account_role',
      'snowflake_grant_account_role',
      'snowflake_service_user',
      'snowflake_network_policy',
    ];
    for (const [type, resources] of Object.entries(doc.resource as Record<string, Record<string, Resource>>)) {
      for (const r of Object.values(resources)) {
        const asAccountAdmin =
          ['snowflake_resource_monitor', 'snowflake_warehouse'].includes(type) ||
          (type === 'snowflake_grant_ownership' && r.on.object_type === 'WAREHOUSE') ||
          (type === 'snowflake_grant_privileges_to_account_role' && r.on_account === true);
        const want = asAccountAdmin
          ? 'snowflake.accountadmin'
          : identities.includes(type)
            ? 'snowflake.useradmin'
            : undefined;
        expect([type, r.provider]).toEqual([type, want]);
      }
    }
  });
});

describe.each(envCases)('%s', (name, env) => {
  const s = stack(name);
  const names = platformSnowflake(env);
  const level = ENV[env];
  const grantsOf = (role: string) =>
    sorted(
      s
        .list('snowflake_grant_account_role')
        .filter((g) => g.role_name === role)
        .map((g) => g.parent_role_name ?? `user:${g.user_name}`),
    );
  const accountPrivileges = (role: string) =>
    s.list('snowflake_grant_privileges_to_account_role').filter((g) => g.account_role_name === role && g.on_account);

  it('uses only current provider resources', () => {
    expect(Object.keys(JSON.parse(s.json).resource).filter((t) => !CURRENT_RESOURCES.includes(t))).toEqual([]);
  });

  it('runs as ACCOUNTADMIN, as the account-admin user, its key from an ephemeral sensitive variable', () => {
    const doc = JSON.parse(s.json);
    expect(doc.provider.snowflake).toEqual([
      expect.objectContaining({
        role: 'ACCOUNTADMIN',
        user: level.accountAdminUser,
        private_key: '${var.snowflake_accountadmin_private_key}',
      }),
    ]);
    expect(doc.variable.snowflake_accountadmin_private_key).toMatchObject({
      type: 'string',
      sensitive: true,
      ephemeral: true,
    });
    expect(doc.variable.snowflake_accountadmin_private_key.default).toBeUndefined();
  });

  it('creates the object-administration role: CREATE DATABASE only, under SYSADMIN, for the deploy user', () => {
    expect(accountPrivileges(names.adminRole)).toEqual([expect.objectContaining({ privileges: ['CREATE DATABASE'] })]);
    expect(grantsOf(names.adminRole)).toEqual(sorted(['SYSADMIN', `user:${level.deployUser}`]));
  });

  it('creates the identity-administration role: CREATE ROLE/USER/NETWORK POLICY, under USERADMIN and not SYSADMIN', () => {
    expect(accountPrivileges(names.userAdminRole)).toEqual([
      expect.objectContaining({ privileges: ['CREATE ROLE', 'CREATE USER', 'CREATE NETWORK POLICY'] }),
    ]);
    expect(grantsOf(names.userAdminRole)).toEqual(sorted(['USERADMIN', `user:${level.deployUser}`]));
    // Nobody gets MANAGE GRANTS (it would let a role, and SYSADMIN through it, grant anything in the account).
    for (const g of s.list('snowflake_grant_privileges_to_account_role'))
      expect(g.privileges).not.toContain('MANAGE GRANTS');
  });

  it('creates the deploy user: a protected service user without secondary roles, holding only the two roles', () => {
    const [user] = s.list('snowflake_service_user').filter((u) => u.name === level.deployUser);
    const env0 = config.environments.find((e) => e.name === env)!;
    expect(user).toMatchObject({
      default_role: names.adminRole,
      default_secondary_roles_option: 'NONE',
      rsa_public_key: env0.snowflake.deployUser.rsaPublicKey,
      lifecycle: { prevent_destroy: true },
    });
    expect(Object.keys(user).filter((k) => /password/i.test(k))).toEqual([]);
    const held = s
      .list('snowflake_grant_account_role')
      .filter((g) => g.user_name === level.deployUser)
      .map((g) => g.role_name);
    expect(sorted(held)).toEqual(sorted([names.adminRole, names.userAdminRole]));
  });

  it('creates the BI reader role for SYSADMIN and the BI service users', () => {
    expect(sorted(s.list('snowflake_account_role').map((r) => r.name))).toEqual(
      sorted([names.adminRole, names.userAdminRole, names.biReaderRole]),
    );
    expect(grantsOf(names.biReaderRole)).toEqual(sorted(['SYSADMIN', ...names.biUsers.map((u) => `user:${u}`)]));
  });

  it('creates the shared BI warehouse with its monitor, owned by the platform admin role, usable by BI', () => {
    const bi = ENV[env].biWarehouse;
    const thresholds = config.platform.guardrails.resourceMonitor;
    expect(s.list('snowflake_warehouse')).toEqual([
      expect.objectContaining({
        name: names.biWarehouse,
        warehouse_size: bi.size,
        resource_monitor: names.biMonitor,
        auto_resume: 'true',
      }),
    ]);
    const [monitor] = s.list('snowflake_resource_monitor');
    expect(monitor).toMatchObject({
      name: names.biMonitor,
      credit_quota: bi.monthlyCreditQuota,
      notify_triggers: thresholds.notifyPercents,
      suspend_trigger: thresholds.suspendPercent,
      suspend_immediate_trigger: thresholds.suspendImmediatePercent,
      notify_users: PLATFORM_NOTIFY_USERS.map((u) => `"${u}"`),
    });
    expect([monitor.frequency, monitor.start_timestamp]).toEqual([undefined, undefined]);
    expect(s.list('snowflake_grant_ownership')).toEqual([
      expect.objectContaining({
        account_role_name: names.adminRole,
        on: { object_type: 'WAREHOUSE', object_name: names.biWarehouse },
      }),
    ]);
    const usage = s
      .list('snowflake_grant_privileges_to_account_role')
      .filter((g) => g.on_account_object?.object_name === names.biWarehouse);
    expect(usage).toEqual([expect.objectContaining({ account_role_name: names.biReaderRole, privileges: ['USAGE'] })]);
  });

  it('creates the BI service users with a public key, no password, the BI role and warehouse', () => {
    const users = s.list('snowflake_service_user').filter((u) => u.name !== level.deployUser);
    expect(sorted(users.map((u) => u.name))).toEqual(sorted(names.biUsers));
    const keys = config.environments[0].snowflake.biUsers.map((u) => u.rsaPublicKey);
    for (const [i, name] of names.biUsers.entries()) {
      const user = users.find((x) => x.name === name)!;
      expect(Object.keys(user).filter((k) => /password/i.test(k))).toEqual([]);
      expect(user).toMatchObject({
        rsa_public_key: keys[i],
        default_role: names.biReaderRole,
        default_warehouse: names.biWarehouse,
      });
    }
  });
});

describe('all Snowflake stacks', () => {
  it('never grant a database role to a database role (BCR-2371: provider <= 2.19 drops such grants from state)', () => {
    let grants = 0;
    for (const name of snowflakeStackNames) {
      for (const g of stack(name).list('snowflake_grant_database_role')) {
        grants++;
        expect([name, g.parent_database_role_name]).toEqual([name, undefined]);
        expect([name, typeof g.parent_role_name]).toEqual([name, 'string']);
      }
    }
    expect(grants).toBeGreaterThan(0);
  });

  it('require exactly snowflakedb/snowflake 2.20.0 (never 2.18.x/2.19.x, never a range)', () => {
    for (const name of snowflakeStackNames) {
      const required = JSON.parse(stack(name).json).terraform.required_providers;
      expect([name, required]).toEqual([name, { snowflake: { source: 'snowflakedb/snowflake', version: '2.20.0' } }]);
      expect(required.snowflake.version).not.toMatch(/^2\.1[89]\./);
    }
  });

  it('team stacks never grant a role to ACCOUNTADMIN, SECURITYADMIN, USERADMIN, ORGADMIN or PUBLIC, nor those roles', () => {
    const forbidden = FORBIDDEN_PARENT_ROLES as readonly string[];
    for (const [name] of teamCases) {
      for (const g of stack(name).list('snowflake_grant_account_role')) {
        expect([name, forbidden.includes(g.parent_role_name)]).toEqual([name, false]);
        expect([name, forbidden.includes(g.role_name)]).toEqual([name, false]);
      }
    }
  });

  it('platform stacks grant only their identity-administration role to USERADMIN, and nothing to higher roles', () => {
    for (const [name, env] of envCases) {
      const toAdmins = stack(name)
        .list('snowflake_grant_account_role')
        .filter(
          (g) => FORBIDDEN_PARENT_ROLES.includes(g.parent_role_name) || FORBIDDEN_PARENT_ROLES.includes(g.role_name),
        )
        .map((g) => `${g.role_name}->${g.parent_role_name}`);
      expect(toAdmins).toEqual([`${platformSnowflake(env).userAdminRole}->USERADMIN`]);
    }
  });

  it("give each environment's deploy user only that environment's administration roles, and never ACCOUNTADMIN", () => {
    for (const env of ENVIRONMENTS) {
      const deployUser = ENV[env].deployUser;
      const held = snowflakeStackNames.flatMap((name) =>
        stack(name)
          .list('snowflake_grant_account_role')
          .filter((g) => g.user_name?.replace(/^"|"$/g, '') === deployUser)
          .map((g) => g.role_name),
      );
      const p = platformSnowflake(env);
      expect(sorted(held)).toEqual(sorted([p.adminRole, p.userAdminRole]));
    }
    // dev and staging share an account, not a deploy user.
    expect(new Set(ENVIRONMENTS.map((e) => ENV[e].deployUser)).size).toBe(ENVIRONMENTS.length);
  });

  it('give account-level objects upper-case names that never collide in a shared Snowflake account', () => {
    const seen = new Map<string, string>();
    const accountLevel = [
      'snowflake_database',
      'snowflake_account_role',
      'snowflake_warehouse',
      'snowflake_resource_monitor',
      'snowflake_service_user',
      'snowflake_network_policy',
    ];
    for (const [name, env] of [...teamCases.map(([n, e]) => [n, e] as const), ...envCases]) {
      for (const type of accountLevel) {
        for (const r of stack(name).list(type)) {
          expect(r.name).toMatch(/^[A-Z][A-Z0-9_]*$/);
          const key = `${ENV[env].snowflakeAccount}/${type}/${r.name}`;
          expect([key, seen.get(key)]).toEqual([key, undefined]);
          seen.set(key, name);
        }
      }
    }
    expect(seen.size).toBeGreaterThan(0);
  });

  // The Snowflake provider binary is not in the offline mirror (only hashicorp/aws is), so `terraform validate` and
  // `plan` never run on these stacks here: they are checked only by the assertions in this file.
  it('is not terraform-validated: no snowflake provider binary offline', () => {
    const mirror = process.env.TF_PLUGIN_MIRROR || '/opt/tf-plugins';
    expect(fs.existsSync(path.join(mirror, 'registry.terraform.io', 'snowflakedb', 'snowflake'))).toBe(false);
    for (const name of snowflakeStackNames) {
      expect(Object.keys(JSON.parse(stack(name).json).terraform.required_providers)).toEqual(['snowflake']);
    }
  });
});
