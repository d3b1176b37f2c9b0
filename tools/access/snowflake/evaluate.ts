/**
 * Effective access in one Snowflake account, evaluated from its grants (never from config): who holds which role
 * (transitively), and what that gives on each schema, warehouse and the account.
 *
 * Roles. A principal holds itself, every role granted to it, and every role those hold (account roles, database
 * roles, users). Snowflake provides, in every account and outside any stack (assumed, SYSTEM_ROLE_GRANTS):
 * ACCOUNTADMIN holds SYSADMIN and SECURITYADMIN, SECURITYADMIN holds USERADMIN, and every account role and user
 * holds PUBLIC, and so every role granted to PUBLIC (a database role holds no account role). The user a stack's
 * provider authenticates as holds the role the provider runs as (or its apply fails). A user may use every role it
 * holds (USE ROLE; with secondary roles, several at once), so a user's access is the union of its roles'.
 *
 * Privileges. A role's privileges are the grants to it: on the account, a database, a schema, current objects of a
 * type in a schema (`all`), future objects of a type in a schema (`future`), account objects (warehouses).
 * OWNERSHIP of an object gives every privilege on it; `ALL PRIVILEGES` every privilege but OWNERSHIP. A grant on
 * every schema or on all/future objects of a database applies to each schema of the database the account's stacks
 * know; a database-level future grant of a type does not apply in a schema that has a schema-level future grant of
 * that type (Snowflake ignores it there). `future_schemas_in_database` is not applied to existing schemas.
 *
 * Levels on a schema `DB.S` whose object types T are the types any grant names in it (privileges or ownership on its
 * objects, CREATE <type> on it), each type's privileges from domain/snowflake-privileges.ts:
 * - READ: USAGE on DB and on S, and for every type of T with read privileges (SELECT on tables, views...), each of
 *   them on current **and** future objects of that type. A schema without a readable type cannot be read.
 * - WRITE: READ, and for every type of T with write privileges (INSERT/UPDATE/DELETE/TRUNCATE on tables, OPERATE on
 *   dynamic tables, READ/WRITE on stages...), each of them on current and future objects of that type. Creating
 *   objects is OWN's.
 * - OWN: USAGE on DB and on S, for every type of T the CREATE privilege of that type on S and the future OWNERSHIP
 *   of that type in S: whoever of its holders creates an object there, this role owns it.
 * Ownership of future objects counts as every privilege on them (an owner may do anything with what it owns), so an
 * owner alone lacks READ only for current objects. What a role could grant itself (the schema owner of a managed-
 * access schema, MANAGE GRANTS) is not evaluated: only what is granted.
 *
 * Warehouses: USAGE, OPERATE, MONITOR, MODIFY, OWNERSHIP, each held through the privilege or through ownership.
 */
import { SCHEMA_OBJECT_TYPES } from '../../../domain/snowflake-privileges';
import { ACCOUNTADMIN, PUBLIC_ROLE, SYSADMIN, USERADMIN } from '../../../domain/snowflake-roles';
import {
  type GrantTarget,
  type Principal,
  principalKey,
  principalOf,
  type PrivilegeGrant,
  type RoleGrant,
  type SnowflakeAccountGrants,
} from './model';
import { databaseOf } from './names';

export const SECURITYADMIN = 'SECURITYADMIN';
const PUBLIC_KEY = `role:${PUBLIC_ROLE}`;

/** Snowflake's system-role hierarchy, in every account and in no stack: [role, the role it is granted to]. */
export const SYSTEM_ROLE_GRANTS: readonly (readonly [string, string])[] = [
  [SYSADMIN, ACCOUNTADMIN],
  [SECURITYADMIN, ACCOUNTADMIN],
  [USERADMIN, SECURITYADMIN],
];
export const SYSTEM_ROLES: readonly string[] = [ACCOUNTADMIN, SECURITYADMIN, SYSADMIN, USERADMIN, PUBLIC_ROLE];
/** The origin of what Snowflake provides rather than a stack. */
export const SYSTEM_ORIGIN = { stack: '', address: "Snowflake's system roles" } as const;

export type SchemaLevel = 'READ' | 'WRITE' | 'OWN';
export const SCHEMA_LEVELS: readonly SchemaLevel[] = ['READ', 'WRITE', 'OWN'];
export const WAREHOUSE_LEVELS: readonly string[] = ['USAGE', 'OPERATE', 'MONITOR', 'MODIFY', 'OWNERSHIP'];

export interface SchemaAccess {
  readonly schema: string;
  readonly levels: ReadonlySet<SchemaLevel>;
  /** For each level not held, what it lacks (e.g. `SELECT on current TABLES`); empty for a held level. */
  readonly missing: Readonly<Record<SchemaLevel, readonly string[]>>;
}

