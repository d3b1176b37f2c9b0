import { AccountRole } from '@cdktf/provider-snowflake/lib/account-role';
import { GrantAccountRole } from '@cdktf/provider-snowflake/lib/grant-account-role';
import { GrantPrivilegesToAccountRole } from '@cdktf/provider-snowflake/lib/grant-privileges-to-account-role';
import { AdminRole, type AdminRoleProps } from '../../constructs/snowflake/admin-role';
import { synth } from './synth';

const build = (props: Partial<AdminRoleProps> = {}) =>
  synth(
    (scope) =>
      new AdminRole(scope, 'admin', {
        name: 'DEV_PLATFORM_USERADMIN',
        parentRole: 'USERADMIN',
        accountPrivileges: ['CREATE ROLE', 'CREATE USER'],
        users: ['DEV_TERRAFORM_DEPLOYER'],
        ...props,
      }),
  );

describe('AdminRole', () => {
  it('creates the role under its system role, for its users, with its account privileges', () => {
    const s = build();
    expect(s.list(AccountRole.tfResourceType).map((r) => r.name)).toEqual(['DEV_PLATFORM_USERADMIN']);
    expect(
      s
        .list(GrantAccountRole.tfResourceType)
        .map((g) => g.parent_role_name ?? `user:${g.user_name}`)
        .sort(),
    ).toEqual(['USERADMIN', 'user:DEV_TERRAFORM_DEPLOYER']);
    expect(s.json).toHaveResourceWithProperties(GrantPrivilegesToAccountRole, {
      account_role_name: 'DEV_PLATFORM_USERADMIN',
      on_account: true,
      privileges: ['CREATE ROLE', 'CREATE USER'],
    });
  });

  it.each(['ACCOUNTADMIN', 'SECURITYADMIN', 'PUBLIC', 'DEV_SALES_TEAM'])('refuses to sit under %s', (parentRole) => {
    expect(() => build({ parentRole })).toThrow(/parentRole is not a system role .*allowed: SYSADMIN, USERADMIN/);
  });

  it('refuses MANAGE GRANTS and an empty privilege list', () => {
    expect(() => build({ accountPrivileges: ['CREATE ROLE', 'manage grants'] })).toThrow(
      /accountPrivileges includes manage grants/,
    );
    expect(() => build({ accountPrivileges: [] })).toThrow(/accountPrivileges is empty/);
  });
});
