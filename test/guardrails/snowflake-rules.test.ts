/** Snowflake rules and deletion protection: each violated and satisfied by a tiny stack of provider resources. */
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { OrganizationsAccount } from '@cdktf/provider-aws/lib/organizations-account';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Database } from '@cdktf/provider-snowflake/lib/database';
import { GrantAccountRole } from '@cdktf/provider-snowflake/lib/grant-account-role';
import { GrantDatabaseRole } from '@cdktf/provider-snowflake/lib/grant-database-role';
import { GrantOwnership } from '@cdktf/provider-snowflake/lib/grant-ownership';
import { GrantPrivilegesToAccountRole } from '@cdktf/provider-snowflake/lib/grant-privileges-to-account-role';
import { LegacyServiceUser } from '@cdktf/provider-snowflake/lib/legacy-service-user';
import { SnowflakeProvider } from '@cdktf/provider-snowflake/lib/provider';
import { ResourceMonitor } from '@cdktf/provider-snowflake/lib/resource-monitor';
import { Schema } from '@cdktf/provider-snowflake/lib/schema';
import { ServiceUser } from '@cdktf/provider-snowflake/lib/service-user';
import { Warehouse } from '@cdktf/provider-snowflake/lib/warehouse';
import type { TerraformStack } from 'cdktf';
import { DATA_BEARING_TYPES } from '../../domain/data-bearing-resources';
import {
  deletionProtection,
  snowflakeAccountAdminScope,
  snowflakeDatabaseRetention,
  snowflakeNoAdminRoleGrants,
  snowflakeServiceUserNoPassword,
  snowflakeWarehouseAutoSuspend,
  snowflakeWarehouseMonitor,
} from '../../constructs/guardrails';
import { findings, messages } from './helpers';

const warehouse = (props: Partial<ConstructorParameters<typeof Warehouse>[2]>) => (s: TerraformStack) =>
  void new Warehouse(s, 'wh', {
    name: 'TELEHEALTH_APP',
    autoSuspend: 60,
    resourceMonitor: 'TELEHEALTH_APP_MONITOR',
    ...props,
  });

describe('snowflake-warehouse-monitor', () => {
  it('fails for a warehouse without a resource monitor and passes with one', () => {
    expect(messages(findings(snowflakeWarehouseMonitor, warehouse({ resourceMonitor: undefined })))).toEqual([
      'warehouse "TELEHEALTH_APP" has no resource_monitor',
    ]);
    expect(findings(snowflakeWarehouseMonitor, warehouse({}))).toEqual([]);
  });
});

describe('snowflake-warehouse-auto-suspend', () => {
  const limit = { maxAutoSuspendSeconds: 600 };
  it('fails above the limit, at zero (never) and when unset', () => {
    expect(messages(findings(snowflakeWarehouseAutoSuspend, warehouse({ autoSuspend: 3600 }), limit))).toEqual([
      'warehouse "TELEHEALTH_APP" has auto_suspend 3600, allowed 1 to 600 seconds',
    ]);
    expect(findings(snowflakeWarehouseAutoSuspend, warehouse({ autoSuspend: 0 }), limit)).toHaveLength(1);
    expect(messages(findings(snowflakeWarehouseAutoSuspend, warehouse({ autoSuspend: undefined }), limit))).toEqual([
      expect.stringContaining('does not set auto_suspend'),
    ]);
  });
  it('passes within the limit, including exactly at it', () => {
    expect(findings(snowflakeWarehouseAutoSuspend, warehouse({ autoSuspend: 600 }), limit)).toEqual([]);
    expect(findings(snowflakeWarehouseAutoSuspend, warehouse({ autoSuspend: 60 }), limit)).toEqual([]);
  });
});

