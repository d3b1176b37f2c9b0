/**
 * Access gained and lost between two sides of one Snowflake account (before and after a plan): for every principal
 * whose roles or whose roles' privileges differ, the schema levels (READ, WRITE, OWN), warehouse privileges and
 * account privileges it holds on one side and not on the other, each with the changed grants that explain it.
 *
 * - Only principals that can differ are evaluated: those whose held roles differ, or who hold a role whose own
 *   privileges differ (or that has privileges in a schema whose object types differ).
 * - A schema or warehouse the plan deletes is not reported as lost (the delete itself is in the review).
 * - The explanation of a gain is every added grant on the principal's path to it (a role granted to a role it
 *   holds, whose roles reach the target; a privilege on the target granted to a role it holds); of a loss, every
 *   removed grant the same way on the before side. A level that changes only because the schema's object types
 *   changed has none (its `missing` says what is now lacking).
 */
import { type SchemaAccess, type SchemaLevel, SCHEMA_LEVELS, type SnowflakeAccess } from './evaluate';
import { type Principal, principalKey, type PrivilegeGrant, type RoleGrant } from './model';
import { databaseOf } from './names';

export type AccessTargetKind = 'schema' | 'warehouse' | 'account';

export interface SnowflakeAccessChange {
  readonly change: 'gained' | 'lost';
  readonly principal: Principal;
  readonly target: { readonly kind: AccessTargetKind; readonly name: string };
  /** A schema level (READ, WRITE, OWN), a warehouse privilege (USAGE...), an account privilege (CREATE USER...). */
  readonly what: string;
  /** The changed grants that explain it: added ones for a gain, removed ones for a loss. */
  readonly grants: readonly (RoleGrant | PrivilegeGrant)[];
  /** For a lost schema level: what the principal now lacks for it. */
  readonly missing?: readonly string[];
}

export interface SnowflakeAccessDelta {
  readonly changes: readonly SnowflakeAccessChange[];
  /** Principals evaluated on both sides. */
  readonly principals: number;
}

type Grant = RoleGrant | PrivilegeGrant;
const isRoleGrant = (g: Grant): g is RoleGrant => 'to' in g;

function touches(g: PrivilegeGrant, kind: AccessTargetKind, name: string): boolean {
  const t = g.target;
  if (kind === 'account') return t.kind === 'account';
  if (kind === 'warehouse') return t.kind === 'account-object' && t.objectType === 'WAREHOUSE' && t.name === name;
  const db = databaseOf(name);
  switch (t.kind) {
    case 'database':
      return t.database === db;
    case 'schema':
    case 'schema-objects':
      return t.schema === name;
    case 'schemas-in-database':
    case 'database-objects':
      return t.database === db;
    default:
      return false;
  }
}

function index<T>(items: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    const cur = out.get(k);
    if (cur) cur.push(x);
    else out.set(k, [x]);
  }
  return out;
}

const setsEqual = (a: ReadonlySet<string>, b: ReadonlySet<string>) =>
  a.size === b.size && [...a].every((x) => b.has(x));

