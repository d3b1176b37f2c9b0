/**
 * Snowflake identifiers as Snowflake resolves them: unquoted parts are upper-cased, quoted parts are taken exactly
 * (`""` is a quote inside one), parts are separated by dots outside quotes. `DEV_DB.RAW_READ`, `"DEV_DB"."RAW_READ"`
 * and `dev_db.raw_read` are one database role; `"li.wei@example.com"` and `LI.WEI@EXAMPLE.COM` are two users.
 * Every name the evaluator keeps is in the canonical form `name()` returns, so grants written either way meet.
 */

const SIMPLE = /^[A-Z_][A-Z0-9_$]*$/;

/** The parts of an identifier (`DB.SCHEMA` -> [`DB`, `SCHEMA`]), each resolved; undefined when it is not one. */
export function identifierParts(text: string): string[] | undefined {
  const parts: string[] = [];
  let i = 0;
  while (i <= text.length) {
    if (text[i] === '"') {
      let part = '';
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
      parts.push(part);
    } else {
      let j = i;
      while (j < text.length && text[j] !== '.') j++;
      const raw = text.slice(i, j).trim();
      if (raw === '' || raw.includes('"')) return undefined;
      parts.push(raw.toUpperCase());
      i = j;
    }
    if (i === text.length) return parts;
    if (text[i] !== '.') return undefined;
    i++;
  }
  return parts;
}

/** One part as it would be written: bare when Snowflake reads it the same unquoted, else quoted. */
export function quotePart(part: string): string {
  return SIMPLE.test(part) ? part : `"${part.replace(/"/g, '""')}"`;
}

/** The canonical form of an identifier: its resolved parts, each quoted only where needed, joined by dots. */
export function canonicalName(text: string): string | undefined {
  const parts = identifierParts(text);
  return parts ? parts.map(quotePart).join('.') : undefined;
}

/** A single-part name as `SHOW USERS` lists it (no quotes), for display. */
export function displayName(canonical: string): string {
  const parts = identifierParts(canonical);
  const [only, ...rest] = parts ?? [];
  return only !== undefined && rest.length === 0 ? only : canonical;
}

/** The database of a `DB.NAME` (schema, database role), canonical. */
export function databaseOf(qualified: string): string | undefined {
  const parts = identifierParts(qualified);
  const [database, ...rest] = parts ?? [];
  return database !== undefined && rest.length > 0 ? quotePart(database) : undefined;
}
