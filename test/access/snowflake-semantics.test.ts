/**
 * The evaluator against Snowflake's documented semantics, on hand-written grants (expected answers written out here,
 * not computed): access control overview (role hierarchy, system roles, PUBLIC), GRANT <privileges> (ALL
 * PRIVILEGES, future grants and their precedence), GRANT OWNERSHIP.
 * - "PUBLIC: pseudo-role that is automatically granted to every user and every role in the account"; a database
 *   role cannot be granted an account role.
 * - ACCOUNTADMIN encapsulates SYSADMIN and SECURITYADMIN; SECURITYADMIN inherits USERADMIN.
 * - "ALL [ PRIVILEGES ]: grants all privileges, except OWNERSHIP"; the owner of an object holds every privilege on it.
 * - A grant ON ALL <type> applies to the objects that exist; ON FUTURE <type> to objects created later.
 * - "When future grants are defined on the same object type for a database and a schema in the same database, the
 *   schema-level grants take precedence over the database-level grants, and the database level grants are ignored"
 *   — for every role, per object type.
 */
import {
  access,
  dbRole,
  merge,
  onDatabase,
  onDatabaseObjects,
  onObjects,
  onSchema,
  onWarehouse,
  privileges,
  readGrants,
  role,
  roleGrant,
  schemaS,
  user,
} from './snowflake-helpers';

const levels = (sf: ReturnType<typeof access>, p: Parameters<ReturnType<typeof access>['schemaAccess']>[0]) =>
  [...(sf.schemaAccess(p).get('DB.S')?.levels ?? [])].sort();

describe('role hierarchy', () => {
  const sf = access(
    merge(
      schemaS,
      readGrants('DB.R'),
      roleGrant('r-to-b', 'DB.R', 'B'),
      roleGrant('b-to-a', 'B', 'A'),
      roleGrant('a-to-u', 'A', 'user:U'),
      roleGrant('x-to-sysadmin', 'X', 'SYSADMIN'),
      roleGrant('y-to-useradmin', 'Y', 'USERADMIN'),
      roleGrant('r-to-w', 'DB.R', 'DB.W'),
      roleGrant('w-to-t', 'DB.W', 'T'),
    ),
  );

  it('is transitive, upward only', () => {
    for (const held of ['role:A', 'role:B', 'database-role:DB.R']) expect(sf.held(user('U')).has(held)).toBe(true);
    expect(sf.held(role('B')).has('role:A')).toBe(false);
    expect(levels(sf, user('U'))).toEqual(['READ']);
    expect(levels(sf, role('B'))).toEqual(['READ']);
  });

  it('passes database roles through database roles to account roles', () => {
    expect(sf.held(role('T')).has('database-role:DB.W')).toBe(true);
    expect(sf.held(role('T')).has('database-role:DB.R')).toBe(true);
    expect(levels(sf, role('T'))).toEqual(['READ']);
  });

  it("has Snowflake's system roles: ACCOUNTADMIN > SYSADMIN, SECURITYADMIN > USERADMIN", () => {
    expect(sf.held(role('ACCOUNTADMIN')).has('role:X')).toBe(true);
    expect(sf.held(role('SYSADMIN')).has('role:X')).toBe(true);
    expect(sf.held(role('SECURITYADMIN')).has('role:X')).toBe(false);
    for (const r of ['USERADMIN', 'SECURITYADMIN', 'ACCOUNTADMIN']) expect(sf.held(role(r)).has('role:Y')).toBe(true);
    expect(sf.held(role('SYSADMIN')).has('role:Y')).toBe(false);
    expect(sf.held(role('USERADMIN')).has('role:SECURITYADMIN')).toBe(false);
  });

  it('gives every role and user PUBLIC; a database role holds no account role', () => {
    expect(sf.held(user('U')).has('role:PUBLIC')).toBe(true);
    expect(sf.held(role('X')).has('role:PUBLIC')).toBe(true);
    expect(sf.held(dbRole('DB.R')).has('role:PUBLIC')).toBe(false);
  });

  it("lets the provider's user hold the role it runs as", () => {
    expect(sf.held(user('DEPLOYER')).has('role:ADMIN')).toBe(true);
    expect(sf.held(user('U')).has('role:ADMIN')).toBe(false);
  });
});

describe('a role granted to PUBLIC', () => {
  const sf = access(
    merge(
      schemaS,
      readGrants('DB.R'),
      roleGrant('r-to-open', 'DB.R', 'OPEN'),
      roleGrant('open-to-public', 'OPEN', 'PUBLIC'),
      { snowflake_user: { nobody: { name: 'NOBODY' } }, snowflake_account_role: { other: { name: 'OTHER' } } },
    ),
  );
  it('is held by every user and every account role, with what it gives', () => {
    expect(sf.held(user('NOBODY')).has('role:OPEN')).toBe(true);
    expect(levels(sf, user('NOBODY'))).toEqual(['READ']);
    expect(levels(sf, role('OTHER'))).toEqual(['READ']);
    expect(levels(sf, role('ACCOUNTADMIN'))).toEqual(['READ']);
  });
});

