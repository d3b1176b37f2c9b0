/**
 * Builds the grants of each Snowflake account from stacks' resources (resource types and attributes of
 * snowflakedb/snowflake 2.x, docs/snowflake.md "How the grants appear in cdk.tf.json"):
 *
 * - objects: `snowflake_account_role`, `snowflake_database_role`, `snowflake_user` / `_service_user` /
 *   `_legacy_service_user`, `snowflake_database`, `snowflake_schema`, `snowflake_warehouse`;
 * - role grants: `snowflake_grant_account_role` (`role_name` to `parent_role_name` or `user_name`),
 *   `snowflake_grant_database_role` (`database_role_name` to `parent_role_name` or `parent_database_role_name`);
 * - privileges: `snowflake_grant_privileges_to_account_role` / `_to_database_role` (`privileges` or
 *   `all_privileges`, one of `on_account`, `on_account_object`, `on_database`, `on_schema`, `on_schema_object`);
 * - ownership: `snowflake_grant_ownership` (`account_role_name` or `database_role_name`; `on.object_type` +
 *   `object_name`, or `on.all` / `on.future` with `object_type_plural` and `in_schema` or `in_database`);
 * - the stacks' providers: the user each authenticates as holds the role it runs as.
 *
 * Blocks may be objects (synthesized JSON) or lists of one object (plan values). A value that is not a literal name
 * (a reference, unknown until apply, not an identifier) is a problem, collected with every other: a grant is never
 * silently dropped. Stacks without an account are grouped under `(unknown account)`.
 */
import type { SnowflakeStack } from './inputs';
import type {
  GrantTarget,
  Origin,
  Principal,
  PrivilegeGrant,
  ProviderIdentityGrant,
  RoleGrant,
  SnowflakeAccountGrants,
} from './model';
import { canonicalName, identifierParts, quotePart } from './names';

type Values = Readonly<Record<string, unknown>>;

export const UNKNOWN_ACCOUNT = '(unknown account)';

export interface SnowflakeGrantModel {
  /** By account (`<ORGANIZATION>.<ACCOUNT>`). */
  readonly accounts: ReadonlyMap<string, SnowflakeAccountGrants>;
  /** What could not be read, `<stack> <address>: why`; the rest of the model stands. */
  readonly problems: readonly string[];
  /** Account of each stack read. */
  readonly stackAccounts: ReadonlyMap<string, string>;
}

/** A block of a resource: an object (synthesized JSON) or the first element of a list (plan values). */
function block(v: unknown): Values | undefined {
  const b = Array.isArray(v) ? v[0] : v;
  return typeof b === 'object' && b !== null ? (b as Values) : undefined;
}
const truthy = (v: unknown) => v === true || v === 'true';
const present = (v: unknown) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);

interface Builder {
  roles: Map<string, Origin>;
  databaseRoles: Map<string, Origin>;
  users: Map<string, Origin & { type: string }>;
  databases: Map<string, Origin>;
  schemas: Map<string, Origin>;
  warehouses: Map<string, Origin>;
  roleGrants: RoleGrant[];
  privilegeGrants: PrivilegeGrant[];
  identities: ProviderIdentityGrant[];
}

const emptyBuilder = (): Builder => ({
  roles: new Map(),
  databaseRoles: new Map(),
  users: new Map(),
  databases: new Map(),
  schemas: new Map(),
  warehouses: new Map(),
  roleGrants: [],
  privilegeGrants: [],
  identities: [],
});

export function loadSnowflakeGrants(stacks: readonly SnowflakeStack[]): SnowflakeGrantModel {
  const problems: string[] = [];
  const builders = new Map<string, Builder>();
  const stackAccounts = new Map<string, string>();
  for (const stack of stacks) {
    const account = stack.account ?? UNKNOWN_ACCOUNT;
    stackAccounts.set(stack.stack, account);
    if (!builders.has(account)) builders.set(account, emptyBuilder());
    readStack(stack, builders.get(account)!, problems);
  }
  const accounts = new Map<string, SnowflakeAccountGrants>();
  for (const [account, b] of builders) accounts.set(account, { account, ...b });
  return { accounts, problems, stackAccounts };
}

