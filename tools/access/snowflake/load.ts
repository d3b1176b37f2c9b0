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
import { canonicalName, type NameParts } from './names';

const PARTS: Record<NameParts, string> = {
  1: 'one name',
  2: '`DB.NAME`',
  3: '`DB.SCHEMA.NAME`',
  any: 'a name',
};

type Values = Readonly<Record<string, unknown>>;

export const UNKNOWN_ACCOUNT = '(unknown account)';

export interface SnowflakeGrantModel {
  /** By account (`<ORGANIZATION>.<ACCOUNT>`). */
  readonly accounts: ReadonlyMap<string, SnowflakeAccountGrants>;
  /** What could not be read, `<stack> <address>: why`; the rest of the model stands. */
  readonly problems: readonly string[];
  /** The resources those problems are about, `<stack> <address>`. */
  readonly unreadable: ReadonlySet<string>;
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
  const unreadable = new Set<string>();
  const builders = new Map<string, Builder>();
  const stackAccounts = new Map<string, string>();
  for (const stack of stacks) {
    const account = stack.account ?? UNKNOWN_ACCOUNT;
    stackAccounts.set(stack.stack, account);
    if (!builders.has(account)) builders.set(account, emptyBuilder());
    readStack(stack, builders.get(account)!, problems, unreadable);
  }
  const accounts = new Map<string, SnowflakeAccountGrants>();
  for (const [account, b] of builders) accounts.set(account, { account, ...b });
  return { accounts, problems, unreadable, stackAccounts };
}

