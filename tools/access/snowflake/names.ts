/**
 * Identifiers as the provider (snowflakedb/snowflake 2.x, `pkg/sdk/identifier_parsers.go`) sends them to Snowflake.
 * The evaluator reads Terraform values, not SQL, so the provider's reading is the one that counts:
 *
 * - every part is sent double-quoted, so its case is kept: `dev_db.raw_read` and `DEV_DB.RAW_READ` are two database
 *   roles (in SQL, unquoted, they would be one); surrounding quotes are optional (`"DEV_DB"."RAW_READ"` is
 *   `DEV_DB.RAW_READ`);
 * - an account-object name (role, user, warehouse, database: one part) is the whole value, dots included:
 *   `li.wei@example.com` is one user;
 * - a qualified name (`DB.NAME`, `DB.SCHEMA.NAME`) is split on dots outside quotes: `"my.db".S` is database `my.db`;
 * - a part containing a double quote (SQL's `""`) is refused by the provider, and so here.
 *
 * Every name the evaluator keeps is in the canonical form `canonicalName()` returns: each part bare when it is an
 * upper-case simple identifier, else quoted, joined by dots. Names written either way then meet.
 */

const SIMPLE = /^[A-Z_][A-Z0-9_$]*$/;

/** How many parts a name has: an account object (1), a database object (2), a schema object (3), or any. */
export type NameParts = 1 | 2 | 3 | 'any';

/** Splits on dots outside double quotes (the provider's CSV reading); undefined on a stray or unbalanced quote. */
function splitParts(text: string): string[] | undefined {
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    let part = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) return undefined; // unterminated quote
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            part += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        part += text[i++];
      }
      if (i < text.length && text[i] !== '.') return undefined; // text after a closing quote
    } else {
      let j = i;
      while (j < text.length && text[j] !== '.') j++;
      part = text.slice(i, j);
      if (part.includes('"')) return undefined; // a quote inside an unquoted part
      i = j;
    }
    parts.push(part);
    if (i >= text.length) return parts;
    i++; // the dot
  }
}

/**
 * The parts of a name (`DB.SCHEMA` -> [`DB`, `SCHEMA`]), as the provider resolves them; undefined when the provider
 * would refuse it (a quote in a part, an empty part, the wrong number of parts).
 */
export function identifierParts(text: string, expected: NameParts = 'any'): string[] | undefined {
  // An account object: the provider quotes the whole value unless it is quoted already.
  const parts =
    expected === 1 && !(text.length > 1 && text.startsWith('"') && text.endsWith('"')) ? [text] : splitParts(text);
  if (!parts || parts.some((p) => p === '' || p.includes('"'))) return undefined;
  if (expected !== 'any' && parts.length !== expected) return undefined;
  return parts;
}

/** One part as it would be written: bare when Snowflake reads it the same unquoted, else quoted. */
export function quotePart(part: string): string {
  return SIMPLE.test(part) ? part : `"${part.replace(/"/g, '""')}"`;
}

/** The canonical form of a name: its parts, each quoted only where needed, joined by dots. */
export function canonicalName(text: string, expected: NameParts = 'any'): string | undefined {
  const parts = identifierParts(text, expected);
  return parts ? parts.map(quotePart).join('.') : undefined;
}

/** A single-part name as `SHOW USERS` lists it (no quotes), for display. */
export function displayName(canonical: string): string {
  const [only, ...rest] = splitParts(canonical) ?? [];
  return only !== undefined && rest.length === 0 ? only : canonical;
}

/** The database of a canonical `DB.NAME` (schema, database role), canonical. */
export function databaseOf(qualified: string): string | undefined {
  const [database, ...rest] = splitParts(qualified) ?? [];
  return database !== undefined && rest.length > 0 ? quotePart(database) : undefined;
}