function readStack(stack: SnowflakeStack, b: Builder, problems: string[]): void {
  for (const id of stack.identities) {
    const user = id.user ? canonicalName(id.user) : undefined;
    const role = id.role ? canonicalName(id.role) : undefined;
    if (user && role && !id.user!.includes('${') && !id.role!.includes('${'))
      b.identities.push({ origin: { stack: stack.stack, address: `provider ${id.provider}` }, user, role });
  }
  for (const r of stack.resources) {
    const origin: Origin = { stack: stack.stack, address: `${r.type}.${r.name}` };
    const at = `${stack.stack} ${origin.address}`;
    const v = r.values;
    const problem = (why: string) => problems.push(`${at}: ${why}`);
    // Given: present, or known only after apply (then name() reports it as such, never as missing).
    const given = (attr: string) => present(v[attr]) || r.unknown?.includes(attr) === true;
    const name = (attr: string, value: unknown = v[attr]): string | undefined => {
      if (r.unknown?.includes(attr) || r.unknown?.includes('*')) {
        problem(`\`${attr}\` is known only after apply`);
        return undefined;
      }
      if (typeof value !== 'string' || value === '') {
        problem(`\`${attr}\` is missing`);
        return undefined;
      }
      if (value.includes('${')) {
        problem(`\`${attr}\` is a reference (${value}), not a literal name`);
        return undefined;
      }
      const c = canonicalName(value);
      if (!c) problem(`\`${attr}\` is not a Snowflake identifier: ${JSON.stringify(value)}`);
      return c;
    };
    /** `DB.NAME` from separate database and name attributes. */
    const inDatabase = (dbAttr: string, nameAttr: string) => {
      const db = name(dbAttr);
      const n = name(nameAttr);
      return db && n ? `${db}.${n}` : undefined;
    };
    switch (r.type) {
      case 'snowflake_account_role': {
        const n = name('name');
        if (n) b.roles.set(n, origin);
        break;
      }
      case 'snowflake_database_role': {
        const n = inDatabase('database', 'name');
        if (n) b.databaseRoles.set(n, origin);
        break;
      }
      case 'snowflake_user':
      case 'snowflake_service_user':
      case 'snowflake_legacy_service_user': {
        const n = name('name');
        if (n) b.users.set(n, { ...origin, type: r.type.replace(/^snowflake_/, '') });
        break;
      }
      case 'snowflake_database': {
        const n = name('name');
        if (n) b.databases.set(n, origin);
        break;
      }
      case 'snowflake_schema': {
        const n = inDatabase('database', 'name');
        if (n) b.schemas.set(n, origin);
        break;
      }
      case 'snowflake_warehouse': {
        const n = name('name');
        if (n) b.warehouses.set(n, origin);
        break;
      }
      case 'snowflake_grant_account_role': {
        const role = name('role_name');
        const to = given('user_name')
          ? userOf(name('user_name'))
          : given('parent_role_name')
            ? roleOf(name('parent_role_name'))
            : (problem('grants to neither `user_name` nor `parent_role_name`'), undefined);
        if (role && to) addRoleGrant(b, origin, { kind: 'role', name: role }, to);
        break;
      }
      case 'snowflake_grant_database_role': {
        const role = name('database_role_name');
        if (given('share_name')) break; // a share is not a principal of the account
        const to = given('parent_role_name')
          ? roleOf(name('parent_role_name'))
          : given('parent_database_role_name')
            ? databaseRoleOf(name('parent_database_role_name'))
            : (problem('grants to neither `parent_role_name` nor `parent_database_role_name`'), undefined);
        if (role && to) addRoleGrant(b, origin, { kind: 'database-role', name: role }, to);
        break;
      }
      case 'snowflake_grant_privileges_to_account_role':
      case 'snowflake_grant_privileges_to_database_role': {
        const toDatabaseRole = r.type.endsWith('_database_role');
        const grantee = toDatabaseRole ? databaseRoleOf(name('database_role_name')) : roleOf(name('account_role_name'));
        const privileges = truthy(v.all_privileges)
          ? ['ALL PRIVILEGES']
          : Array.isArray(v.privileges)
            ? v.privileges.map((p) => String(p).toUpperCase().trim())
            : [];
        if (privileges.length === 0) problem('grants no privileges (neither `privileges` nor `all_privileges`)');
        const target = privilegeTarget(v, name, problem);
        if (grantee && target && privileges.length) addPrivilegeGrant(b, origin, grantee, privileges, target);
        break;
      }
      case 'snowflake_grant_ownership': {
        const grantee = given('account_role_name')
          ? roleOf(name('account_role_name'))
          : given('database_role_name')
            ? databaseRoleOf(name('database_role_name'))
            : (problem('grants ownership to neither `account_role_name` nor `database_role_name`'), undefined);
        const target = ownershipTarget(block(v.on), name, problem);
        if (grantee && target) addPrivilegeGrant(b, origin, grantee, ['OWNERSHIP'], target);
        break;
      }
      default:
        break; // monitors, network policies...: no privileges on data
    }
  }
}

const roleOf = (n: string | undefined): Principal | undefined => (n ? { kind: 'role', name: n } : undefined);
const userOf = (n: string | undefined): Principal | undefined => (n ? { kind: 'user', name: n } : undefined);
const databaseRoleOf = (n: string | undefined): Principal | undefined =>
  n ? { kind: 'database-role', name: n } : undefined;

