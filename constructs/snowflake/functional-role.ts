import { AccountRole } from '@cdktf/provider-snowflake/lib/account-role';
import { GrantAccountRole } from '@cdktf/provider-snowflake/lib/grant-account-role';
import { GrantPrivilegesToAccountRole } from '@cdktf/provider-snowflake/lib/grant-privileges-to-account-role';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { PUBLIC_ROLE, SNOWFLAKE_ADMIN_ROLES, SYSADMIN } from '../../domain/snowflake-roles';
import { type AccessRoleGrant, AccessRoleGrants } from './access-role-grants';
import { propError } from './errors';
import { identifier } from './identifiers';

/**
 * Roles a custom role is never granted to: the administrators would then act through it, and PUBLIC would give it to
 * everyone. SYSADMIN is the recommended top of custom role hierarchies.
 */
export const FORBIDDEN_PARENT_ROLES: readonly string[] = [...SNOWFLAKE_ADMIN_ROLES, PUBLIC_ROLE];

export interface FunctionalRoleProps {
  /** Account role name, unique in the account. */
  readonly name: string;
  /** Default: no comment. */
  readonly comment?: string;
  /** Roles this role is granted to, so their holders inherit it. Never a FORBIDDEN_PARENT_ROLES entry. Default: SYSADMIN. */
  readonly parentRoles?: readonly string[];
  /** Access roles (database roles) the role holds. Default: none. */
  readonly databaseRoles?: readonly AccessRoleGrant[];
  /** Existing users (people, or users created elsewhere) who get the role, by their exact name. Default: none. */
  readonly users?: readonly string[];
  /** Global privileges on the account, e.g. EXECUTE TASK. Default: none. */
  readonly accountPrivileges?: readonly string[];
  /**
   * Provider that creates the role and grants it to `parentRoles` and `users`: it runs as the role that owns the
   * role (identity administration). Default: the stack's default provider.
   */
  readonly provider?: TerraformProvider;
  /** Provider that grants the `databaseRoles`: it runs as their owner. Default: the stack's default provider. */
  readonly accessRoleProvider?: TerraformProvider;
  /**
   * Provider that grants the `accountPrivileges`: global privileges are granted by an account administrator.
   * Default: `provider`.
   */
  readonly accountPrivilegesProvider?: TerraformProvider;
  /** Resources that must exist before the database-role grants (access roles created in the same stack). Default: none. */
  readonly dependsOn?: ITerraformDependable[];
  /** Resources that must exist before the role is granted to `parentRoles` (parents created in the same stack). Default: none. */
  readonly parentsDependOn?: ITerraformDependable[];
}

/**
 * An account role assembled from grants: what it holds (access roles, account privileges) and who holds it (parent
 * roles, users). The role is owned by the role Terraform runs as, never by its holders.
 */
export class FunctionalRole extends Construct {
  readonly role: AccountRole;
  readonly name: string;
  /** The grants of this role to its parent roles (a parent inherits the role once these exist). */
  readonly parentGrants: readonly GrantAccountRole[];

  constructor(scope: Construct, id: string, props: FunctionalRoleProps) {
    super(scope, id);
    this.name = props.name;
    const parents = props.parentRoles ?? [SYSADMIN];
    const forbidden = parents.filter((p) => FORBIDDEN_PARENT_ROLES.includes(p.toUpperCase()));
    if (forbidden.length > 0) {
      throw propError(this, {
        prop: 'parentRoles',
        problem: `grants ${props.name} to ${forbidden.join(', ')}`,
        given: parents,
        allowed: `any role except ${FORBIDDEN_PARENT_ROLES.join(', ')}`,
        fix: 'grant custom roles to SYSADMIN (the default)',
      });
    }

    const provider = props.provider;
    this.role = new AccountRole(this, 'role', { provider, name: props.name, comment: props.comment });
    const role = identifier(props.name);
    this.parentGrants = parents.map(
      (parent) =>
        new GrantAccountRole(this, `to-role-${parent}`, {
          provider,
          roleName: role,
          parentRoleName: identifier(parent),
          dependsOn: [this.role, ...(props.parentsDependOn ?? [])],
        }),
    );
    for (const user of props.users ?? []) {
      new GrantAccountRole(this, `to-user-${user}`, {
        provider,
        roleName: role,
        userName: identifier(user),
        dependsOn: [this.role],
      });
    }
    if (props.accountPrivileges?.length) {
      new GrantPrivilegesToAccountRole(this, 'account-privileges', {
        provider: props.accountPrivilegesProvider ?? provider,
        accountRoleName: role,
        onAccount: true,
        privileges: [...props.accountPrivileges],
        dependsOn: [this.role],
      });
    }
    new AccessRoleGrants(this, 'access-roles', {
      accountRole: props.name,
      databaseRoles: props.databaseRoles,
      provider: props.accessRoleProvider,
      dependsOn: [this.role, ...(props.dependsOn ?? [])],
    });
  }
}
