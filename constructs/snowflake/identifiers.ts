/**
 * Identifiers in the form the Snowflake provider's `*_name` fields expect. Names are passed as literal strings (not
 * references to resources) so the synthesized JSON says plainly who gets what, and a stack can name objects another
 * stack owns (a producer's READ role); ordering inside a stack is declared with `dependsOn` instead.
 */

import { Token } from 'cdktf';

/** An identifier Snowflake resolves the same with or without double quotes. */
const UNQUOTED = /^[A-Z_][A-Z0-9_$]*$/;

/** `MY_ROLE` stays as it is; `MARIA.GARCIA@EXAMPLE.COM` becomes `"MARIA.GARCIA@EXAMPLE.COM"` (a dot would split it). */
export function identifier(name: string): string {
  // A reference to another resource's attribute is passed through: it resolves to an identifier the provider made.
  if (Token.isUnresolved(name)) return name;
  return UNQUOTED.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** A database-level object (schema, database role): `DB.NAME`. */
export function databaseObject(database: string, name: string): string {
  return `${identifier(database)}.${identifier(name)}`;
}

/** A database role, referred to by the database that contains it. */
export interface DatabaseRoleRef {
  readonly database: string;
  readonly role: string;
}