type PrivilegeSet = Set<string>;

/** A role's (or a principal's merged) privileges, by what they are on. */
class Facts {
  readonly database = new Map<string, PrivilegeSet>();
  readonly schema = new Map<string, PrivilegeSet>();
  /** Schema -> `all TABLES` / `future TABLES` -> privileges. */
  readonly objects = new Map<string, Map<string, PrivilegeSet>>();
  /** `WAREHOUSE <name>` -> privileges. */
  readonly accountObjects = new Map<string, PrivilegeSet>();
  readonly account: PrivilegeSet = new Set();

  static add(map: Map<string, PrivilegeSet>, key: string, privileges: Iterable<string>) {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    for (const p of privileges) set.add(p);
  }

  addObjects(schema: string, key: string, privileges: Iterable<string>) {
    let m = this.objects.get(schema);
    if (!m) this.objects.set(schema, (m = new Map()));
    Facts.add(m, key, privileges);
  }

  merge(other: Facts) {
    for (const [k, v] of other.database) Facts.add(this.database, k, v);
    for (const [k, v] of other.schema) Facts.add(this.schema, k, v);
    for (const [s, m] of other.objects) for (const [k, v] of m) this.addObjects(s, k, v);
    for (const [k, v] of other.accountObjects) Facts.add(this.accountObjects, k, v);
    for (const p of other.account) this.account.add(p);
  }
}

/** Held through the privilege itself, ownership, or ALL PRIVILEGES (which is every privilege but OWNERSHIP). */
function holdsPrivilege(set: ReadonlySet<string> | undefined, privilege: string): boolean {
  if (!set) return false;
  return set.has(privilege) || set.has('OWNERSHIP') || (privilege !== 'OWNERSHIP' && set.has('ALL PRIVILEGES'));
}

/** Object type by its CREATE privilege (`CREATE TABLE` -> `TABLES`). */
const TYPE_BY_CREATE = new Map(Object.values(SCHEMA_OBJECT_TYPES).map((t) => [t.create, t.plural]));

const scopeWord = (scope: string) => (scope === 'all' ? 'current' : 'future');

export class SnowflakeAccess {
  readonly account: string;
  private readonly direct = new Map<string, Facts>();
  /** Principal key -> keys of the roles granted to it directly. */
  private readonly granted = new Map<string, Set<string>>();
  /** Role key -> keys of the principals it is granted to directly. */
  private readonly grantees = new Map<string, Set<string>>();
  private readonly heldMemo = new Map<string, ReadonlySet<string>>();
  private readonly effectiveMemo = new Map<string, Facts>();
  private readonly schemaTypes = new Map<string, Set<string>>();
  private readonly knownSchemas = new Set<string>();
  private readonly knownWarehouses = new Set<string>();
  private readonly allPrincipals = new Set<string>();
  /** `schema:<S>`, `database:<D>`, `warehouse:<W>`, `account` -> roles with a direct privilege there. */
  private readonly touching = new Map<string, Set<string>>();

  constructor(readonly grants: SnowflakeAccountGrants) {
    this.account = grants.account;
    const roleGrants: { role: string; to: string }[] = [
      ...SYSTEM_ROLE_GRANTS.map(([role, to]) => ({ role: `role:${role}`, to: `role:${to}` })),
      ...grants.roleGrants.map((g) => ({ role: principalKey(g.role), to: principalKey(g.to) })),
      ...grants.identities.map((i) => ({ role: `role:${i.role}`, to: `user:${i.user}` })),
    ];
    for (const { role, to } of roleGrants) {
      add(this.granted, to, role);
      add(this.grantees, role, to);
      this.allPrincipals.add(role).add(to);
    }
    for (const r of SYSTEM_ROLES) this.allPrincipals.add(`role:${r}`);
    for (const n of grants.roles.keys()) this.allPrincipals.add(`role:${n}`);
    for (const n of grants.databaseRoles.keys()) this.allPrincipals.add(`database-role:${n}`);
    for (const n of grants.users.keys()) this.allPrincipals.add(`user:${n}`);

    // Schemas and databases the account knows: created or named by a grant.
    for (const s of grants.schemas.keys()) this.knownSchemas.add(s);
    for (const w of grants.warehouses.keys()) this.knownWarehouses.add(w);
    for (const g of grants.privilegeGrants) {
      if (g.target.kind === 'schema' || g.target.kind === 'schema-objects') this.knownSchemas.add(g.target.schema);
      if (g.target.kind === 'account-object' && g.target.objectType === 'WAREHOUSE')
        this.knownWarehouses.add(g.target.name);
      this.allPrincipals.add(principalKey(g.grantee));
    }
    const schemasOf = new Map<string, Set<string>>();
    for (const s of this.knownSchemas) add(schemasOf, databaseOf(s) ?? s, s);
    // Snowflake ignores database-level future grants of a type in a schema with schema-level ones of that type.
    const schemaFuture = new Set(
      grants.privilegeGrants.flatMap((g) =>
        g.target.kind === 'schema-objects' && g.target.scope === 'future'
          ? [`${g.target.schema} ${g.target.objectType}`]
          : [],
      ),
    );
    for (const g of grants.privilegeGrants) this.apply(g, schemasOf, schemaFuture);
  }