describe('snowflake-no-admin-role-grants', () => {
  const team = { team: 'telehealth' };
  it('fails in a team stack that grants its role to ACCOUNTADMIN, SECURITYADMIN to its role, or privileges to USERADMIN', () => {
    const found = findings(
      snowflakeNoAdminRoleGrants,
      (s) => {
        new GrantAccountRole(s, 'up', { roleName: 'TELEHEALTH_TEAM', parentRoleName: 'ACCOUNTADMIN' });
        new GrantAccountRole(s, 'down', { roleName: '"SECURITYADMIN"', parentRoleName: 'TELEHEALTH_TEAM' });
        new GrantPrivilegesToAccountRole(s, 'privs', {
          accountRoleName: 'useradmin',
          privileges: ['CREATE USER'],
          onAccount: true,
        });
        new GrantDatabaseRole(s, 'dbrole', {
          databaseRoleName: '"TELEHEALTH"."RAW_READ"',
          parentRoleName: 'ACCOUNTADMIN',
        });
      },
      team,
    );
    expect(found.map((f) => [f.path, f.message])).toEqual([
      ['test-stack/up', 'snowflake_grant_account_role.parent_role_name is ACCOUNTADMIN'],
      ['test-stack/down', 'snowflake_grant_account_role.role_name is SECURITYADMIN'],
      ['test-stack/dbrole', 'snowflake_grant_database_role.parent_role_name is ACCOUNTADMIN'],
      ['test-stack/privs', 'snowflake_grant_privileges_to_account_role.account_role_name is USERADMIN'],
    ]);
  });
  it('passes for grants to SYSADMIN and team roles, and in platform stacks', () => {
    expect(
      findings(
        snowflakeNoAdminRoleGrants,
        (s) => void new GrantAccountRole(s, 'up', { roleName: 'TELEHEALTH_TEAM', parentRoleName: 'SYSADMIN' }),
        team,
      ),
    ).toEqual([]);
    expect(
      findings(
        snowflakeNoAdminRoleGrants,
        (s) => void new GrantAccountRole(s, 'up', { roleName: 'PLATFORM_ADMIN', parentRoleName: 'ACCOUNTADMIN' }),
        {},
      ),
    ).toEqual([]);
  });
});

describe('snowflake-no-admin-role-grants: the platform administration roles', () => {
  const context = { team: 'telehealth', snowflakePlatformRoleNames: ['DEV_PLATFORM_ADMIN', 'DEV_PLATFORM_USERADMIN'] };
  it('fails when a team stack hands a platform role to anything, and passes when it grants an owner role to one', () => {
    const found = findings(
      snowflakeNoAdminRoleGrants,
      (s) => {
        new GrantAccountRole(s, 'leak', { roleName: 'dev_platform_useradmin', parentRoleName: 'DEV_TELEHEALTH_TEAM' });
        new GrantAccountRole(s, 'user', { roleName: 'DEV_PLATFORM_ADMIN', userName: 'SOMEONE' });
        new GrantAccountRole(s, 'owner', {
          roleName: 'DEV_TELEHEALTH_RAW_OWNER',
          parentRoleName: 'DEV_PLATFORM_ADMIN',
        });
      },
      context,
    );
    expect(found.map((f) => [f.path, f.message])).toEqual([
      ['test-stack/leak', 'grants the platform role DEV_PLATFORM_USERADMIN (snowflake_grant_account_role.role_name)'],
      ['test-stack/user', 'grants the platform role DEV_PLATFORM_ADMIN (snowflake_grant_account_role.role_name)'],
    ]);
  });
});

describe('snowflake-accountadmin-scope', () => {
  const team = { team: 'telehealth' };
  const providers = (s: TerraformStack) => ({
    admin: new SnowflakeProvider(s, 'a', { alias: 'accountadmin', role: 'ACCOUNTADMIN' }),
    users: new SnowflakeProvider(s, 'u', { alias: 'useradmin', role: 'DEV_PLATFORM_USERADMIN' }),
  });
  it('passes for monitors, warehouses, warehouse hand-over and EXECUTE TASK as ACCOUNTADMIN', () => {
    const build = (s: TerraformStack) => {
      const { admin } = providers(s);
      new ResourceMonitor(s, 'm', { provider: admin, name: 'M', creditQuota: 1 });
      new Warehouse(s, 'w', { provider: admin, name: 'W', autoSuspend: 60, resourceMonitor: 'M' });
      new GrantOwnership(s, 'o', {
        provider: admin,
        accountRoleName: 'DEV_PLATFORM_ADMIN',
        on: { objectType: 'WAREHOUSE', objectName: 'W' },
      });
      new GrantPrivilegesToAccountRole(s, 't', {
        provider: admin,
        accountRoleName: 'OWNER',
        onAccount: true,
        privileges: ['EXECUTE TASK'],
      });
      new Database(s, 'db', { name: 'DB' });
    };
    expect(findings(snowflakeAccountAdminScope, build, team)).toEqual([]);
  });

  it('fails for anything else a team stack does as ACCOUNTADMIN (default provider or alias), and not in platform stacks', () => {
    const build = (s: TerraformStack) => {
      const { admin, users } = providers(s);
      new Database(s, 'db', { provider: admin, name: 'DB' });
      new GrantOwnership(s, 'o', {
        provider: admin,
        accountRoleName: 'X',
        on: { future: { objectTypePlural: 'TABLES', inSchema: 'DB.S' } },
      });
      new GrantPrivilegesToAccountRole(s, 'p', {
        provider: admin,
        accountRoleName: 'X',
        onAccount: true,
        privileges: ['EXECUTE TASK', 'CREATE USER'],
      });
      new GrantAccountRole(s, 'g', { provider: users, roleName: 'X', parentRoleName: 'SYSADMIN' });
    };
    expect(messages(findings(snowflakeAccountAdminScope, build, team))).toEqual([
      'snowflake_database on provider snowflake.accountadmin (ACCOUNTADMIN) is not a resource type that needs ACCOUNTADMIN',
      'snowflake_grant_ownership on provider snowflake.accountadmin (ACCOUNTADMIN) transfers ownership of something other than a warehouse',
      'snowflake_grant_privileges_to_account_role on provider snowflake.accountadmin (ACCOUNTADMIN) grants CREATE USER (only EXECUTE TASK)',
    ]);
    const defaultAdmin = (s: TerraformStack) => {
      new SnowflakeProvider(s, 'd', { role: 'accountadmin' });
      new Schema(s, 'schema', { database: 'DB', name: 'S' });
    };
    expect(messages(findings(snowflakeAccountAdminScope, defaultAdmin, team))).toEqual([
      'snowflake_schema on provider snowflake (ACCOUNTADMIN) is not a resource type that needs ACCOUNTADMIN',
    ]);
    expect(findings(snowflakeAccountAdminScope, build, {})).toEqual([]);
  });
});

