import { DatabaseRole } from '@cdktf/provider-snowflake/lib/database-role';
import { GrantPrivilegesToDatabaseRole } from '@cdktf/provider-snowflake/lib/grant-privileges-to-database-role';
import { Schema } from '@cdktf/provider-snowflake/lib/schema';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import {
  BASE_OBJECT_TYPES,
  CONTAINER_USAGE,
  SCHEMA_OBJECT_TYPES,
  type SchemaObjectType,
} from '../../domain/snowflake-privileges';
import { databaseObject, type DatabaseRoleRef, identifier } from './identifiers';

export interface AccessSchemaProps {
  /** The database that holds the schema (it must exist first: pass it in `dependsOn` when created in the same stack). */
  readonly database: string;
  /** Schema name, an unquoted upper-case identifier such as `CURATED`. */
  readonly name: string;
  /** Default: no comment. */
  readonly comment?: string;
  /** Sets `lifecycle.prevent_destroy`: Terraform refuses any plan that would drop the schema. Default: true. */
  readonly preventDestroy?: boolean;
  /** Name of the READ database role. Default: `<name>_READ`. */
  readonly readRoleName?: string;
  /** Name of the WRITE database role. Default: `<name>_WRITE`. */
  readonly writeRoleName?: string;
  /**
   * Object types the schema holds, with what READ and WRITE get on each (domain/snowflake-privileges.ts).
   * Default: tables and views.
   */
  readonly objectTypes?: readonly SchemaObjectType[];
  /** Resources that must exist before the schema and its roles (the database, when created in the same stack). Default: none. */
  readonly dependsOn?: ITerraformDependable[];
}

/** `DYNAMIC TABLES` -> `dynamic-tables`: the part of a grant's construct ID that names its object type. */
export function objectTypeKey(plural: string): string {
  return plural.toLowerCase().replace(/\s+/g, '-');
}

/**
 * A managed-access schema with its two access roles, as database roles inside the schema's database:
 * - READ: USAGE on the database and the schema, the read privileges of each object type on current and future objects;
 * - WRITE: the write privileges of each object type on current and future objects, and nothing else. WRITE does not
 *   include READ: a database role granted to another database role is a grant the provider loses from its state
 *   under Snowflake's 2026_06 behaviour change (docs/snowflake.md), so holders get READ and WRITE side by side.
 * Creating objects is the schema's OWNER role's (SchemaOwner), not WRITE's.
 *
 * Always managed access: only the schema owner (the role Terraform runs as) grants on objects in the schema, so a
 * team cannot hand its tables to roles outside the access roles, and the owner may define future grants without
 * MANAGE GRANTS (in an ordinary schema, future grants need MANAGE GRANTS, which the platform roles do not have).
 * Future grants are defined at schema level only: where a schema has future grants for an object type, Snowflake
 * ignores the database-level future grants for that type, so mixing levels silently drops access.
 */
export class AccessSchema extends Construct {
  readonly schema: Schema;
  readonly readRole: DatabaseRole;
  readonly writeRole: DatabaseRole;
  /** `DB.SCHEMA`, the form the grant resources expect. */
  readonly qualifiedName: string;
  /** The READ role by name (grant it to an account role to give read access). */
  readonly read: DatabaseRoleRef;
  /** The WRITE role by name (always grant READ with it). */
  readonly write: DatabaseRoleRef;
  /** The object types the schema holds. */
  readonly objectTypes: readonly SchemaObjectType[];

  constructor(scope: Construct, id: string, props: AccessSchemaProps) {
    super(scope, id);
    const { database } = props;
    this.qualifiedName = databaseObject(database, props.name);
    this.read = { database, role: props.readRoleName ?? `${props.name}_READ` };
    this.write = { database, role: props.writeRoleName ?? `${props.name}_WRITE` };
    this.objectTypes = props.objectTypes ?? BASE_OBJECT_TYPES.map((t) => SCHEMA_OBJECT_TYPES[t]);
    const readable = this.objectTypes.filter((t) => t.read.length > 0);
    const writable = this.objectTypes.filter((t) => t.write.length > 0);
    const listed = (types: readonly SchemaObjectType[]) => types.map((t) => t.plural.toLowerCase()).join(', ');

    this.schema = new Schema(this, 'schema', {
      database,
      name: props.name,
      comment: props.comment,
      // The binding types these booleans as strings ("true"/"false"/"default").
      withManagedAccess: 'true',
      isTransient: 'false',
      dependsOn: props.dependsOn,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    this.readRole = new DatabaseRole(this, 'read-role', {
      database,
      name: this.read.role,
      comment: `Read ${this.qualifiedName}: usage, ${readable.length ? `read on current and future ${listed(readable)}` : 'nothing else'}`,
      dependsOn: props.dependsOn,
    });
    this.writeRole = new DatabaseRole(this, 'write-role', {
      database,
      name: this.write.role,
      comment: `Write ${this.qualifiedName} (held with ${this.read.role}): ${writable.length ? `write on current and future ${listed(writable)}` : 'nothing'}`,
      dependsOn: props.dependsOn,
    });

    const grant = (
      grantId: string,
      role: DatabaseRoleRef,
      roleResource: DatabaseRole,
      config: Omit<ConstructorParameters<typeof GrantPrivilegesToDatabaseRole>[2], 'databaseRoleName'>,
    ) =>
      new GrantPrivilegesToDatabaseRole(this, grantId, {
        databaseRoleName: databaseObject(role.database, role.role),
        dependsOn: [this.schema, roleResource],
        ...config,
      });
    /** Current ("all") and future objects of one type, in this schema only. */
    const onObjects = (prefix: string, role: DatabaseRoleRef, resource: DatabaseRole, t: SchemaObjectType) => {
      const privileges = [...(prefix === 'read' ? t.read : t.write)];
      for (const kind of ['all', 'future'] as const) {
        grant(`${prefix}-${kind}-${objectTypeKey(t.plural)}`, role, resource, {
          privileges,
          onSchemaObject: { [kind]: { objectTypePlural: t.plural, inSchema: this.qualifiedName } },
        });
      }
    };

    grant('read-database-usage', this.read, this.readRole, {
      privileges: [...CONTAINER_USAGE],
      onDatabase: identifier(database),
    });
    grant('read-schema-usage', this.read, this.readRole, {
      privileges: [...CONTAINER_USAGE],
      onSchema: { schemaName: this.qualifiedName },
    });
    for (const t of readable) onObjects('read', this.read, this.readRole, t);
    for (const t of writable) onObjects('write', this.write, this.writeRole, t);
  }
}