export function snowflakeAccessChanges(before: SnowflakeAccess, after: SnowflakeAccess): SnowflakeAccessDelta {
  const keysOf = (a: SnowflakeAccess) =>
    new Set([...a.grants.roleGrants, ...a.grants.privilegeGrants].map((g) => g.key));
  const [bKeys, aKeys] = [keysOf(before), keysOf(after)];
  const removed: Grant[] = [...before.grants.roleGrants, ...before.grants.privilegeGrants].filter(
    (g) => !aKeys.has(g.key),
  );
  const added: Grant[] = [...after.grants.roleGrants, ...after.grants.privilegeGrants].filter((g) => !bKeys.has(g.key));

  // Roles whose own privileges can differ: grantees of changed privilege grants, and roles with privileges in a
  // schema whose object types differ (its levels' requirements differ).
  const changedRoles = new Set<string>();
  for (const g of [...removed, ...added]) if (!isRoleGrant(g)) changedRoles.add(principalKey(g.grantee));
  for (const schema of new Set([...before.schemas(), ...after.schemas()]))
    if (before.objectTypes(schema).join() !== after.objectTypes(schema).join())
      for (const side of [before, after]) for (const r of side.rolesTouching(`schema:${schema}`)) changedRoles.add(r);

  const deletedSchemas = new Set([...before.grants.schemas.keys()].filter((s) => !after.grants.schemas.has(s)));
  const deletedWarehouses = new Set(
    [...before.grants.warehouses.keys()].filter((w) => !after.grants.warehouses.has(w)),
  );

  const explain = (side: SnowflakeAccess, changed: readonly Grant[]) => {
    const byTo = index(changed.filter(isRoleGrant), (g) => principalKey(g.to));
    const byGrantee = index(
      changed.filter((g): g is PrivilegeGrant => !isRoleGrant(g)),
      (g) => principalKey(g.grantee),
    );
    return (p: Principal, kind: AccessTargetKind, name: string): Grant[] => {
      const where = kind === 'account' ? 'account' : `${kind}:${name}`;
      const touching = side.rolesTouching(where);
      const out: Grant[] = [];
      for (const h of side.held(p)) {
        for (const g of byTo.get(h) ?? []) {
          const reach = side.held(g.role);
          if ([...touching].some((r) => reach.has(r))) out.push(g);
        }
        for (const g of byGrantee.get(h) ?? []) if (touches(g, kind, name)) out.push(g);
      }
      return out;
    };
  };
  const whyGained = explain(after, added);
  const whyLost = explain(before, removed);

  const changes: SnowflakeAccessChange[] = [];
  let evaluated = 0;
  const principals = new Map<string, Principal>();
  for (const p of [...before.principals(), ...after.principals()]) principals.set(principalKey(p), p);
  for (const [key, p] of principals) {
    const [hb, ha] = [before.held(key), after.held(key)];
    const affected =
      !setsEqual(hb, ha) || [...ha].some((r) => changedRoles.has(r)) || [...hb].some((r) => changedRoles.has(r));
    if (!affected) continue;
    evaluated++;
    const push = (change: 'gained' | 'lost', kind: AccessTargetKind, name: string, what: string, missing?: string[]) =>
      changes.push({
        change,
        principal: p,
        target: { kind, name },
        what,
        grants: (change === 'gained' ? whyGained : whyLost)(p, kind, name),
        ...(missing ? { missing } : {}),
      });

    const [sb, sa] = [before.schemaAccess(p), after.schemaAccess(p)];
    const none: SchemaAccess | undefined = undefined;
    for (const schema of [...new Set([...sb.keys(), ...sa.keys()])].sort()) {
      const [b, a] = [sb.get(schema) ?? none, sa.get(schema) ?? none];
      for (const level of SCHEMA_LEVELS as readonly SchemaLevel[]) {
        const [had, has] = [b?.levels.has(level) ?? false, a?.levels.has(level) ?? false];
        if (!had && has) push('gained', 'schema', schema, level);
        if (had && !has && !deletedSchemas.has(schema))
          push('lost', 'schema', schema, level, a ? [...a.missing[level]] : ['every privilege in the schema']);
      }
    }
    const [wb, wa] = [before.warehouseAccess(p), after.warehouseAccess(p)];
    for (const w of [...new Set([...wb.keys(), ...wa.keys()])].sort()) {
      const [b, a] = [wb.get(w) ?? new Set<string>(), wa.get(w) ?? new Set<string>()];
      for (const priv of a) if (!b.has(priv)) push('gained', 'warehouse', w, priv);
      if (!deletedWarehouses.has(w)) for (const priv of b) if (!a.has(priv)) push('lost', 'warehouse', w, priv);
    }
    const [ab, aa] = [before.accountPrivileges(p), after.accountPrivileges(p)];
    for (const priv of [...aa].sort()) if (!ab.has(priv)) push('gained', 'account', before.account, priv);
    for (const priv of [...ab].sort()) if (!aa.has(priv)) push('lost', 'account', before.account, priv);
  }
  return { changes, principals: evaluated };
}

/** A grant in words (Markdown), for reports and reviews. */
export function describeGrant(g: Grant): string {
  const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
  const who = (p: Principal) => (p.kind === 'user' ? `user ${code(p.name)}` : code(p.name));
  if (isRoleGrant(g)) return `${code(g.role.name)} granted to ${who(g.to)}`;
  const t = g.target;
  const privs = g.privileges.map(code).join(', ');
  const on = (() => {
    switch (t.kind) {
      case 'account':
        return 'the account';
      case 'database':
        return `database ${code(t.database)}`;
      case 'schema':
        return `schema ${code(t.schema)}`;
      case 'schemas-in-database':
        return `${t.scope === 'all' ? 'every' : 'future'} schemas of ${code(t.database)}`;
      case 'schema-objects':
        return `${t.scope === 'all' ? 'current' : 'future'} ${t.objectType} in ${code(t.schema)}`;
      case 'database-objects':
        return `${t.scope === 'all' ? 'current' : 'future'} ${t.objectType} in database ${code(t.database)}`;
      case 'account-object':
      case 'schema-object':
        return `${t.objectType.toLowerCase()} ${code(t.name)}`;
    }
  })();
  return `${privs} on ${on} granted to ${who(g.grantee)}`;
}
