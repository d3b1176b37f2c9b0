import { AccountRole } from '@cdktf/provider-snowflake/lib/account-role';
import { GrantAccountRole } from '@cdktf/provider-snowflake/lib/grant-account-role';
import { GrantPrivilegesToAccountRole } from '@cdktf/provider-snowflake/lib/grant-privileges-to-account-role';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { SYSADMIN, USERADMIN } from '../../domain/snowflake-roles';
import { propError } from './errors';
import { identifier } from './identifiers';

/**
 * The system roles an administration role may sit under: objects (databases, warehouses) under SYSADMIN, users and
 * roles under USERADMIN. Never ACCOUNTADMIN or SECURITYADMIN directly (they inherit both anyway), never PUBLIC.
 */
export const ADMIN_ROLE_PARENTS: readonly string[] = [SYSADMIN, USERADMIN];

/** Global privileges an administration role must never hold: each would let it grant or do anything. */
export const FORBIDDEN_ADMIN_PRIVILEGES: readonly string[] = ['MANAGE GRANTS', 'OWNERSHIP', 'ALL', 'ALL PRIVILEGES'];

export interface AdminRoleProps {
  /** Account role name, unique in the account. */
  readonly name: string;
  /** Default: no comment. */
  readonly comment?: string;
  /** The system role it is granted to: SYSADMIN (object administration) or USERADMIN (users and roles). */
  readonly parentRole: string;
  /** Global privileges, e.g. CREATE DATABASE. At least one; never MANAGE GRANTS. */
  readonly accountPrivileges: readonly string[];
  /** Users who get the role: the environment's deploy user. Default: none. */
  readonly users?: readonly string[];
  /** Resources that must exist before the role is granted to `users` (the users, when created in the same stack). Default: none. */
  readonly usersDependOn?: ITerraformDependable[];
}

/**
 * One of the platform's administration roles, created by an account administrator (the provider runs as
 * ACCOUNTADMIN), which also owns it: the pipeline that holds the role cannot change its privileges or hand it out.
 */
export class AdminRole extends Construct {
  readonly role: AccountRole;
  readonly name: string;

  constructor(scope: Construct, id: string, props: AdminRoleProps) {
    super(scope, id);
    this.name = props.name;
    if (!ADMIN_ROLE_PARENTS.includes(props.parentRole)) {
      throw propError(this, {
        prop: 'parentRole',
        problem: 'is not a system role an administration role may sit under',
        given: props.parentRole,
        allowed: ADMIN_ROLE_PARENTS.join(', '),
        fix: 'use SYSADMIN for object administration, USERADMIN for users and roles',
      });
    }
    const forbidden = props.accountPrivileges.filter((p) => FORBIDDEN_ADMIN_PRIVILEGES.includes(p.toUpperCase()));
    if (props.accountPrivileges.length === 0 || forbidden.length > 0) {
      throw propError(this, {
        prop: 'accountPrivileges',
        problem: forbidden.length ? `includes ${forbidden.join(', ')}` : 'is empty',
        given: props.accountPrivileges,
        allowed: `the CREATE privileges the role needs, never ${FORBIDDEN_ADMIN_PRIVILEGES.join(', ')}`,
        fix: 'list only what the role creates',
      });
    }

    this.role = new AccountRole(this, 'role', { name: props.name, comment: props.comment });
    const role = identifier(props.name);
    new GrantAccountRole(this, `to-role-${props.parentRole}`, {
      roleName: role,
      parentRoleName: identifier(props.parentRole),
      dependsOn: [this.role],
    });
    for (const user of props.users ?? []) {
      new GrantAccountRole(this, `to-user-${user}`, {
        roleName: role,
        userName: identifier(user),
        dependsOn: [this.role, ...(props.usersDependOn ?? [])],
      });
    }
    new GrantPrivilegesToAccountRole(this, 'account-privileges', {
      accountRoleName: role,
      onAccount: true,
      privileges: [...props.accountPrivileges],
      dependsOn: [this.role],
    });
  }
}
