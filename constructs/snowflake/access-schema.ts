import { DatabaseRole } from '@cdktf/provider-snowflake/lib/database-role';
import { GrantDatabaseRole } from '@cdktf/provider-snowflake/lib/grant-database-role';
import { GrantPrivilegesToDatabaseRole } from '@cdktf/provider-snowflake/lib/grant-privileges-to-database-role';
import { Schema } from '@cdktf/provider-snowflake/lib/schema';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
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
  /**
   * Managed access: only the schema owner (the platform role) decides grants on objects in the schema, so a team
   * cannot hand its tables to other roles outside the access roles, and the owner can define future grants without
   * MANAGE GRANTS. Default: true.
   */
  readonly withManagedAccess?: boolean;
  /** Name of the READ database role. Default: `<name>_READ`. */
  readonly readRoleName?: string;
  /** Name of the WRITE database role. Default: `<name>_WRITE`. */
  readonly writeRoleName?: string;
  /** Object types READ may SELECT from, current and future (plural, as in GRANT ... ON FUTURE <type>). Default: TABLES, VIEWS. */
  readonly readObjectTypes?: readonly string[];
  /** DML WRITE has on current and future tables. Default: INSERT, UPDATE, DELETE, TRUNCATE. */
  readonly writeTablePrivileges?: readonly string[];
  /** Schema privileges WRITE has besides READ's. Default: CREATE TABLE, CREATE VIEW. */
  readonly writeSchemaPrivileges?: readonly string[];
  /** Resources that must exist before the schema and its roles (the database, when created in the same stack). Default: none. */
  readonly dependsOn?: ITerraformDependable[];
}

const DEFAULT_READ_OBJECT_TYPES = ['TABLES', 'VIEWS'];
const DEFAULT_WRITE_TABLE_PRIVILEGES = ['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'];
const DEFAULT_WRITE_SCHEMA_PRIVILEGES = ['CREATE TABLE', 'CREATE VIEW'];

/**
 * A schema with its two access roles, as database roles inside the schema's database:
 * - READ: USAGE on the database and the schema, SELECT on current and future tables and views;
 * - WRITE: READ (granted to it) + DML on current and future tables + CREATE TABLE / CREATE VIEW.
 *
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
  /** The WRITE role by name. */
  readonly write: DatabaseRoleRef;

  constructor(scope: Construct, id: string, props: AccessSchemaProps) {
    super(scope, id);
    const { database } = props;
    this.qualifiedName = databaseObject(database, props.name);
    this.read = { database, role: props.readRoleName ?? `${props.name}_READ` };
    this.write = { database, role: props.writeRoleName ?? `${props.name}_WRITE` };

    this.schema = new Schema(this, 'schema', {
      database,
      name: props.name,
      comment: props.comment,
      // The binding types these booleans as strings ("true"/"false"/"default").
      withManagedAccess: String(props.withManagedAccess ?? true),
      isTransient: 'false',
      dependsOn: props.dependsOn,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    this.readRole = new DatabaseRole(this, 'read-role', {
      database,
      name: this.read.role,
      comment: `Read ${this.qualifiedName}: usage, select on current and future ${(props.readObjectTypes ?? DEFAULT_READ_OBJECT_TYPES).join(', ').toLowerCase()}`,
      dependsOn: props.dependsOn,
    });
    this.writeRole = new DatabaseRole(this, 'write-role', {
      database,
      name: this.write.role,
      comment: `Write ${this.qualifiedName}: read + DML + create table/view`,
      dependsOn: props.dependsOn,
    });

    const readRole = databaseObject(database, this.read.role);
    const writeRole = databaseObject(database, this.write.role);
    const grant = (
      grantId: string,
      role: string,
      roleResource: DatabaseRole,
      config: Omit<ConstructorParameters<typeof GrantPrivilegesToDatabaseRole>[2], 'databaseRoleName'>,
    ) =>
      new GrantPrivilegesToDatabaseRole(this, grantId, {
        databaseRoleName: role,
        dependsOn: [this.schema, roleResource],
        ...config,
      });

    grant('read-database-usage', readRole, this.readRole, { privileges: ['USAGE'], onDatabase: identifier(database) });
    grant('read-schema-usage', readRole, this.readRole, {
      privileges: ['USAGE'],
      onSchema: { schemaName: this.qualifiedName },
    });
    for (const type of props.readObjectTypes ?? DEFAULT_READ_OBJECT_TYPES) {
      const key = type.toLowerCase().replace(/\s+/g, '-');
      grant(`read-all-${key}`, readRole, this.readRole, {
        privileges: ['SELECT'],
        onSchemaObject: { all: { objectTypePlural: type, inSchema: this.qualifiedName } },
      });
      grant(`read-future-${key}`, readRole, this.readRole, {
        privileges: ['SELECT'],
        onSchemaObject: { future: { objectTypePlural: type, inSchema: this.qualifiedName } },
      });
    }

    new GrantDatabaseRole(this, 'read-to-write', {
      databaseRoleName: readRole,
      parentDatabaseRoleName: writeRole,
      dependsOn: [this.readRole, this.writeRole],
    });
    grant('write-schema', writeRole, this.writeRole, {
      privileges: [...(props.writeSchemaPrivileges ?? DEFAULT_WRITE_SCHEMA_PRIVILEGES)],
      onSchema: { schemaName: this.qualifiedName },
    });
    const dml = [...(props.writeTablePrivileges ?? DEFAULT_WRITE_TABLE_PRIVILEGES)];
    grant('write-all-tables', writeRole, this.writeRole, {
      privileges: dml,
      onSchemaObject: { all: { objectTypePlural: 'TABLES', inSchema: this.qualifiedName } },
    });
    grant('write-future-tables', writeRole, this.writeRole, {
      privileges: dml,
      onSchemaObject: { future: { objectTypePlural: 'TABLES', inSchema: this.qualifiedName } },
    });
  }
}
