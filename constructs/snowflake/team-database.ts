import { Database } from '@cdktf/provider-snowflake/lib/database';
import { Construct } from 'constructs';
import type { SchemaObjectType } from '../../domain/snowflake-privileges';
import { AccessSchema } from './access-schema';
import { propError } from './errors';

export interface TeamDatabaseSchema {
  /** Schema name, an unquoted upper-case identifier; also the schema's construct ID. */
  readonly name: string;
  /** Default: no comment. */
  readonly comment?: string;
  /** Name of the schema's READ database role. Default: `<name>_READ`. */
  readonly readRoleName?: string;
  /** Name of the schema's WRITE database role. Default: `<name>_WRITE`. */
  readonly writeRoleName?: string;
  /** Object types the schema holds (AccessSchemaProps.objectTypes). Default: tables and views. */
  readonly objectTypes?: readonly SchemaObjectType[];
}

export interface TeamDatabaseProps {
  /** Database name, unique in the Snowflake account. */
  readonly name: string;
  /** Default: no comment. */
  readonly comment?: string;
  /** The schemas, each with its READ and WRITE access roles. At least one. */
  readonly schemas: readonly TeamDatabaseSchema[];
  /** Time Travel of the database (schemas and tables inherit it), in days. Default: the account's (1 day). */
  readonly dataRetentionTimeInDays?: number;
  /** Sets `lifecycle.prevent_destroy` on the database and every schema. Default: true. */
  readonly preventDestroy?: boolean;
}

/**
 * A database with its declared (managed-access) schemas and their access roles. The PUBLIC schema is dropped on creation: every
 * schema in the database has access roles, none is reachable around them.
 */
export class TeamDatabase extends Construct {
  readonly database: Database;
  /** The schemas by name. */
  readonly schemas: ReadonlyMap<string, AccessSchema>;

  constructor(scope: Construct, id: string, props: TeamDatabaseProps) {
    super(scope, id);
    if (props.schemas.length === 0) {
      throw propError(this, {
        prop: 'schemas',
        problem: 'is empty',
        given: [],
        allowed: 'one or more schemas',
        fix: 'declare at least one schema',
      });
    }
    const names = props.schemas.map((s) => s.name);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate) {
      throw propError(this, {
        prop: 'schemas',
        problem: `declares "${duplicate}" twice`,
        given: names,
        allowed: 'unique schema names',
        fix: `remove one "${duplicate}"`,
      });
    }
    if (names.includes('PUBLIC')) {
      throw propError(this, {
        prop: 'schemas',
        problem: 'contains PUBLIC, which the database drops on creation',
        given: names,
        allowed: 'any other name',
        fix: 'rename the schema',
      });
    }
    const preventDestroy = props.preventDestroy ?? true;

    this.database = new Database(this, 'database', {
      name: props.name,
      comment: props.comment,
      dataRetentionTimeInDays: props.dataRetentionTimeInDays,
      dropPublicSchemaOnCreation: true,
      lifecycle: { preventDestroy },
    });
    const schemas = new Map<string, AccessSchema>();
    for (const schema of props.schemas) {
      schemas.set(
        schema.name,
        new AccessSchema(this, schema.name, {
          database: props.name,
          name: schema.name,
          comment: schema.comment,
          readRoleName: schema.readRoleName,
          writeRoleName: schema.writeRoleName,
          objectTypes: schema.objectTypes,
          preventDestroy,
          dependsOn: [this.database],
        }),
      );
    }
    this.schemas = schemas;
  }

  /** The schema by name; throws when the database has no such schema. */
  schema(name: string): AccessSchema {
    const schema = this.schemas.get(name);
    if (!schema) {
      throw propError(this, {
        prop: 'schemas',
        problem: `has no schema "${name}"`,
        given: name,
        allowed: [...this.schemas.keys()].join(', '),
        fix: 'declare the schema or fix the name',
      });
    }
    return schema;
  }
}