  private apply(g: PrivilegeGrant, schemasOf: ReadonlyMap<string, ReadonlySet<string>>, schemaFuture: Set<string>) {
    const key = principalKey(g.grantee);
    let f = this.direct.get(key);
    if (!f) this.direct.set(key, (f = new Facts()));
    const t: GrantTarget = g.target;
    const touch = (where: string) => add(this.touching, where, key);
    const objects = (schema: string, scope: string, type: string) => {
      f!.addObjects(schema, `${scope} ${type}`, g.privileges);
      add(this.schemaTypes, schema, type);
      touch(`schema:${schema}`);
    };
    switch (t.kind) {
      case 'account':
        for (const p of g.privileges) f.account.add(p);
        touch('account');
        break;
      case 'database':
        Facts.add(f.database, t.database, g.privileges);
        touch(`database:${t.database}`);
        break;
      case 'schema':
        Facts.add(f.schema, t.schema, g.privileges);
        touch(`schema:${t.schema}`);
        for (const p of g.privileges) {
          const type = TYPE_BY_CREATE.get(p);
          if (type) add(this.schemaTypes, t.schema, type);
        }
        break;
      case 'schemas-in-database':
        if (t.scope === 'all')
          for (const s of schemasOf.get(t.database) ?? []) {
            Facts.add(f.schema, s, g.privileges);
            touch(`schema:${s}`);
          }
        break;
      case 'schema-objects':
        objects(t.schema, t.scope, t.objectType);
        break;
      case 'database-objects':
        for (const s of schemasOf.get(t.database) ?? [])
          if (t.scope === 'all' || !schemaFuture.has(`${s} ${t.objectType}`)) objects(s, t.scope, t.objectType);
        break;
      case 'account-object':
        Facts.add(f.accountObjects, `${t.objectType} ${t.name}`, g.privileges);
        if (t.objectType === 'WAREHOUSE') touch(`warehouse:${t.name}`);
        break;
      case 'schema-object':
        break; // one named object: no level of a whole schema depends on it
    }
  }

  /** Every principal the grants name or create, and Snowflake's system roles. */
  principals(): Principal[] {
    return [...this.allPrincipals].sort().map(principalOf);
  }

  schemas(): string[] {
    return [...this.knownSchemas].sort();
  }

  warehouses(): string[] {
    return [...this.knownWarehouses].sort();
  }

  /** The object types grants name in a schema, in SCHEMA_OBJECT_TYPES order, then unknown ones. */
  objectTypes(schema: string): string[] {
    const types = this.schemaTypes.get(schema) ?? new Set<string>();
    const known = Object.keys(SCHEMA_OBJECT_TYPES).filter((t) => types.has(t));
    return [...known, ...[...types].filter((t) => !(t in SCHEMA_OBJECT_TYPES)).sort()];
  }

  /** Keys of the roles granted directly to a principal. */
  directRoles(p: Principal): string[] {
    return [...(this.granted.get(principalKey(p)) ?? [])].sort();
  }

  /** Keys of the principals a role is granted to directly. */
  directGrantees(p: Principal): string[] {
    return [...(this.grantees.get(principalKey(p)) ?? [])].sort();
  }

  /** Keys of every role a principal holds: itself, and PUBLIC with what PUBLIC holds (account roles and users). */
  held(p: Principal | string): ReadonlySet<string> {
    const key = typeof p === 'string' ? p : principalKey(p);
    const memo = this.heldMemo.get(key);
    if (memo) return memo;
    // Every account role and user holds PUBLIC, and so whatever is granted to PUBLIC; a database role holds no
    // account role.
    const out = new Set<string>([key]);
    const stack = [key];
    if (!key.startsWith('database-role:') && key !== PUBLIC_KEY) {
      out.add(PUBLIC_KEY);
      stack.push(PUBLIC_KEY);
    }
    while (stack.length) {
      for (const child of this.granted.get(stack.pop()!) ?? [])
        if (!out.has(child)) {
          out.add(child);
          const known = this.heldMemo.get(child);
          if (known) for (const k of known) out.add(k);
          else stack.push(child);
        }
    }
    this.heldMemo.set(key, out);
    return out;
  }