function addRoleGrant(b: Builder, origin: Origin, role: Principal, to: Principal) {
  b.roleGrants.push({
    origin,
    role,
    to,
    key: JSON.stringify([origin.stack, origin.address, role, to]),
  });
}

function addPrivilegeGrant(
  b: Builder,
  origin: Origin,
  grantee: Principal,
  privileges: readonly string[],
  target: GrantTarget,
) {
  const sorted = [...new Set(privileges)].sort();
  b.privilegeGrants.push({
    origin,
    grantee,
    privileges: sorted,
    target,
    key: JSON.stringify([origin.stack, origin.address, grantee, sorted, target]),
  });
}

type NameOf = (attr: string, value?: unknown) => string | undefined;

/** `on_schema_object.{all,future}` (or ownership's `on.{all,future}`): every object of a type in a schema or database. */
function bulkTarget(
  scope: 'all' | 'future',
  bulk: Values,
  name: NameOf,
  problem: (why: string) => void,
): GrantTarget | undefined {
  const objectType = typeof bulk.object_type_plural === 'string' ? bulk.object_type_plural.toUpperCase() : undefined;
  if (!objectType) return (problem(`\`${scope}\` has no \`object_type_plural\``), undefined);
  if (present(bulk.in_schema)) {
    const schema = name(`${scope}.in_schema`, bulk.in_schema);
    return schema ? { kind: 'schema-objects', scope, objectType, schema } : undefined;
  }
  if (present(bulk.in_database)) {
    const database = name(`${scope}.in_database`, bulk.in_database);
    return database ? { kind: 'database-objects', scope, objectType, database } : undefined;
  }
  return (problem(`\`${scope}\` names neither \`in_schema\` nor \`in_database\``), undefined);
}

function privilegeTarget(v: Values, name: NameOf, problem: (why: string) => void): GrantTarget | undefined {
  if (truthy(v.on_account)) return { kind: 'account' };
  if (present(v.on_database)) {
    const database = name('on_database');
    return database ? { kind: 'database', database } : undefined;
  }
  const accountObject = block(v.on_account_object);
  if (accountObject) {
    const objectType = String(accountObject.object_type ?? '').toUpperCase();
    const n = name('on_account_object.object_name', accountObject.object_name);
    if (!n) return undefined;
    return objectType === 'DATABASE'
      ? { kind: 'database', database: n }
      : { kind: 'account-object', objectType, name: n };
  }
  const onSchema = block(v.on_schema);
  if (onSchema) {
    if (present(onSchema.schema_name)) {
      const schema = name('on_schema.schema_name', onSchema.schema_name);
      return schema ? { kind: 'schema', schema } : undefined;
    }
    for (const [attr, scope] of [
      ['all_schemas_in_database', 'all'],
      ['future_schemas_in_database', 'future'],
    ] as const)
      if (present(onSchema[attr])) {
        const database = name(`on_schema.${attr}`, onSchema[attr]);
        return database ? { kind: 'schemas-in-database', scope, database } : undefined;
      }
    return (problem('`on_schema` names no schema or database'), undefined);
  }
  const onObject = block(v.on_schema_object);
  if (onObject) {
    for (const scope of ['all', 'future'] as const) {
      const bulk = block(onObject[scope]);
      if (bulk) return bulkTarget(scope, bulk, name, problem);
    }
    if (present(onObject.object_name)) {
      const n = name('on_schema_object.object_name', onObject.object_name);
      return n
        ? { kind: 'schema-object', objectType: String(onObject.object_type ?? '').toUpperCase(), name: n }
        : undefined;
    }
    return (problem('`on_schema_object` names no object, `all` or `future`'), undefined);
  }
  return (problem('grants on nothing it can read (no `on_*` block)'), undefined);
}

function ownershipTarget(
  on: Values | undefined,
  name: NameOf,
  problem: (why: string) => void,
): GrantTarget | undefined {
  if (!on) return (problem('has no `on` block'), undefined);
  for (const scope of ['all', 'future'] as const) {
    const bulk = block(on[scope]);
    if (bulk) return bulkTarget(scope, bulk, name, problem);
  }
  const objectType = String(on.object_type ?? '').toUpperCase();
  const n = name('on.object_name', on.object_name);
  if (!n) return undefined;
  if (objectType === 'DATABASE') return { kind: 'database', database: n };
  if (objectType === 'SCHEMA') return { kind: 'schema', schema: n };
  // Three parts is an object in a schema (a table); one part an account object (warehouse, role, user...).
  const parts = identifierParts(n) ?? [];
  return parts.length === 3
    ? { kind: 'schema-object', objectType, name: parts.map(quotePart).join('.') }
    : { kind: 'account-object', objectType, name: n };
}