function readStack(stack: SnowflakeStack, b: Builder, problems: string[], unreadable: Set<string>): void {
  for (const id of stack.identities) {
    const user = id.user ? canonicalName(id.user, 1) : undefined;
    const role = id.role ? canonicalName(id.role, 1) : undefined;
    if (user && role && !id.user!.includes('${') && !id.role!.includes('${'))
      b.identities.push({ origin: { stack: stack.stack, address: `provider ${id.provider}` }, user, role });
  }
  for (const r of stack.resources) {
    const origin: Origin = { stack: stack.stack, address: `${r.type}.${r.name}` };
    const at = `${stack.stack} ${origin.address}`;
    const v = r.values;
    const problem = (why: string) => {
      problems.push(`${at}: ${why}`);
      unreadable.add(at);
    };
    // Known only after apply: the attribute itself, a block holding it, or an attribute inside it (`on.future.in_schema`).
    const unknown = (attr: string) =>
      r.unknown?.some((u) => u === '*' || u === attr || attr.startsWith(`${u}.`) || u.startsWith(`${attr}.`)) === true;
    // Given: present, or known only after apply (then name() reports it as such, never as missing).
    const given = (attr: string) => present(v[attr]) || unknown(attr);
    /** A literal name with `parts` parts (1: account object, 2: `DB.NAME`, 3: `DB.SCHEMA.NAME`). */
    const name = (attr: string, parts: NameParts, value: unknown = v[attr]): string | undefined => {
      if (unknown(attr)) {
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
      const c = canonicalName(value, parts);
      if (!c)
        problem(
          `\`${attr}\` is not a name the provider accepts: ${JSON.stringify(value)} (${PARTS[parts]}; no double quotes inside a part)`,
        );
      return c;
    };
    /** `DB.NAME` from separate database and name attributes. */
    const inDatabase = (dbAttr: string, nameAttr: string) => {
      const db = name(dbAttr, 1);
      const n = name(nameAttr, 1);
      return db && n ? `${db}.${n}` : undefined;
    };
    const nested: Given = (path, value) => present(value) || unknown(path);
    /** True (and a problem) when one of these attributes, absent from the values, is known only after apply. */
    const unknownBlock = (attrs: readonly string[]) => {
      const hidden = attrs.filter((a) => unknown(a) && !present(v[a]));
      for (const a of hidden) problem(`\`${a}\` is known only after apply`);
      return hidden.length > 0;
    };
    switch (r.type) {
      case 'snowflake_account_role': {
        const n = name('name', 1);
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
        const n = name('name', 1);
        if (n) b.users.set(n, { ...origin, type: r.type.replace(/^snowflake_/, '') });
        break;
      }
      case 'snowflake_database': {
        const n = name('name', 1);
        if (n) b.databases.set(n, origin);
        break;
      }
      case 'snowflake_schema': {
        const n = inDatabase('database', 'name');
        if (n) b.schemas.set(n, origin);
        break;
      }
      case 'snowflake_warehouse': {
        const n = name('name', 1);
        if (n) b.warehouses.set(n, origin);
        break;
      }
      case 'snowflake_grant_account_role': {
        const role = name('role_name', 1);
        const to = given('user_name')
          ? userOf(name('user_name', 1))
          : given('parent_role_name')
            ? roleOf(name('parent_role_name', 1))
            : (problem('grants to neither `user_name` nor `parent_role_name`'), undefined);
        if (role && to) addRoleGrant(b, origin, { kind: 'role', name: role }, to);
        break;
      }
      case 'snowflake_grant_database_role': {
        const role = name('database_role_name', 2);
        if (given('share_name')) break; // a share is not a principal of the account
        const to = given('parent_role_name')
          ? roleOf(name('parent_role_name', 1))
          : given('parent_database_role_name')
            ? databaseRoleOf(name('parent_database_role_name', 2))
            : (problem('grants to neither `parent_role_name` nor `parent_database_role_name`'), undefined);
        if (role && to) addRoleGrant(b, origin, { kind: 'database-role', name: role }, to);
        break;
      }
      case 'snowflake_grant_privileges_to_account_role':
      case 'snowflake_grant_privileges_to_database_role': {
        const toDatabaseRole = r.type.endsWith('_database_role');
        const grantee = toDatabaseRole
          ? databaseRoleOf(name('database_role_name', 2))
          : roleOf(name('account_role_name', 1));
        const privilegesUnknown = unknownBlock(['privileges', 'all_privileges']);
        const privileges = privilegesUnknown
          ? []
          : truthy(v.all_privileges)
            ? ['ALL PRIVILEGES']
            : Array.isArray(v.privileges)
              ? v.privileges.map((p) => String(p).toUpperCase().trim())
              : [];
        if (privileges.length === 0 && !privilegesUnknown)
          problem('grants no privileges (neither `privileges` nor `all_privileges`)');
        const target = unknownBlock(['on_account', 'on_database', 'on_account_object', 'on_schema', 'on_schema_object'])
          ? undefined
          : privilegeTarget(v, name, nested, problem);
        if (grantee && target && privileges.length) addPrivilegeGrant(b, origin, grantee, privileges, target);
        break;
      }
      case 'snowflake_grant_ownership': {
        const grantee = given('account_role_name')
          ? roleOf(name('account_role_name', 1))
          : given('database_role_name')
            ? databaseRoleOf(name('database_role_name', 2))
            : (problem('grants ownership to neither `account_role_name` nor `database_role_name`'), undefined);
        const target = unknownBlock(['on']) ? undefined : ownershipTarget(block(v.on), name, nested, problem);
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

/** Object types whose name is one part (an account object), as the provider's ownership grant reads them. */
const ACCOUNT_OBJECT_TYPES = new Set([
  'COMPUTE POOL',
  'DATABASE',
  'EXTERNAL VOLUME',
  'FAILOVER GROUP',
  'INTEGRATION',
  'NETWORK POLICY',
  'REPLICATION GROUP',
  'RESOURCE MONITOR',
  'ROLE',
  'USER',
  'WAREHOUSE',
]);

type NameOf = (attr: string, parts: NameParts, value?: unknown) => string | undefined;
/** A nested attribute is set, or known only after apply (then `name` reports it). */
type Given = (path: string, value: unknown) => boolean;

/** `on_schema_object.{all,future}` (or ownership's `on.{all,future}`): every object of a type in a schema or database. */
function bulkTarget(
  prefix: string,
  scope: 'all' | 'future',
  bulk: Values,
  name: NameOf,
  given: Given,
  problem: (why: string) => void,
): GrantTarget | undefined {
  const objectType = typeof bulk.object_type_plural === 'string' ? bulk.object_type_plural.toUpperCase() : undefined;
  if (!objectType) return (problem(`\`${prefix}.${scope}\` has no \`object_type_plural\``), undefined);
  if (given(`${prefix}.${scope}.in_schema`, bulk.in_schema)) {
    const schema = name(`${prefix}.${scope}.in_schema`, 2, bulk.in_schema);
    return schema ? { kind: 'schema-objects', scope, objectType, schema } : undefined;
  }
  if (given(`${prefix}.${scope}.in_database`, bulk.in_database)) {
    const database = name(`${prefix}.${scope}.in_database`, 1, bulk.in_database);
    return database ? { kind: 'database-objects', scope, objectType, database } : undefined;
  }
  return (problem(`\`${prefix}.${scope}\` names neither \`in_schema\` nor \`in_database\``), undefined);
}

function privilegeTarget(
  v: Values,
  name: NameOf,
  given: Given,
  problem: (why: string) => void,
): GrantTarget | undefined {
  if (truthy(v.on_account)) return { kind: 'account' };
  if (present(v.on_database)) {
    const database = name('on_database', 1);
    return database ? { kind: 'database', database } : undefined;
  }
  const accountObject = block(v.on_account_object);
  if (accountObject) {
    const objectType = String(accountObject.object_type ?? '').toUpperCase();
    const n = name('on_account_object.object_name', 1, accountObject.object_name);
    if (!n) return undefined;
    return objectType === 'DATABASE'
      ? { kind: 'database', database: n }
      : { kind: 'account-object', objectType, name: n };
  }
  const onSchema = block(v.on_schema);
  if (onSchema) {
    if (given('on_schema.schema_name', onSchema.schema_name)) {
      const schema = name('on_schema.schema_name', 2, onSchema.schema_name);
      return schema ? { kind: 'schema', schema } : undefined;
    }
    for (const [attr, scope] of [
      ['all_schemas_in_database', 'all'],
      ['future_schemas_in_database', 'future'],
    ] as const)
      if (given(`on_schema.${attr}`, onSchema[attr])) {
        const database = name(`on_schema.${attr}`, 1, onSchema[attr]);
        return database ? { kind: 'schemas-in-database', scope, database } : undefined;
      }
    return (problem('`on_schema` names no schema or database'), undefined);
  }
  const onObject = block(v.on_schema_object);
  if (onObject) {
    for (const scope of ['all', 'future'] as const) {
      const bulk = block(onObject[scope]);
      if (bulk) return bulkTarget('on_schema_object', scope, bulk, name, given, problem);
    }
    if (given('on_schema_object.object_name', onObject.object_name)) {
      const n = name('on_schema_object.object_name', 'any', onObject.object_name);
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
  given: Given,
  problem: (why: string) => void,
): GrantTarget | undefined {
  if (!on) return (problem('has no `on` block'), undefined);
  for (const scope of ['all', 'future'] as const) {
    const bulk = block(on[scope]);
    if (bulk) return bulkTarget('on', scope, bulk, name, given, problem);
  }
  const objectType = String(on.object_type ?? '').toUpperCase();
  // The provider reads the name by the object type (grant_ownership.go, GetOnObjectIdentifier).
  const parts: NameParts = ACCOUNT_OBJECT_TYPES.has(objectType)
    ? 1
    : objectType === 'SCHEMA' || objectType === 'DATABASE ROLE'
      ? 2
      : 'any'; // in a schema: 3 parts, functions and procedures with their argument types
  const n = name('on.object_name', parts, on.object_name);
  if (!n) return undefined;
  if (objectType === 'DATABASE') return { kind: 'database', database: n };
  if (objectType === 'SCHEMA') return { kind: 'schema', schema: n };
  return parts === 1 ? { kind: 'account-object', objectType, name: n } : { kind: 'schema-object', objectType, name: n };
}
