/**
 * What each Snowflake role of a team schema may do, in one place: the constructs grant exactly these sets, config
 * validation checks workloads and editions against them, and the access report (and any evaluator of the
 * synthesized grants) can read them. docs/snowflake.md, "Privileges", explains each choice.
 *
 * Per schema there are three roles:
 * - READ (database role): USAGE on the database and the schema, `read` on current and future objects;
 * - WRITE (database role): `write` on current and future objects, nothing else (its holders also hold READ);
 * - OWNER (account role): USAGE on the database, USAGE and every `create` of the schema's object types on the
 *   schema, and the schema-level future OWNERSHIP of those types, so whoever creates an object, OWNER owns it.
 */

/** A kind of object in a schema, and what each role of the schema gets on it. */
export interface SchemaObjectType {
  /** As in `GRANT ... ON FUTURE <plural> IN SCHEMA` (the provider's `object_type_plural`). */
  readonly plural: string;
  /** The schema privilege that creates one; OWNER holds it. */
  readonly create: string;
  /** READ's privileges on current and future objects of this type; empty: readers get nothing on it. */
  readonly read: readonly string[];
  /** WRITE's privileges on current and future objects of this type; empty: only OWNER changes them. */
  readonly write: readonly string[];
  /** The cheapest edition that has this kind of object (domain/snowflake-editions.ts). */
  readonly edition: 'STANDARD' | 'ENTERPRISE';
}

const type = (
  plural: string,
  create: string,
  read: readonly string[],
  write: readonly string[],
  edition: 'STANDARD' | 'ENTERPRISE' = 'STANDARD',
): SchemaObjectType => ({ plural, create, read, write, edition });

/**
 * Every object type a schema may hold. Tabular types are readable (SELECT); the rest is the writers' and owner's.
 * Stages: READ and WRITE apply to internal stages (WRITE needs READ); external stages are used through OWNER.
 */
export const SCHEMA_OBJECT_TYPES = {
  TABLES: type('TABLES', 'CREATE TABLE', ['SELECT'], ['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']),
  VIEWS: type('VIEWS', 'CREATE VIEW', ['SELECT'], []),
  'DYNAMIC TABLES': type('DYNAMIC TABLES', 'CREATE DYNAMIC TABLE', ['SELECT'], ['OPERATE', 'MONITOR']),
  'MATERIALIZED VIEWS': type('MATERIALIZED VIEWS', 'CREATE MATERIALIZED VIEW', ['SELECT'], [], 'ENTERPRISE'),
  'EXTERNAL TABLES': type('EXTERNAL TABLES', 'CREATE EXTERNAL TABLE', ['SELECT'], []),
  STAGES: type('STAGES', 'CREATE STAGE', [], ['READ', 'WRITE']),
  'FILE FORMATS': type('FILE FORMATS', 'CREATE FILE FORMAT', [], ['USAGE']),
  PIPES: type('PIPES', 'CREATE PIPE', [], ['MONITOR', 'OPERATE']),
  SEQUENCES: type('SEQUENCES', 'CREATE SEQUENCE', [], ['USAGE']),
  FUNCTIONS: type('FUNCTIONS', 'CREATE FUNCTION', [], ['USAGE']),
  PROCEDURES: type('PROCEDURES', 'CREATE PROCEDURE', [], ['USAGE']),
  STREAMS: type('STREAMS', 'CREATE STREAM', [], ['SELECT']),
  TASKS: type('TASKS', 'CREATE TASK', [], ['MONITOR', 'OPERATE']),
} as const satisfies Record<string, SchemaObjectType>;
export type SchemaObjectTypeName = keyof typeof SCHEMA_OBJECT_TYPES;

/** Every schema holds these: what a dbt project of tables and views needs. */
export const BASE_OBJECT_TYPES: readonly SchemaObjectTypeName[] = ['TABLES', 'VIEWS'];

/** What a schema may be used for, on top of tables and views (config: `snowflake.schemas[].workloads`). */
export const SCHEMA_WORKLOAD_NAMES = ['ingestion', 'transformation', 'external-tables', 'materialized-views'] as const;
export type SchemaWorkload = (typeof SCHEMA_WORKLOAD_NAMES)[number];

/** The object types each workload adds; a schema's types are the base types plus those of its workloads. */
export const SCHEMA_WORKLOADS: Readonly<Record<SchemaWorkload, readonly SchemaObjectTypeName[]>> = {
  /** Loading files: stages, file formats, Snowpipe, sequences for surrogate keys, streams and tasks for CDC. */
  ingestion: ['STAGES', 'FILE FORMATS', 'PIPES', 'SEQUENCES', 'STREAMS', 'TASKS'],
  /** dbt and SQL pipelines beyond tables and views: dynamic tables, UDFs, procedures, sequences, streams, tasks. */
  transformation: ['DYNAMIC TABLES', 'FUNCTIONS', 'PROCEDURES', 'SEQUENCES', 'STREAMS', 'TASKS'],
  /** Tables over files in a stage. */
  'external-tables': ['EXTERNAL TABLES', 'STAGES', 'FILE FORMATS'],
  /** Materialized views: Enterprise edition or higher. */
  'materialized-views': ['MATERIALIZED VIEWS'],
};

/** The object types of a schema with these workloads: base types first, then in SCHEMA_OBJECT_TYPES order. */
export function schemaObjectTypes(workloads: readonly SchemaWorkload[]): SchemaObjectTypeName[] {
  const wanted = new Set<string>([...BASE_OBJECT_TYPES, ...workloads.flatMap((w) => SCHEMA_WORKLOADS[w])]);
  return (Object.keys(SCHEMA_OBJECT_TYPES) as SchemaObjectTypeName[]).filter((t) => wanted.has(t));
}

/** READ's privilege on the database and on the schema (OWNER gets the same on both). */
export const CONTAINER_USAGE: readonly string[] = ['USAGE'];

/**
 * Privileges on a warehouse: the team's functional roles run, resume/suspend and watch queries (MONITOR shows the
 * load and query history); schema OWNER roles run the refreshes of dynamic tables and tasks they own; BI tools only
 * query (auto-resume starts the warehouse). MODIFY (size, quota) stays with the platform.
 */
export const WAREHOUSE_PRIVILEGES = {
  functional: ['USAGE', 'OPERATE', 'MONITOR'],
  owner: ['USAGE'],
  biReader: ['USAGE'],
} as const satisfies Record<string, readonly string[]>;

/** A global privilege a task's owner role needs to run or resume its tasks; granted only by an account admin. */
export const TASK_OWNER_ACCOUNT_PRIVILEGES: readonly string[] = ['EXECUTE TASK'];
