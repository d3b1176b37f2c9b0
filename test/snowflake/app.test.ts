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
import { PLATFORM_ADMIN_PRIVILEGES } from '../../stacks/platform-snowflake-stack';
import {
  ENV,
  type Env,
  ENVIRONMENTS,
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

const dml = ['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'];
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

  it('has READ and WRITE access roles per schema, with future grants at schema level', () => {
    const roles = s.list('snowflake_database_role').map((r) => `${r.database}.${r.name}`);
    expect(sorted(roles)).toEqual(
      sorted(
        sf.schemas.flatMap((x) =>
          ['READ', 'WRITE'].map((l) => `${names.database}.${accessRole(x.name, l as 'READ' | 'WRITE')}`),
        ),
      ),
    );
    for (const schema of sf.schemas) {
      const inSchema = `${names.database}.${schema.name}`;
      const read = futureGrants(s, `${names.database}.${accessRole(schema.name, 'READ')}`);
      expect(
        sorted(
          read.map(
            (g) =>
              `${g.on_schema_object.future.object_type_plural}:${g.privileges}@${g.on_schema_object.future.in_schema}`,
          ),
        ),
      ).toEqual([`TABLES:SELECT@${inSchema}`, `VIEWS:SELECT@${inSchema}`]);
      const write = futureGrants(s, `${names.database}.${accessRole(schema.name, 'WRITE')}`);
      expect(
        write.map((g) => [
          g.on_schema_object.future.object_type_plural,
          g.privileges,
          g.on_schema_object.future.in_schema,
        ]),
      ).toEqual([['TABLES', dml, inSchema]]);
    }
    const databaseLevel = s
      .list('snowflake_grant_privileges_to_database_role')
      .filter((g) => g.on_schema_object?.future?.in_database || g.on_schema_object?.all?.in_database);
    expect(databaseLevel).toEqual([]);
  });

  it('grants the team and pipeline roles to SYSADMIN and to nothing higher', () => {
    const accountRoles = s.list('snowflake_account_role').map((r) => r.name);
    expect(sorted(accountRoles)).toEqual(sorted([names.teamRole, names.pipelineRole]));
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

  it('has every declared warehouse with the environment size and its own monitor (quota, monthly, triggers)', () => {
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
      expect(monitors.get(names.monitor(w.key))).toMatchObject({
        credit_quota: w.monthlyCreditQuota,
        frequency: 'MONTHLY',
        notify_triggers: thresholds.notifyPercents,
        suspend_trigger: thresholds.suspendPercent,
        suspend_immediate_trigger: thresholds.suspendImmediatePercent,
        provider: 'snowflake.accountadmin',
      });
    }
    // No warehouse without a monitor in this stack, and no monitor without a warehouse.
    expect(sorted([...warehouses.values()].map((w) => w.resource_monitor))).toEqual(sorted(monitors.keys()));
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

  it('grants its own access roles only as WRITE to its functional roles and READ of published schemas to BI', () => {
    const own = s
      .list('snowflake_grant_database_role')
      .filter((g) => g.parent_role_name && databaseOf(g.database_role_name) === names.database)
      .map((g) => `${g.parent_role_name} <- ${g.database_role_name}`);
    const biReader = platformSnowflake(env).biReaderRole;
    const expected = [
      ...sf.schemas.flatMap((x) =>
        [names.teamRole, names.pipelineRole].map(
          (role) => `${role} <- ${names.database}.${accessRole(x.name, 'WRITE')}`,
        ),
      ),
      ...sf.schemas
        .filter((x) => x.publishToBi)
        .map((x) => `${biReader} <- ${names.database}.${accessRole(x.name, 'READ')}`),
    ];
    expect(sorted(own)).toEqual(sorted(expected));
  });

  it('creates only monitors, warehouses and warehouse grants as ACCOUNTADMIN; the rest as the platform admin role', () => {
    const doc = JSON.parse(s.json);
    for (const [type, resources] of Object.entries(doc.resource as Record<string, Record<string, Resource>>)) {
      for (const r of Object.values(resources)) {
        const asAccountAdmin =
          ['snowflake_resource_monitor', 'snowflake_warehouse'].includes(type) ||
          (type === 'snowflake_grant_privileges_to_account_role' && r.on_account_object?.object_type === 'WAREHOUSE');
        expect([type, r.provider]).toEqual([type, asAccountAdmin ? 'snowflake.accountadmin' : undefined]);
      }
    }
  });
});

describe.each(envCases)('%s', (name, env) => {
  const s = stack(name);
  const names = platformSnowflake(env);
  const deployUser = 'TERRAFORM_DEPLOYER';
  const grantsOf = (role: string) =>
    sorted(
      s
        .list('snowflake_grant_account_role')
        .filter((g) => g.role_name === role)
        .map((g) => g.parent_role_name ?? `user:${g.user_name}`),
    );

  it('uses only current provider resources', () => {
    expect(Object.keys(JSON.parse(s.json).resource).filter((t) => !CURRENT_RESOURCES.includes(t))).toEqual([]);
  });

  it('creates the platform admin role with the account privileges team stacks need, for SYSADMIN and the deploy user', () => {
    const privileges = s
      .list('snowflake_grant_privileges_to_account_role')
      .filter((g) => g.account_role_name === names.adminRole);
    expect(privileges).toEqual([
      expect.objectContaining({ on_account: true, privileges: [...PLATFORM_ADMIN_PRIVILEGES] }),
    ]);
    expect(privileges[0].privileges).toEqual(expect.arrayContaining(['CREATE DATABASE', 'CREATE ROLE', 'CREATE USER']));
    expect(privileges[0].privileges).not.toContain('MANAGE GRANTS');
    expect(grantsOf(names.adminRole)).toEqual(sorted(['SYSADMIN', `user:${deployUser}`]));
  });

  it('creates the BI reader role for SYSADMIN and the BI service users', () => {
    expect(sorted(s.list('snowflake_account_role').map((r) => r.name))).toEqual(
      sorted([names.adminRole, names.biReaderRole]),
    );
    expect(grantsOf(names.biReaderRole)).toEqual(sorted(['SYSADMIN', ...names.biUsers.map((u) => `user:${u}`)]));
  });

  it('creates the shared BI warehouse with its monitor, usable (not operable) by the BI reader role', () => {
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
    expect(s.list('snowflake_resource_monitor')).toEqual([
      expect.objectContaining({
        name: names.biMonitor,
        credit_quota: bi.monthlyCreditQuota,
        frequency: 'MONTHLY',
        notify_triggers: thresholds.notifyPercents,
        suspend_trigger: thresholds.suspendPercent,
        suspend_immediate_trigger: thresholds.suspendImmediatePercent,
      }),
    ]);
    const usage = s
      .list('snowflake_grant_privileges_to_account_role')
      .filter((g) => g.on_account_object?.object_name === names.biWarehouse);
    expect(usage).toEqual([expect.objectContaining({ account_role_name: names.biReaderRole, privileges: ['USAGE'] })]);
  });

  it('creates the BI service users with a public key, no password, the BI role and warehouse', () => {
    const users = s.list('snowflake_service_user');
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
  it('never grant a role to ACCOUNTADMIN, SECURITYADMIN, USERADMIN, ORGADMIN or PUBLIC, nor those roles to anyone', () => {
    const forbidden = FORBIDDEN_PARENT_ROLES as readonly string[];
    for (const name of snowflakeStackNames) {
      for (const g of stack(name).list('snowflake_grant_account_role')) {
        expect([name, forbidden.includes(g.parent_role_name)]).toEqual([name, false]);
        expect([name, forbidden.includes(g.role_name)]).toEqual([name, false]);
      }
    }
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
