import { GrantOwnership } from '@cdktf/provider-snowflake/lib/grant-ownership';
import { GrantPrivilegesToAccountRole } from '@cdktf/provider-snowflake/lib/grant-privileges-to-account-role';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import {
  CONTAINER_USAGE,
  SCHEMA_OBJECT_TYPES,
  type SchemaObjectType,
  TASK_OWNER_ACCOUNT_PRIVILEGES,
} from '../../domain/snowflake-privileges';
import { objectTypeKey } from './access-schema';
import { propError } from './errors';
import { FunctionalRole } from './functional-role';
import { databaseObject, identifier } from './identifiers';

export interface SchemaOwnerProps {
  /** The owner account role's name, unique in the account. */
  readonly name: string;
  /** Default: no comment. */
  readonly comment?: string;
  /** Database of the schema. */
  readonly database: string;
  /** The schema whose objects this role owns. */
  readonly schema: string;
  /** Object types the role may create and owns (domain/snowflake-privileges.ts). At least one. */
  readonly objectTypes: readonly SchemaObjectType[];
  /**
   * The role that owns the (managed-access) schema: the role Terraform's default provider runs as. The owner role is
   * granted to it, because Snowflake applies a future OWNERSHIP grant in a managed-access schema only to a role
   * subordinate to the schema owner.
   */
  readonly schemaOwnerRole: string;
  /** Account roles that act as the owner (people and pipelines), so each can replace what the other created. */
  readonly holders: readonly string[];
  /** Provider that creates the role and grants it (identity administration). Default: the stack's default provider. */
  readonly roleProvider?: TerraformProvider;
  /**
   * Provider that grants EXECUTE TASK (an account administrator) when the object types include TASKS: a task runs
   * as its owner, which needs it. Default: the stack's default provider.
   */
  readonly accountAdminProvider?: TerraformProvider;
  /** Resources that must exist first: the schema and the holder roles, when created in the same stack. Default: none. */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The one owner of everything in a schema, as SnowDDL models it: an account role with USAGE on the database, USAGE
 * and the CREATE privilege of each object type on the schema, and the schema-level future OWNERSHIP of those types.
 * Whichever holder creates an object (a person's TEAM role, dbt's PIPELINE role), the owner role owns it, so every
 * holder may alter, replace or drop it. An account role and not a database role: the owner of a dynamic table or a
 * task needs USAGE on a warehouse (and EXECUTE TASK), which a database role cannot hold.
 */
export class SchemaOwner extends Construct {
  readonly role: FunctionalRole;
  readonly name: string;

  constructor(scope: Construct, id: string, props: SchemaOwnerProps) {
    super(scope, id);
    this.name = props.name;
    if (props.objectTypes.length === 0) {
      throw propError(this, {
        prop: 'objectTypes',
        problem: 'is empty: the owner could create nothing',
        given: [],
        allowed: 'one or more object types (domain/snowflake-privileges.ts)',
        fix: 'pass at least TABLES and VIEWS',
      });
    }
    if (props.holders.includes(props.schemaOwnerRole)) {
      throw propError(this, {
        prop: 'holders',
        problem: `lists the schema owner ${props.schemaOwnerRole}, which always gets the role`,
        given: props.holders,
        allowed: 'the roles that act as the owner, without schemaOwnerRole',
        fix: `remove ${props.schemaOwnerRole} from holders`,
      });
    }
    const qualified = databaseObject(props.database, props.schema);
    const types = props.objectTypes;
    const runsTasks = types.some((t) => t.plural === SCHEMA_OBJECT_TYPES.TASKS.plural);

    this.role = new FunctionalRole(this, 'role', {
      name: props.name,
      comment: props.comment,
      parentRoles: [props.schemaOwnerRole, ...props.holders],
      accountPrivileges: runsTasks ? TASK_OWNER_ACCOUNT_PRIVILEGES : undefined,
      provider: props.roleProvider,
      accountPrivilegesProvider: props.accountAdminProvider,
      parentsDependOn: props.dependsOn,
    });
    const role = identifier(props.name);
    const after = [this.role.role, ...(props.dependsOn ?? [])];

    new GrantPrivilegesToAccountRole(this, 'database-usage', {
      accountRoleName: role,
      privileges: [...CONTAINER_USAGE],
      onAccountObject: { objectType: 'DATABASE', objectName: identifier(props.database) },
      dependsOn: after,
    });
    new GrantPrivilegesToAccountRole(this, 'schema-privileges', {
      accountRoleName: role,
      privileges: [...CONTAINER_USAGE, ...types.map((t) => t.create)],
      onSchema: { schemaName: qualified },
      dependsOn: after,
    });
    // Only once the schema owner holds the role: Snowflake refuses the future grant to a role outside its hierarchy.
    const subordinate = this.role.parentGrants.filter((g) => g.node.id === `to-role-${props.schemaOwnerRole}`);
    for (const t of types) {
      new GrantOwnership(this, `future-${objectTypeKey(t.plural)}`, {
        accountRoleName: role,
        on: { future: { objectTypePlural: t.plural, inSchema: qualified } },
        dependsOn: [...after, ...subordinate],
      });
    }
  }
}