describe('READ: usage on database and schema, read privileges on current and future objects', () => {
  const readPlus = (...more: Parameters<typeof merge>) => access(merge(schemaS, ...more));

  it('with only the future grant, the tables that exist cannot be read', () => {
    const sf = readPlus(
      privileges('db', 'R', ['USAGE'], onDatabase('DB')),
      privileges('s', 'R', ['USAGE'], onSchema('DB.S')),
      privileges('f', 'R', ['SELECT'], onObjects('future', 'TABLES', 'DB.S')),
    );
    expect(levels(sf, role('R'))).toEqual([]);
    expect(sf.schemaAccess(role('R')).get('DB.S')!.missing.READ).toEqual(['SELECT on current TABLES']);
  });

  it('without USAGE on the database nothing in it can be read', () => {
    const sf = readPlus(
      privileges('s', 'R', ['USAGE'], onSchema('DB.S')),
      privileges('a', 'R', ['SELECT'], onObjects('all', 'TABLES', 'DB.S')),
      privileges('f', 'R', ['SELECT'], onObjects('future', 'TABLES', 'DB.S')),
    );
    expect(sf.schemaAccess(role('R')).get('DB.S')!.missing.READ).toEqual(['USAGE on database DB']);
  });

  it('ownership of the current tables (GRANT OWNERSHIP ON ALL) gives SELECT on them; OWNERSHIP of the database USAGE', () => {
    const sf = readPlus(
      {
        snowflake_grant_ownership: {
          db: { account_role_name: 'R', on: { object_type: 'DATABASE', object_name: 'DB' } },
        },
      },
      {
        snowflake_grant_ownership: {
          all: { account_role_name: 'R', on: { all: { in_schema: 'DB.S', object_type_plural: 'TABLES' } } },
        },
      },
      privileges('s', 'R', ['USAGE'], onSchema('DB.S')),
      privileges('f', 'R', ['SELECT'], onObjects('future', 'TABLES', 'DB.S')),
    );
    expect(levels(sf, role('R'))).toEqual(['READ']);
  });

  it('every object type of the schema counts: a view type needs SELECT on views too', () => {
    const sf = readPlus(
      readGrants('R'),
      // Another role's grant on views makes VIEWS a type of the schema.
      privileges('v', 'OTHER', ['SELECT'], onObjects('future', 'VIEWS', 'DB.S')),
    );
    expect(levels(sf, role('R'))).toEqual([]);
    expect(sf.schemaAccess(role('R')).get('DB.S')!.missing.READ).toEqual([
      'SELECT on current VIEWS',
      'SELECT on future VIEWS',
    ]);
  });

  it('USAGE on all schemas of a database covers the schemas that exist; on future schemas it does not', () => {
    const base = [
      privileges('db', 'R', ['USAGE'], onDatabase('DB')),
      privileges('a', 'R', ['SELECT'], onDatabaseObjects('all', 'TABLES', 'DB')),
      privileges('f', 'R', ['SELECT'], onDatabaseObjects('future', 'TABLES', 'DB')),
    ];
    const all = readPlus(...base, privileges('s', 'R', ['USAGE'], { on_schema: { all_schemas_in_database: 'DB' } }));
    expect(levels(all, role('R'))).toEqual(['READ']);
    const future = readPlus(
      ...base,
      privileges('s', 'R', ['USAGE'], { on_schema: { future_schemas_in_database: 'DB' } }),
    );
    expect(future.schemaAccess(role('R')).get('DB.S')!.missing.READ).toEqual(['USAGE on schema DB.S']);
  });
});

describe('future grants on a database and on a schema', () => {
  const wide = [
    privileges('db', 'WIDE', ['USAGE'], onDatabase('DB')),
    privileges('s', 'WIDE', ['USAGE'], onSchema('DB.S')),
    privileges('a', 'WIDE', ['SELECT'], onDatabaseObjects('all', 'TABLES', 'DB')),
    privileges('f', 'WIDE', ['SELECT'], onDatabaseObjects('future', 'TABLES', 'DB')),
  ];

  it('the database-level future grant applies in a schema without schema-level future grants of the type', () => {
    // A schema-level future grant of another type (VIEWS) does not displace the database-level one on TABLES.
    const sf = access(
      merge(schemaS, ...wide, privileges('v', 'NARROW', ['SELECT'], onObjects('future', 'VIEWS', 'DB.S'))),
    );
    expect(sf.schemaAccess(role('WIDE')).get('DB.S')!.missing.READ).toEqual([
      'SELECT on current VIEWS',
      'SELECT on future VIEWS',
    ]);
  });

  it('is ignored in a schema where any role has a schema-level future grant of that type (ownership included)', () => {
    for (const narrow of [
      privileges('n', 'NARROW', ['SELECT'], onObjects('future', 'TABLES', 'DB.S')),
      {
        snowflake_grant_ownership: {
          n: { account_role_name: 'OWNER', on: { future: { in_schema: 'DB.S', object_type_plural: 'TABLES' } } },
        },
      },
    ]) {
      const sf = access(merge(schemaS, ...wide, narrow));
      expect(sf.schemaAccess(role('WIDE')).get('DB.S')!.missing.READ).toEqual(['SELECT on future TABLES']);
    }
  });
});

