/** Small hand-written Snowflake stacks (synthesized-JSON shape) for the evaluator's tests. */
import {
  loadSnowflakeGrants,
  type SnowflakeAccountGrants,
  SnowflakeAccess,
  snowflakeStackFromSynthesized,
} from '../../tools/access/snowflake';

export type Resources = Record<string, Record<string, Record<string, unknown>>>;
export const ACCOUNT = 'ORG.ACC';
const PROVIDER = { snowflake: [{ organization_name: 'ORG', account_name: 'ACC', user: 'DEPLOYER', role: 'ADMIN' }] };

/** The grants of one account made of these stacks (one stack each); fails the test on any problem. */
export function grantsOf(...stacks: Resources[]): SnowflakeAccountGrants {
  const model = loadSnowflakeGrants(
    stacks.map((resource, i) => snowflakeStackFromSynthesized(`stack-${i}`, { provider: PROVIDER, resource })!),
  );
  expect(model.problems).toEqual([]);
  return model.accounts.get(ACCOUNT)!;
}
export const access = (...stacks: Resources[]) => new SnowflakeAccess(grantsOf(...stacks));

export const role = (name: string) => ({ kind: 'role' as const, name });
export const user = (name: string) => ({ kind: 'user' as const, name });
export const dbRole = (name: string) => ({ kind: 'database-role' as const, name });

/** Merges stacks' resources into one (same type: names merged). */
export function merge(...parts: Resources[]): Resources {
  const out: Resources = {};
  for (const p of parts) for (const [type, byName] of Object.entries(p)) out[type] = { ...out[type], ...byName };
  return out;
}

type Grant = Record<string, unknown>;
const grantType = (grantee: string) =>
  grantee.includes('.') ? 'snowflake_grant_privileges_to_database_role' : 'snowflake_grant_privileges_to_account_role';
const granteeAttr = (grantee: string) => (grantee.includes('.') ? 'database_role_name' : 'account_role_name');

/** A privilege grant resource `id` to an account role (`NAME`) or database role (`DB.NAME`). */
export function privileges(id: string, grantee: string, privileges: string[] | 'ALL', on: Grant): Resources {
  // A database role's grant on its database is `on_database` (the resource has no `on_account_object`).
  const db = (on.on_account_object as { object_type?: string; object_name?: string } | undefined) ?? {};
  if (grantee.includes('.') && db.object_type === 'DATABASE') on = { on_database: db.object_name };
  return {
    [grantType(grantee)]: {
      [id]: {
        [granteeAttr(grantee)]: grantee,
        ...(privileges === 'ALL' ? { all_privileges: true } : { privileges }),
        ...on,
      },
    },
  };
}
export const onDatabase = (db: string): Grant => ({ on_account_object: { object_type: 'DATABASE', object_name: db } });
export const onSchema = (schema: string): Grant => ({ on_schema: { schema_name: schema } });
export const onObjects = (scope: 'all' | 'future', type: string, schema: string): Grant => ({
  on_schema_object: { [scope]: { in_schema: schema, object_type_plural: type } },
});
export const onDatabaseObjects = (scope: 'all' | 'future', type: string, db: string): Grant => ({
  on_schema_object: { [scope]: { in_database: db, object_type_plural: type } },
});
export const onWarehouse = (wh: string): Grant => ({
  on_account_object: { object_type: 'WAREHOUSE', object_name: wh },
});

/** `role` (account or database role) granted to an account role, a database role or a user (`user:NAME`). */
export function roleGrant(id: string, granted: string, to: string): Resources {
  if (granted.includes('.'))
    return {
      snowflake_grant_database_role: {
        [id]: {
          database_role_name: granted,
          ...(to.includes('.') ? { parent_database_role_name: to } : { parent_role_name: to }),
        },
      },
    };
  return {
    snowflake_grant_account_role: {
      [id]: { role_name: granted, ...(to.startsWith('user:') ? { user_name: to.slice(5) } : { parent_role_name: to }) },
    },
  };
}

/** Database DB with schema DB.S (object types: tables). */
export const schemaS: Resources = {
  snowflake_database: { db: { name: 'DB' } },
  snowflake_schema: { s: { database: 'DB', name: 'S' } },
};

/** What READ on DB.S needs (tables only), granted to `grantee`: usage on both, SELECT on current and future tables. */
export function readGrants(grantee: string, prefix = 'read'): Resources {
  return merge(
    privileges(`${prefix}-db`, grantee, ['USAGE'], onDatabase('DB')),
    privileges(`${prefix}-schema`, grantee, ['USAGE'], onSchema('DB.S')),
    privileges(`${prefix}-all`, grantee, ['SELECT'], onObjects('all', 'TABLES', 'DB.S')),
    privileges(`${prefix}-future`, grantee, ['SELECT'], onObjects('future', 'TABLES', 'DB.S')),
  );
}
