import { AccountRole } from '@cdktf/provider-snowflake/lib/account-role';
import { GrantAccountRole } from '@cdktf/provider-snowflake/lib/grant-account-role';
import { GrantDatabaseRole } from '@cdktf/provider-snowflake/lib/grant-database-role';
import { GrantPrivilegesToAccountRole } from '@cdktf/provider-snowflake/lib/grant-privileges-to-account-role';
import { SnowflakeProvider } from '@cdktf/provider-snowflake/lib/provider';
import { AccessRoleGrants } from '../../constructs/snowflake/access-role-grants';
import {
  FORBIDDEN_PARENT_ROLES,
  FunctionalRole,
  type FunctionalRoleProps,
} from '../../constructs/snowflake/functional-role';
import { synth } from './synth';

const build = (props: FunctionalRoleProps) => synth((scope) => new FunctionalRole(scope, 'role', props));

describe('FunctionalRole', () => {
  it('creates the account role and grants it to SYSADMIN only, by default', () => {
    const s = build({ name: 'DEV_SALES_TEAM', comment: 'people' });
    expect(s.json).toHaveResourceWithProperties(AccountRole, { name: 'DEV_SALES_TEAM', comment: 'people' });
    expect(s.list(GrantAccountRole.tfResourceType)).toEqual([
      expect.objectContaining({ role_name: 'DEV_SALES_TEAM', parent_role_name: 'SYSADMIN' }),
    ]);
  });

  it('holds the given access roles, keyed by their stable keys', () => {
    const s = build({
      name: 'T',
      databaseRoles: [
        { database: 'DB', role: 'RAW_WRITE' },
        { key: 'other.CURATED', database: 'OTHER', role: 'CURATED_READ' },
      ],
    });
    expect(
      s
        .list(GrantDatabaseRole.tfResourceType)
        .map((g) => [g.database_role_name, g.parent_role_name])
        .sort(),
    ).toEqual([
      ['DB.RAW_WRITE', 'T'],
      ['OTHER.CURATED_READ', 'T'],
    ]);
    expect(Object.keys(s.of(GrantDatabaseRole.tfResourceType)).some((id) => id.includes('otherCURATED'))).toBe(true);
  });

  it('grants the role to existing users, quoting names that are not plain identifiers', () => {
    const s = build({ name: 'T', users: ['MARIA.GARCIA@EXAMPLE.COM', 'SVC_USER'] });
    const users = s
      .list(GrantAccountRole.tfResourceType)
      .filter((g) => g.user_name)
      .map((g) => g.user_name)
      .sort();
    expect(users).toEqual(['"MARIA.GARCIA@EXAMPLE.COM"', 'SVC_USER']);
  });

  it('grants account privileges when asked, and none otherwise', () => {
    expect(build({ name: 'T' }).list(GrantPrivilegesToAccountRole.tfResourceType)).toEqual([]);
    const s = build({ name: 'ADMIN', accountPrivileges: ['CREATE DATABASE', 'CREATE ROLE'] });
    expect(s.json).toHaveResourceWithProperties(GrantPrivilegesToAccountRole, {
      account_role_name: 'ADMIN',
      on_account: true,
      privileges: ['CREATE DATABASE', 'CREATE ROLE'],
    });
  });

  it('creates and grants the role with its provider, access roles and account privileges with theirs', () => {
    const s = synth((scope) => {
      const users = new SnowflakeProvider(scope, 'u', { alias: 'useradmin', role: 'PLATFORM_USERADMIN' });
      const admin = new SnowflakeProvider(scope, 'a', { alias: 'accountadmin', role: 'ACCOUNTADMIN' });
      new FunctionalRole(scope, 'role', {
        name: 'T',
        users: ['ANA'],
        databaseRoles: [{ database: 'DB', role: 'RAW_READ' }],
        accountPrivileges: ['EXECUTE TASK'],
        provider: users,
        accountPrivilegesProvider: admin,
      });
    });
    const providers = (type: string) => s.list(type).map((r) => r.provider);
    expect(providers(AccountRole.tfResourceType)).toEqual(['snowflake.useradmin']);
    expect(providers(GrantAccountRole.tfResourceType)).toEqual(['snowflake.useradmin', 'snowflake.useradmin']);
    // The database roles' owner (the default provider) grants them.
    expect(providers(GrantDatabaseRole.tfResourceType)).toEqual([undefined]);
    expect(providers(GrantPrivilegesToAccountRole.tfResourceType)).toEqual(['snowflake.accountadmin']);
  });

  it.each(FORBIDDEN_PARENT_ROLES)('refuses to grant the role to %s', (parent) => {
    expect(() => build({ name: 'T', parentRoles: ['SYSADMIN', parent] })).toThrow(
      new RegExp(`role: parentRoles grants T to ${parent} .*Fix: grant custom roles to SYSADMIN`),
    );
  });
});

describe('AccessRoleGrants', () => {
  it('grants database roles to an existing account role, never to a database role', () => {
    const s = synth(
      (scope) =>
        new AccessRoleGrants(scope, 'bi', {
          accountRole: 'BI_READER',
          databaseRoles: [{ key: 'METRICS', database: 'DB', role: 'METRICS_READ' }],
        }),
    );
    expect(s.list(AccountRole.tfResourceType)).toEqual([]);
    expect(s.json).toHaveResourceWithProperties(GrantDatabaseRole, {
      database_role_name: 'DB.METRICS_READ',
      parent_role_name: 'BI_READER',
    });
    expect(s.list(GrantDatabaseRole.tfResourceType).map((g) => g.parent_database_role_name)).toEqual([undefined]);
  });

  it('rejects the same access role twice', () => {
    const ref = { database: 'DB', role: 'R' };
    expect(() =>
      synth((scope) => new AccessRoleGrants(scope, 'g', { accountRole: 'A', databaseRoles: [ref, ref] })),
    ).toThrow(/grants "DB.R" twice/);
  });
});