describe('snowflake-service-user-no-password', () => {
  it('fails for a user with a password (even forced onto a service user by an override)', () => {
    expect(
      messages(
        findings(
          snowflakeServiceUserNoPassword,
          (s) => void new LegacyServiceUser(s, 'u', { name: 'ETL', password: 'hunter2hunter2' }),
        ),
      ),
    ).toEqual(['user "ETL" (snowflake_legacy_service_user) sets a password']);
    expect(
      findings(snowflakeServiceUserNoPassword, (s) =>
        new ServiceUser(s, 'u', { name: 'ETL' }).addOverride('password', 'x'),
      ),
    ).toHaveLength(1);
  });
  it('passes for a key-pair service user', () => {
    expect(
      findings(
        snowflakeServiceUserNoPassword,
        (s) => void new ServiceUser(s, 'u', { name: 'ETL', rsaPublicKey: 'MIIBIjAN...' }),
      ),
    ).toEqual([]);
  });
});

describe('snowflake-database-retention', () => {
  const db = (days?: number) => (s: TerraformStack) =>
    void new Database(s, 'db', { name: 'TELEHEALTH', dataRetentionTimeInDays: days });
  it("fails below the protection level's Time Travel, or unset", () => {
    expect(messages(findings(snowflakeDatabaseRetention, db(1), { minDataRetentionDays: 7 }))).toEqual([
      'database "TELEHEALTH" has data_retention_time_in_days 1, needs at least 7',
    ]);
    expect(findings(snowflakeDatabaseRetention, db(undefined), { minDataRetentionDays: 1 })).toHaveLength(1);
  });
  it('passes at or above it', () => {
    expect(findings(snowflakeDatabaseRetention, db(7), { minDataRetentionDays: 7 })).toEqual([]);
    expect(findings(snowflakeDatabaseRetention, db(1), {})).toEqual([]);
  });
});

describe('deletion-protection', () => {
  const everything = (preventDestroy: boolean) => (s: TerraformStack) => {
    const lifecycle = { preventDestroy };
    const d = new Database(s, 'db', { name: 'TELEHEALTH', lifecycle });
    new Schema(s, 'schema', { database: d.name, name: 'EVENTS', lifecycle });
    new S3Bucket(s, 'bucket', { bucket: 'acme-data', lifecycle });
    new EcrRepository(s, 'repo', { name: 'telehealth/api', lifecycle });
    new OrganizationsAccount(s, 'account', { name: 'data-platform-prod', email: 'a@example.com', lifecycle });
  };

  it('fails in a strict environment for every data-bearing type without prevent_destroy', () => {
    const found = findings(deletionProtection, everything(false), { strict: true });
    expect(found.map((f) => f.address.split('.')[0]).sort()).toEqual([...DATA_BEARING_TYPES].sort());
    expect(found.every((f) => f.level === 'error' && f.message.endsWith('has no lifecycle.prevent_destroy'))).toBe(
      true,
    );
  });

  it('passes with prevent_destroy, and in standard environments without it', () => {
    expect(findings(deletionProtection, everything(true), { strict: true })).toEqual([]);
    expect(findings(deletionProtection, everything(false), { strict: false })).toEqual([]);
  });

  it('protects the accounts of strict environments in a non-strict (organization) stack', () => {
    const accounts = (s: TerraformStack) => {
      new OrganizationsAccount(s, 'prod', { name: 'data-platform-prod', email: 'p@example.com' });
      new OrganizationsAccount(s, 'dev', { name: 'data-platform-dev', email: 'd@example.com' });
    };
    expect(
      findings(deletionProtection, accounts, { protectedAccountNames: ['data-platform-prod'] }).map((f) => f.path),
    ).toEqual(['test-stack/prod']);
  });
});
