import { DatabaseRole } from '@cdktf/provider-snowflake/lib/database-role';
import { GrantDatabaseRole } from '@cdktf/provider-snowflake/lib/grant-database-role';
import { GrantPrivilegesToDatabaseRole } from '@cdktf/provider-snowflake/lib/grant-privileges-to-database-role';
import { Schema } from '@cdktf/provider-snowflake/lib/schema';
import { AccessSchema } from '../../constructs/snowflake/access-schema';
import { synth } from './synth';

const grants = (s: ReturnType<typeof synth>, role: string) =>
  s.list(GrantPrivilegesToDatabaseRole.tfResourceType).filter((g) => g.database_role_name === role);

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
    for (const kind of ['all', 'future']) {
      for (const type of ['TABLES', 'VIEWS']) {
        expect(read).toContainEqual(
          expect.objectContaining({
            on_schema_object: { [kind]: { object_type_plural: type, in_schema: 'DEV_SALES.CURATED' } },
            privileges: ['SELECT'],
          }),
        );
      }
    }
    expect(read.flatMap((g) => g.privileges).filter((p: string) => !['USAGE', 'SELECT'].includes(p))).toEqual([]);
  });

  it('WRITE: inherits READ, DML on current and future tables, create table and view', () => {
    expect(s.json).toHaveResourceWithProperties(GrantDatabaseRole, {
      database_role_name: 'DEV_SALES.CURATED_READ',
      parent_database_role_name: 'DEV_SALES.CURATED_WRITE',
    });
    const write = grants(s, 'DEV_SALES.CURATED_WRITE');
    const dml = ['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'];
    for (const kind of ['all', 'future']) {
      expect(write).toContainEqual(
        expect.objectContaining({
          on_schema_object: { [kind]: { object_type_plural: 'TABLES', in_schema: 'DEV_SALES.CURATED' } },
          privileges: dml,
        }),
      );
    }
    expect(write).toContainEqual(
      expect.objectContaining({
        on_schema: { schema_name: 'DEV_SALES.CURATED' },
        privileges: ['CREATE TABLE', 'CREATE VIEW'],
      }),
    );
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

  it('takes role names, privileges and protection from props', () => {
    const custom = synth(
      (scope) =>
        new AccessSchema(scope, 'RAW', {
          database: 'DB',
          name: 'RAW',
          readRoleName: 'RAW_R',
          writeRoleName: 'RAW_W',
          preventDestroy: false,
          withManagedAccess: false,
          readObjectTypes: ['TABLES', 'MATERIALIZED VIEWS'],
        }),
    );
    expect(custom.json).toHaveResourceWithProperties(Schema, {
      lifecycle: { prevent_destroy: false },
      with_managed_access: 'false',
    });
    expect(
      custom
        .list(DatabaseRole.tfResourceType)
        .map((r) => r.name)
        .sort(),
    ).toEqual(['RAW_R', 'RAW_W']);
    expect(grants(custom, 'DB.RAW_R')).toContainEqual(
      expect.objectContaining({
        on_schema_object: { future: { object_type_plural: 'MATERIALIZED VIEWS', in_schema: 'DB.RAW' } },
      }),
    );
  });
});
