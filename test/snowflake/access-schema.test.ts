import { DatabaseRole } from '@cdktf/provider-snowflake/lib/database-role';
import { GrantDatabaseRole } from '@cdktf/provider-snowflake/lib/grant-database-role';
import { GrantPrivilegesToDatabaseRole } from '@cdktf/provider-snowflake/lib/grant-privileges-to-database-role';
import { Schema } from '@cdktf/provider-snowflake/lib/schema';
import { AccessSchema } from '../../constructs/snowflake/access-schema';
import { SCHEMA_OBJECT_TYPES } from '../../domain/snowflake-privileges';
import { synth } from './synth';

const grants = (s: ReturnType<typeof synth>, role: string) =>
  s.list(GrantPrivilegesToDatabaseRole.tfResourceType).filter((g) => g.database_role_name === role);
/** `<all|future>:<TYPE>:<privileges>`, for comparing a role's object grants as a set. */
const objectGrants = (s: ReturnType<typeof synth>, role: string) =>
  grants(s, role)
    .filter((g) => g.on_schema_object)
    .map((g) => {
      const [kind, on] = Object.entries(g.on_schema_object)[0] as [string, Record<string, string>];
      expect(on.in_schema).toBeDefined();
      return `${kind}:${on.object_type_plural}:${g.privileges.join(',')}`;
    })
    .sort();

describe('AccessSchema', () => {
  const s = synth(
    (scope) => new AccessSchema(scope, 'CURATED', { database: 'DEV_SALES', name: 'CURATED', comment: 'for others' }),
  );

  it('creates a managed-access schema that Terraform refuses to destroy by default', () => {
    expect(s.json).toHaveResourceWithProperties(Schema, {
      database: 'DEV_SALES',
      name: 'CURATED',
      comment: 'for others',
      with_managed_access: 'true',
      lifecycle: { prevent_destroy: true },
    });
  });

  it('creates READ and WRITE database roles in the schema database', () => {
    expect(
      s
        .list(DatabaseRole.tfResourceType)
        .map((r) => [r.database, r.name])
        .sort(),
    ).toEqual([
      ['DEV_SALES', 'CURATED_READ'],
      ['DEV_SALES', 'CURATED_WRITE'],
    ]);
  });

  it('READ: usage on database and schema, SELECT on current and future tables and views, nothing else', () => {
    const read = grants(s, 'DEV_SALES.CURATED_READ');
    expect(read).toContainEqual(expect.objectContaining({ on_database: 'DEV_SALES', privileges: ['USAGE'] }));
    expect(read).toContainEqual(
      expect.objectContaining({ on_schema: { schema_name: 'DEV_SALES.CURATED' }, privileges: ['USAGE'] }),
    );
    expect(objectGrants(s, 'DEV_SALES.CURATED_READ')).toEqual([
      'all:TABLES:SELECT',
      'all:VIEWS:SELECT',
      'future:TABLES:SELECT',
      'future:VIEWS:SELECT',
    ]);
    expect(read).toHaveLength(6);
  });

  it('WRITE: only DML on current and future tables; no usage, no create, no READ inside it', () => {
    const dml = 'INSERT,UPDATE,DELETE,TRUNCATE';
    expect(objectGrants(s, 'DEV_SALES.CURATED_WRITE')).toEqual([`all:TABLES:${dml}`, `future:TABLES:${dml}`]);
    expect(grants(s, 'DEV_SALES.CURATED_WRITE')).toHaveLength(2);
    // Creating is the OWNER role's (SchemaOwner); and no database role is ever granted to a database role.
    expect(s.list(GrantPrivilegesToDatabaseRole.tfResourceType).flatMap((g) => g.privileges)).not.toContain(
      'CREATE TABLE',
    );
    expect(s.list(GrantDatabaseRole.tfResourceType)).toEqual([]);
  });

  it('defines future grants at schema level only, never database level', () => {
    const future = s
      .list(GrantPrivilegesToDatabaseRole.tfResourceType)
      .map((g) => g.on_schema_object?.future)
      .filter(Boolean);
    expect(future).toHaveLength(3);
    for (const f of future) {
      expect(f.in_schema).toBe('DEV_SALES.CURATED');
      expect(f.in_database).toBeUndefined();
    }
  });

  it('grants only after the schema and the role exist', () => {
    const schemaId = Object.keys(s.of(Schema.tfResourceType))[0];
    for (const g of s.list(GrantPrivilegesToDatabaseRole.tfResourceType)) {
      expect(g.depends_on).toContain(`${Schema.tfResourceType}.${schemaId}`);
    }
  });

  it('grants the privileges of each object type given: readers the tabular ones, writers theirs', () => {
    const t = SCHEMA_OBJECT_TYPES;
    const custom = synth(
      (scope) =>
        new AccessSchema(scope, 'RAW', {
          database: 'DB',
          name: 'RAW',
          readRoleName: 'RAW_R',
          writeRoleName: 'RAW_W',
          preventDestroy: false,
          objectTypes: [t.TABLES, t['DYNAMIC TABLES'], t.STAGES, t['MATERIALIZED VIEWS']],
        }),
    );
    expect(custom.json).toHaveResourceWithProperties(Schema, {
      lifecycle: { prevent_destroy: false },
      with_managed_access: 'true',
    });
    expect(
      custom
        .list(DatabaseRole.tfResourceType)
        .map((r) => r.name)
        .sort(),
    ).toEqual(['RAW_R', 'RAW_W']);
    // Written out from Snowflake's privilege model, not from the constants: SELECT on what can be queried; DML on
    // tables; OPERATE/MONITOR (refresh, suspend) on dynamic tables; READ+WRITE on (internal) stages.
    const both = (type: string, privileges: string) => [`all:${type}:${privileges}`, `future:${type}:${privileges}`];
    expect(objectGrants(custom, 'DB.RAW_R')).toEqual(
      [
        ...both('TABLES', 'SELECT'),
        ...both('DYNAMIC TABLES', 'SELECT'),
        ...both('MATERIALIZED VIEWS', 'SELECT'),
      ].sort(),
    );
    expect(objectGrants(custom, 'DB.RAW_W')).toEqual(
      [
        ...both('TABLES', 'INSERT,UPDATE,DELETE,TRUNCATE'),
        ...both('DYNAMIC TABLES', 'OPERATE,MONITOR'),
        ...both('STAGES', 'READ,WRITE'),
      ].sort(),
    );
  });
});
