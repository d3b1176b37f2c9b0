/**
 * The Snowflake access evaluator on small, hand-written grant sets. Expected answers follow Snowflake's documented
 * semantics (access control overview, GRANT <privileges>, future grants, system-defined roles), written out here:
 * - roles are inherited transitively; ACCOUNTADMIN holds SYSADMIN and SECURITYADMIN, SECURITYADMIN holds USERADMIN;
 *   every role and user holds PUBLIC;
 * - a grant on ALL objects applies to the objects existing at grant time, a FUTURE grant to objects created later:
 *   reading a schema needs both;
 * - when future grants of one object type exist on both a database and a schema, the schema-level ones take
 *   precedence there and the database-level ones are ignored in that schema;
 * - ALL PRIVILEGES is every privilege but OWNERSHIP; an owner holds every privilege on what it owns.
 */
import {
  loadSnowflakeGrants,
  type SnowflakeAccountGrants,
  SnowflakeAccess,
  snowflakeAccessChanges,
  snowflakeStackFromPlan,
  snowflakeStackFromSynthesized,
} from '../../tools/access/snowflake';

type Resources = Record<string, Record<string, Record<string, unknown>>>;
const PROVIDER = { snowflake: [{ organization_name: 'ORG', account_name: 'ACC', user: 'DEPLOYER', role: 'ADMIN' }] };

function grantsOf(...stacks: Resources[]): SnowflakeAccountGrants {
  const model = loadSnowflakeGrants(
    stacks.map((resource, i) => snowflakeStackFromSynthesized(`stack-${i}`, { provider: PROVIDER, resource })!),
  );
  expect(model.problems).toEqual([]);
  return model.accounts.get('ORG.ACC')!;
}
const access = (...stacks: Resources[]) => new SnowflakeAccess(grantsOf(...stacks));
const role = (name: string) => ({ kind: 'role' as const, name });
const user = (name: string) => ({ kind: 'user' as const, name });

/** A database role `DB.READER` with what a reader of `DB.S` needs, granted to account role ANALYST, held by ANA. */
function readerStack(options: { future?: boolean } = {}): Resources {
  const privileges: Record<string, Record<string, unknown>> = {
    db: { database_role_name: 'DB.READER', on_database: 'DB', privileges: ['USAGE'] },
    schema: { database_role_name: 'DB.READER', on_schema: { schema_name: 'DB.S' }, privileges: ['USAGE'] },
    all: {
      database_role_name: 'DB.READER',
      on_schema_object: { all: { in_schema: 'DB.S', object_type_plural: 'TABLES' } },
      privileges: ['SELECT'],
    },
  };
  if (options.future !== false)
    privileges.future = {
      database_role_name: 'DB.READER',
      on_schema_object: { future: { in_schema: 'DB.S', object_type_plural: 'TABLES' } },
      privileges: ['SELECT'],
    };
  return {
    snowflake_database: { db: { name: 'DB' } },
    snowflake_schema: { s: { database: 'DB', name: 'S' } },
    snowflake_database_role: { reader: { database: 'DB', name: 'READER' } },
    snowflake_account_role: { analyst: { name: 'ANALYST' } },
    snowflake_grant_privileges_to_database_role: privileges,
    snowflake_grant_database_role: { r: { database_role_name: 'DB.READER', parent_role_name: 'ANALYST' } },
    snowflake_grant_account_role: { u: { role_name: 'ANALYST', user_name: '"ana@example.com"' } },
  };
}

describe('roles', () => {
  const sf = access(readerStack());

  it('are held transitively, with PUBLIC, by users and roles', () => {
    expect([...sf.held(user('"ana@example.com"'))].sort()).toEqual([
      'database-role:DB.READER',
      'role:ANALYST',
      'role:PUBLIC',
      'user:"ana@example.com"',
    ]);
  });

  it("follow Snowflake's system hierarchy, and the provider's user holds its role", () => {
    const held = sf.held(role('ACCOUNTADMIN'));
    for (const r of ['SYSADMIN', 'SECURITYADMIN', 'USERADMIN', 'PUBLIC']) expect(held.has(`role:${r}`)).toBe(true);
    expect(sf.held(role('SYSADMIN')).has('role:USERADMIN')).toBe(false);
    expect(sf.held(user('DEPLOYER')).has('role:ADMIN')).toBe(true);
  });
});