describe('WRITE and OWN', () => {
  const write = privileges('w', 'DB.W', ['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'], onObjects('all', 'TABLES', 'DB.S'));
  const writeFuture = privileges(
    'wf',
    'DB.W',
    ['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'],
    onObjects('future', 'TABLES', 'DB.S'),
  );

  it('WRITE needs READ and the write privileges on current and future objects', () => {
    const both = access(
      merge(schemaS, readGrants('DB.R'), write, writeFuture, roleGrant('r', 'DB.R', 'T'), roleGrant('w', 'DB.W', 'T')),
    );
    expect(levels(both, role('T'))).toEqual(['READ', 'WRITE']);
    // The WRITE database role alone has no USAGE and no SELECT (the constructs grant READ beside it).
    const alone = access(merge(schemaS, readGrants('DB.R'), write, writeFuture, roleGrant('w', 'DB.W', 'T')));
    expect(levels(alone, role('T'))).toEqual([]);
    const current = access(
      merge(schemaS, readGrants('DB.R'), write, roleGrant('r', 'DB.R', 'T'), roleGrant('w', 'DB.W', 'T')),
    );
    expect(current.schemaAccess(role('T')).get('DB.S')!.missing.WRITE).toEqual([
      'INSERT on future TABLES',
      'UPDATE on future TABLES',
      'DELETE on future TABLES',
      'TRUNCATE on future TABLES',
    ]);
  });

  const ownerBase = [
    privileges('db', 'O', ['USAGE'], onDatabase('DB')),
    {
      snowflake_grant_ownership: {
        f: { account_role_name: 'O', on: { future: { in_schema: 'DB.S', object_type_plural: 'TABLES' } } },
      },
    },
  ];

  it('OWN needs CREATE on the schema and future OWNERSHIP; ALL PRIVILEGES on the schema gives CREATE', () => {
    const all = access(merge(schemaS, ...ownerBase, privileges('s', 'O', 'ALL', onSchema('DB.S'))));
    expect(levels(all, role('O'))).toEqual(['OWN']);
    const usageOnly = access(merge(schemaS, ...ownerBase, privileges('s', 'O', ['USAGE'], onSchema('DB.S'))));
    expect(usageOnly.schemaAccess(role('O')).get('DB.S')!.missing.OWN).toEqual(['CREATE TABLE on schema DB.S']);
  });

  it('ownership of the schema gives USAGE and CREATE on it', () => {
    const owns = access(
      merge(schemaS, ...ownerBase, {
        snowflake_grant_ownership: {
          s: { account_role_name: 'O', on: { object_type: 'SCHEMA', object_name: 'DB.S' } },
        },
      }),
    );
    expect(levels(owns, role('O'))).toEqual(['OWN']);
  });

  it('future ALL PRIVILEGES is not future OWNERSHIP', () => {
    const sf = access(
      merge(
        schemaS,
        privileges('db', 'O', ['USAGE'], onDatabase('DB')),
        privileges('s', 'O', ['USAGE', 'CREATE TABLE'], onSchema('DB.S')),
        privileges('f', 'O', 'ALL', onObjects('future', 'TABLES', 'DB.S')),
      ),
    );
    expect(sf.schemaAccess(role('O')).get('DB.S')!.missing.OWN).toEqual(['OWNERSHIP of future TABLES']);
  });
});

describe('warehouses and the account', () => {
  const sf = access(
    merge(
      { snowflake_warehouse: { w: { name: 'WH' } } },
      privileges('u', 'TEAM', ['USAGE', 'OPERATE'], onWarehouse('WH')),
      privileges('c', 'ADMIN_ROLE', ['CREATE DATABASE'], { on_account: true }),
      roleGrant('team-to-sysadmin', 'TEAM', 'SYSADMIN'),
      roleGrant('admin-to-sysadmin', 'ADMIN_ROLE', 'SYSADMIN'),
      roleGrant('team-to-u', 'TEAM', 'user:"li.wei@example.com"'),
    ),
  );

  it('are held through the roles a principal holds', () => {
    expect([...sf.warehouseAccess(user('"li.wei@example.com"')).get('WH')!]).toEqual(['USAGE', 'OPERATE']);
    expect([...sf.warehouseAccess(role('ACCOUNTADMIN')).get('WH')!]).toEqual(['USAGE', 'OPERATE']);
    expect(sf.warehouseAccess(role('SECURITYADMIN')).size).toBe(0);
    expect([...sf.accountPrivileges(role('ACCOUNTADMIN'))]).toEqual(['CREATE DATABASE']);
    expect(sf.accountPrivileges(role('TEAM')).size).toBe(0);
  });
});
