/**
 * Access gained and lost between two sides (delta.ts), on hand-written grants: what each principal gains or loses,
 * with exactly the changed grants that explain it, and what is not reported (a dropped schema, unchanged principals).
 */
import { describeGrant, SnowflakeAccess, snowflakeAccessChanges } from '../../tools/access/snowflake';
import {
  grantsOf,
  merge,
  onDatabase,
  onObjects,
  onSchema,
  onWarehouse,
  privileges,
  readGrants,
  type Resources,
  roleGrant,
  schemaS,
} from './snowflake-helpers';

const sf = (...r: Resources[]) => new SnowflakeAccess(grantsOf(merge(...r)));
const rows = (before: SnowflakeAccess, after: SnowflakeAccess) =>
  snowflakeAccessChanges(before, after)
    .changes.map(
      (c) => `${c.change} ${c.principal.kind}:${c.principal.name} ${c.what} ${c.target.kind}:${c.target.name}`,
    )
    .sort();

// A producer's schema with its READ database role; a consumer team role T held by a user.
const producer = merge(schemaS, readGrants('DB.READ'));
const consumer = merge(
  roleGrant('t-to-ana', 'T', 'user:"ana@example.com"'),
  roleGrant('t-to-sysadmin', 'T', 'SYSADMIN'),
);

describe('a database role granted to a team role', () => {
  const before = sf(producer, consumer);
  const after = sf(producer, consumer, roleGrant('read-to-t', 'DB.READ', 'T'));

  it('gains READ for the role, its user and the system roles above it, explained by that grant', () => {
    expect(rows(before, after)).toEqual([
      'gained role:ACCOUNTADMIN READ schema:DB.S',
      'gained role:SYSADMIN READ schema:DB.S',
      'gained role:T READ schema:DB.S',
      'gained user:"ana@example.com" READ schema:DB.S',
    ]);
    const t = snowflakeAccessChanges(before, after).changes.find((c) => c.principal.name === 'T')!;
    expect(t.grants.map(describeGrant)).toEqual(['`DB.READ` granted to `T`']);
  });

  it('revoked, loses READ again, explained by the removed grant, with what is now lacking', () => {
    const lost = snowflakeAccessChanges(after, before).changes.find((c) => c.principal.name === 'T')!;
    expect([lost.change, lost.what, lost.target.name]).toEqual(['lost', 'READ', 'DB.S']);
    expect(lost.grants.map((g) => g.origin.address)).toEqual(['snowflake_grant_database_role.read-to-t']);
    expect(lost.missing).toEqual(['every privilege in the schema']);
  });
});

describe('a privilege revoked from a role that others hold', () => {
  const full = merge(producer, consumer, roleGrant('read-to-t', 'DB.READ', 'T'));
  const withoutFuture = structuredClone(full);
  delete withoutFuture.snowflake_grant_privileges_to_database_role!['read-future'];

  it('is a loss for every holder, explained by the removed privilege grant, naming the missing privilege', () => {
    const changes = snowflakeAccessChanges(sf(full), sf(withoutFuture)).changes;
    expect(changes.map((c) => `${c.principal.name} ${c.change} ${c.what}`).sort()).toEqual([
      '"ana@example.com" lost READ',
      'ACCOUNTADMIN lost READ',
      'DB.READ lost READ',
      'SYSADMIN lost READ',
      'T lost READ',
    ]);
    const ana = changes.find((c) => c.principal.kind === 'user')!;
    expect(ana.grants.map(describeGrant)).toEqual(['`SELECT` on future TABLES in `DB.S` granted to `DB.READ`']);
    expect(ana.missing).toEqual(['SELECT on future TABLES']);
  });
});

describe('a schema dropped with its grants', () => {
  it('is not reported as lost (the delete itself is in the review); other schemas still are', () => {
    const other = merge(
      { snowflake_schema: { t: { database: 'DB', name: 'T' } } },
      privileges('t-usage', 'DB.READ', ['USAGE'], onSchema('DB.T')),
      privileges('t-all', 'DB.READ', ['SELECT'], onObjects('all', 'TABLES', 'DB.T')),
      privileges('t-future', 'DB.READ', ['SELECT'], onObjects('future', 'TABLES', 'DB.T')),
    );
    const before = sf(producer, other, consumer, roleGrant('read-to-t', 'DB.READ', 'T'));
    // DB.S dropped (its schema resource and grants gone); DB.T loses its future grant.
    const afterResources = merge(
      { snowflake_database: { db: { name: 'DB' } } },
      privileges('read-db', 'DB.READ', ['USAGE'], onDatabase('DB')),
      other,
      consumer,
      roleGrant('read-to-t', 'DB.READ', 'T'),
    );
    delete afterResources.snowflake_grant_privileges_to_database_role!['t-future'];
    const changes = snowflakeAccessChanges(before, sf(afterResources)).changes;
    expect(changes.filter((c) => c.target.name === 'DB.S')).toEqual([]);
    expect(
      changes.filter((c) => c.principal.name === 'T').map((c) => `${c.change} ${c.what} ${c.target.name}`),
    ).toEqual(['lost READ DB.T']);
  });
});

describe('warehouses, account privileges and PUBLIC', () => {
  const base = merge({ snowflake_warehouse: { w: { name: 'WH' } } }, consumer, {
    snowflake_user: { bob: { name: 'BOB' } },
  });

  it('lists warehouse privileges gained and account privileges lost, each with its grant', () => {
    const before = sf(base, privileges('acct', 'T', ['CREATE DATABASE'], { on_account: true }));
    const after = sf(base, privileges('wh', 'T', ['USAGE', 'MONITOR'], onWarehouse('WH')));
    const t = snowflakeAccessChanges(before, after).changes.filter((c) => c.principal.name === 'T');
    expect(
      t.map((c) => `${c.change} ${c.target.kind} ${c.what} ${c.grants.map((g) => g.origin.address).join()}`),
    ).toEqual([
      'gained warehouse USAGE snowflake_grant_privileges_to_account_role.wh',
      'gained warehouse MONITOR snowflake_grant_privileges_to_account_role.wh',
      'lost account CREATE DATABASE snowflake_grant_privileges_to_account_role.acct',
    ]);
  });

  it('a role granted to PUBLIC is a gain for every user and role, explained by that grant', () => {
    const open = merge(base, privileges('wh', 'OPEN', ['USAGE'], onWarehouse('WH')));
    const changes = snowflakeAccessChanges(sf(open), sf(open, roleGrant('open-to-public', 'OPEN', 'PUBLIC'))).changes;
    const bob = changes.find((c) => c.principal.name === 'BOB')!;
    expect([bob.change, bob.what, bob.target.name]).toEqual(['gained', 'USAGE', 'WH']);
    expect(bob.grants.map(describeGrant)).toEqual(['`OPEN` granted to `PUBLIC`']);
    expect(changes.some((c) => c.principal.name === 'T')).toBe(true);
  });

  it('evaluates only principals whose roles or roles’ privileges changed', () => {
    const before = sf(base, producer, roleGrant('x', 'X', 'user:BOB'));
    const after = sf(base, producer, roleGrant('x', 'X', 'user:BOB'), roleGrant('read-to-x', 'DB.READ', 'X'));
    const delta = snowflakeAccessChanges(before, after);
    // X and BOB (and nobody else: T and its user are untouched).
    expect(delta.principals).toBe(2);
    expect(snowflakeAccessChanges(before, before).changes).toEqual([]);
  });
});