describe('schema levels', () => {
  it('READ needs USAGE on database and schema and SELECT on current and future tables', () => {
    const sf = access(readerStack());
    const a = sf.schemaAccess(user('"ana@example.com"')).get('DB.S')!;
    expect([...a.levels]).toEqual(['READ']);
    expect(a.missing.WRITE).toEqual(expect.arrayContaining(['INSERT on current TABLES', 'INSERT on future TABLES']));
  });

  it('without the future grant, tables created later cannot be read: no READ', () => {
    const a = access(readerStack({ future: false }))
      .schemaAccess(role('ANALYST'))
      .get('DB.S')!;
    expect(a.levels.size).toBe(0);
    expect(a.missing.READ).toEqual(['SELECT on future TABLES']);
  });

  it('ignores a database-level future grant in a schema that has schema-level future grants of that type', () => {
    const stack: Resources = {
      snowflake_schema: { s: { database: 'DB', name: 'S' }, t: { database: 'DB', name: 'T' } },
      snowflake_grant_privileges_to_account_role: {
        dbUsage: {
          account_role_name: 'WIDE',
          on_account_object: { object_type: 'DATABASE', object_name: 'DB' },
          privileges: ['USAGE'],
        },
        schemas: { account_role_name: 'WIDE', on_schema: { all_schemas_in_database: 'DB' }, privileges: ['USAGE'] },
        allTables: {
          account_role_name: 'WIDE',
          on_schema_object: { all: { in_database: 'DB', object_type_plural: 'TABLES' } },
          privileges: ['SELECT'],
        },
        futureTables: {
          account_role_name: 'WIDE',
          on_schema_object: { future: { in_database: 'DB', object_type_plural: 'TABLES' } },
          privileges: ['SELECT'],
        },
        // Another role's schema-level future grant on DB.S: from then on, DB.S ignores the database-level one.
        narrow: {
          account_role_name: 'NARROW',
          on_schema_object: { future: { in_schema: 'DB.S', object_type_plural: 'TABLES' } },
          privileges: ['SELECT'],
        },
      },
    };
    const wide = access(stack).schemaAccess(role('WIDE'));
    expect([...wide.get('DB.T')!.levels]).toEqual(['READ']);
    expect(wide.get('DB.S')!.levels.size).toBe(0);
    expect(wide.get('DB.S')!.missing.READ).toEqual(['SELECT on future TABLES']);
  });

  it('OWN needs CREATE and future OWNERSHIP; ALL PRIVILEGES does not include OWNERSHIP', () => {
    const owner = (ownership: Record<string, unknown>): Resources => ({
      snowflake_schema: { s: { database: 'DB', name: 'S' } },
      snowflake_grant_privileges_to_account_role: {
        db: {
          account_role_name: 'O',
          on_account_object: { object_type: 'DATABASE', object_name: 'DB' },
          privileges: ['USAGE'],
        },
        schema: { account_role_name: 'O', on_schema: { schema_name: 'DB.S' }, privileges: ['USAGE', 'CREATE TABLE'] },
      },
      ...ownership,
    });
    const owns = access(
      owner({
        snowflake_grant_ownership: {
          f: { account_role_name: 'O', on: { future: { in_schema: 'DB.S', object_type_plural: 'TABLES' } } },
        },
      }),
    );
    expect(owns.schemaAccess(role('O')).get('DB.S')!.levels.has('OWN')).toBe(true);
    const all = access(
      owner({
        snowflake_grant_privileges_to_database_role: {},
        snowflake_grant_privileges_to_account_role: {
          ...owner({}).snowflake_grant_privileges_to_account_role,
          future: {
            account_role_name: 'O',
            on_schema_object: { future: { in_schema: 'DB.S', object_type_plural: 'TABLES' } },
            all_privileges: true,
          },
        },
      }),
    );
    const a = all.schemaAccess(role('O')).get('DB.S')!;
    expect(a.levels.has('OWN')).toBe(false);
    expect(a.missing.OWN).toEqual(['OWNERSHIP of future TABLES']);
  });
});