  /** Roles with a direct privilege on a schema (or its database), a warehouse (`warehouse:<W>`) or the account. */
  rolesTouching(where: string): ReadonlySet<string> {
    if (where.startsWith('schema:')) {
      const s = where.slice('schema:'.length);
      const db = databaseOf(s);
      return new Set([...(this.touching.get(where) ?? []), ...(db ? (this.touching.get(`database:${db}`) ?? []) : [])]);
    }
    return this.touching.get(where) ?? new Set();
  }

  private effective(key: string): Facts {
    const memo = this.effectiveMemo.get(key);
    if (memo) return memo;
    const f = new Facts();
    for (const role of this.held(key)) {
      const d = this.direct.get(role);
      if (d) f.merge(d);
    }
    this.effectiveMemo.set(key, f);
    return f;
  }

  /** The schemas a principal has any privilege in, with the levels it holds and what the others lack. */
  schemaAccess(p: Principal): Map<string, SchemaAccess> {
    const f = this.effective(principalKey(p));
    const out = new Map<string, SchemaAccess>();
    for (const schema of new Set([...f.schema.keys(), ...f.objects.keys()])) out.set(schema, this.levelsIn(f, schema));
    return out;
  }

  private levelsIn(f: Facts, schema: string): SchemaAccess {
    const database = databaseOf(schema) ?? '';
    const objects = f.objects.get(schema);
    const types = this.objectTypes(schema);
    const usage: [string, boolean][] = [
      [`USAGE on database ${database}`, holdsPrivilege(f.database.get(database), 'USAGE')],
      [`USAGE on schema ${schema}`, holdsPrivilege(f.schema.get(schema), 'USAGE')],
    ];
    const onObjects = (kind: 'read' | 'write'): [string, boolean][] =>
      types.flatMap((t) => {
        const privileges = (
          SCHEMA_OBJECT_TYPES as Record<string, { read: readonly string[]; write: readonly string[] }>
        )[t]?.[kind];
        return (privileges ?? []).flatMap((p) =>
          ['all', 'future'].map(
            (scope) =>
              [`${p} on ${scopeWord(scope)} ${t}`, holdsPrivilege(objects?.get(`${scope} ${t}`), p)] as [
                string,
                boolean,
              ],
          ),
        );
      });
    const reads = onObjects('read');
    const read: [string, boolean][] = [
      ...usage,
      ...(reads.length ? reads : [['a readable object type in the schema', false] as [string, boolean]]),
    ];
    const write = [...read, ...onObjects('write')];
    const own: [string, boolean][] = [
      ...usage,
      ...(types.length ? [] : [['an object type in the schema', false] as [string, boolean]]),
      ...types.flatMap((t) => {
        const create = (SCHEMA_OBJECT_TYPES as Record<string, { create: string }>)[t]?.create;
        return [
          ...(create ? [[`${create} on schema ${schema}`, holdsPrivilege(f.schema.get(schema), create)]] : []),
          [`OWNERSHIP of future ${t}`, objects?.get(`future ${t}`)?.has('OWNERSHIP') === true],
        ] as [string, boolean][];
      }),
    ];
    const lacking = (reqs: [string, boolean][]) => reqs.filter(([, ok]) => !ok).map(([r]) => r);
    const missing = { READ: lacking(read), WRITE: lacking(write), OWN: lacking(own) };
    const levels = new Set(SCHEMA_LEVELS.filter((l) => missing[l].length === 0));
    return { schema, levels, missing };
  }

  /** Warehouses a principal has a privilege on, with the evaluated privileges it holds (WAREHOUSE_LEVELS). */
  warehouseAccess(p: Principal): Map<string, Set<string>> {
    const f = this.effective(principalKey(p));
    const out = new Map<string, Set<string>>();
    for (const [key, set] of f.accountObjects) {
      if (!key.startsWith('WAREHOUSE ')) continue;
      const held = new Set(WAREHOUSE_LEVELS.filter((l) => holdsPrivilege(set, l)));
      if (held.size) out.set(key.slice('WAREHOUSE '.length), held);
    }
    return out;
  }

  /** Privileges a principal holds on the account (CREATE DATABASE, EXECUTE TASK...). */
  accountPrivileges(p: Principal): Set<string> {
    return new Set(this.effective(principalKey(p)).account);
  }
}

function add<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const cur = map.get(key);
  if (cur) cur.add(value);
  else map.set(key, new Set([value]));
}

/** The role grants and privilege grants of an account, by key (for comparing two sides). */
export function grantKeys(grants: SnowflakeAccountGrants): Map<string, RoleGrant | PrivilegeGrant> {
  return new Map<string, RoleGrant | PrivilegeGrant>([
    ...grants.roleGrants.map((g) => [g.key, g] as const),
    ...grants.privilegeGrants.map((g) => [g.key, g] as const),
  ]);
}
