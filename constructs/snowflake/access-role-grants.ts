import { GrantDatabaseRole } from '@cdktf/provider-snowflake/lib/grant-database-role';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { propError } from './errors';
import { databaseObject, type DatabaseRoleRef, identifier } from './identifiers';

export interface AccessRoleGrant extends DatabaseRoleRef {
  /**
   * Stable construct ID of this grant (it becomes part of the Terraform address), e.g. `data-integration.CURATED`.
   * Default: `<database>.<role>`.
   */
  readonly key?: string;
}

export interface AccessRoleGrantsProps {
  /** The account role that receives the access roles; it may be created elsewhere (another stack). */
  readonly accountRole: string;
  /** Database roles (access roles) to grant to it. Default: none. */
  readonly databaseRoles?: readonly AccessRoleGrant[];
  /** Provider running as the database roles' owner (who may grant them). Default: the stack's default provider. */
  readonly provider?: TerraformProvider;
  /** Resources that must exist first (the roles, when created in the same stack). Default: none. */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Grants access roles (database roles) to an account role, one `snowflake_grant_database_role` each, always with
 * `parent_role_name`: database roles are never granted to database roles here (see AccessSchema).
 */
export class AccessRoleGrants extends Construct {
  readonly grants: readonly GrantDatabaseRole[];

  constructor(scope: Construct, id: string, props: AccessRoleGrantsProps) {
    super(scope, id);
    const grants: GrantDatabaseRole[] = [];
    const seen = new Set<string>();
    for (const ref of props.databaseRoles ?? []) {
      const key = ref.key ?? `${ref.database}.${ref.role}`;
      if (seen.has(key)) {
        throw propError(this, {
          prop: 'databaseRoles',
          problem: `grants "${key}" twice`,
          given: key,
          allowed: 'each access role once',
          fix: 'remove the duplicate',
        });
      }
      seen.add(key);
      grants.push(
        new GrantDatabaseRole(this, key, {
          provider: props.provider,
          databaseRoleName: databaseObject(ref.database, ref.role),
          parentRoleName: identifier(props.accountRole),
          dependsOn: props.dependsOn,
        }),
      );
    }
    this.grants = grants;
  }
}