describe('warehouses', () => {
  it('an owner holds every privilege, ALL PRIVILEGES all but OWNERSHIP, a USAGE grant only USAGE', () => {
    const sf = access({
      snowflake_warehouse: { w: { name: 'WH' } },
      snowflake_grant_ownership: {
        o: { account_role_name: 'ADMIN', on: { object_type: 'WAREHOUSE', object_name: 'WH' } },
      },
      snowflake_grant_privileges_to_account_role: {
        all: {
          account_role_name: 'ALL_ROLE',
          on_account_object: { object_type: 'WAREHOUSE', object_name: 'WH' },
          all_privileges: true,
        },
        u: {
          account_role_name: 'USER_ROLE',
          on_account_object: { object_type: 'WAREHOUSE', object_name: 'WH' },
          privileges: ['USAGE'],
        },
      },
    });
    expect([...sf.warehouseAccess(role('ADMIN')).get('WH')!]).toEqual([
      'USAGE',
      'OPERATE',
      'MONITOR',
      'MODIFY',
      'OWNERSHIP',
    ]);
    expect([...sf.warehouseAccess(role('USER_ROLE')).get('WH')!]).toEqual(['USAGE']);
    // ALL PRIVILEGES is every privilege but OWNERSHIP.
    expect([...sf.warehouseAccess(role('ALL_ROLE')).get('WH')!]).toEqual(['USAGE', 'OPERATE', 'MONITOR', 'MODIFY']);
    // SYSADMIN holds neither role here: nothing on the warehouse.
    expect(sf.warehouseAccess(role('SYSADMIN')).size).toBe(0);
  });
});

describe('the loader', () => {
  it('reads plan values (blocks as lists of one) and reports what is unknown or a reference, dropping nothing silently', () => {
    const plan = {
      resource_changes: [
        {
          mode: 'managed',
          type: 'snowflake_grant_privileges_to_database_role',
          name: 'read',
          address: 'snowflake_grant_privileges_to_database_role.read',
          change: {
            actions: ['create'],
            before: null,
            after: { database_role_name: 'DB.R', on_schema: [{ schema_name: 'DB.S' }], privileges: ['USAGE'] },
            after_unknown: {},
          },
        },
        {
          mode: 'managed',
          type: 'snowflake_grant_database_role',
          name: 'to',
          address: 'snowflake_grant_database_role.to',
          change: {
            actions: ['create'],
            before: null,
            after: { database_role_name: 'DB.R' },
            after_unknown: { parent_role_name: true },
          },
        },
        {
          mode: 'managed',
          type: 'snowflake_grant_account_role',
          name: 'ref',
          address: 'snowflake_grant_account_role.ref',
          change: {
            actions: ['create'],
            before: null,
            after: { role_name: '${snowflake_account_role.x.name}', parent_role_name: 'SYSADMIN' },
            after_unknown: {},
          },
        },
      ],
    };
    const model = loadSnowflakeGrants([snowflakeStackFromPlan('s', plan, 'after', 'ORG.ACC')]);
    expect(model.problems).toEqual([
      's snowflake_grant_database_role.to: `parent_role_name` is known only after apply',
      's snowflake_grant_account_role.ref: `role_name` is a reference (${snowflake_account_role.x.name}), not a literal name',
    ]);
    const grants = model.accounts.get('ORG.ACC')!;
    expect(grants.privilegeGrants.map((g) => [g.grantee.name, g.target])).toEqual([
      ['DB.R', { kind: 'schema', schema: 'DB.S' }],
    ]);
  });
});

describe('access changes', () => {
  it('names the gain and the grant that gives it; a deleted schema is not reported as lost', () => {
    const before = new SnowflakeAccess(grantsOf(readerStack({ future: false })));
    const after = new SnowflakeAccess(grantsOf(readerStack()));
    const gained = snowflakeAccessChanges(before, after).changes.filter((c) => c.principal.name === 'ANALYST');
    expect(gained.map((c) => [c.change, c.target.name, c.what])).toEqual([['gained', 'DB.S', 'READ']]);
    expect(gained[0]!.grants.map((g) => g.origin.address)).toEqual([
      'snowflake_grant_privileges_to_database_role.future',
    ]);

    const dropped = readerStack();
    delete (dropped as Partial<Resources>).snowflake_schema;
    for (const k of ['schema', 'all', 'future']) delete dropped.snowflake_grant_privileges_to_database_role![k];
    const lost = snowflakeAccessChanges(after, new SnowflakeAccess(grantsOf(dropped))).changes;
    expect(lost.filter((c) => c.target.name === 'DB.S')).toEqual([]);
  });
});
