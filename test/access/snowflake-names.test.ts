/**
 * Names as the provider (snowflakedb/snowflake 2.11, pkg/sdk/identifier_parsers.go and identifier_helpers.go) reads
 * Terraform values, which is what the evaluator reads: every part is sent double-quoted (case kept), surrounding
 * quotes are optional, an account object's name is the whole value (dots included), qualified names split on dots
 * outside quotes, and a part containing a double quote is refused ("identifiers containing double quotes are not
 * supported in the provider"). docs/snowflake.md "User names" states the consequence: `jane.doe@example.com` and
 * `JANE.DOE@EXAMPLE.COM` are two users.
 */
import { canonicalName, databaseOf, displayName, identifierParts } from '../../tools/access/snowflake';

describe('names as the provider sends them', () => {
  it('keeps the case of unquoted parts: the provider quotes every part', () => {
    expect(identifierParts('dev_db.raw_read', 2)).toEqual(['dev_db', 'raw_read']);
    expect(canonicalName('dev_db.raw_read', 2)).not.toBe(canonicalName('DEV_DB.RAW_READ', 2));
    expect(canonicalName('jane_doe', 1)).not.toBe(canonicalName('JANE_DOE', 1));
  });

  it('takes surrounding quotes as optional', () => {
    expect(canonicalName('"DEV_DB"."RAW_READ"', 2)).toBe('DEV_DB.RAW_READ');
    expect(canonicalName('DEV_DB."RAW_READ"', 2)).toBe('DEV_DB.RAW_READ');
    expect(canonicalName('"ANALYST"', 1)).toBe('ANALYST');
    expect(canonicalName('"li.wei@example.com"', 1)).toBe(canonicalName('li.wei@example.com', 1));
  });

  it('reads an account object as one name, dots included', () => {
    expect(identifierParts('li.wei@example.com', 1)).toEqual(['li.wei@example.com']);
    expect(identifierParts('"LI.WEI@EXAMPLE.COM"', 1)).toEqual(['LI.WEI@EXAMPLE.COM']);
    expect(displayName(canonicalName('ADA.NWOSU@EXAMPLE.COM', 1)!)).toBe('ADA.NWOSU@EXAMPLE.COM');
  });

  it('splits qualified names on dots outside quotes only', () => {
    expect(identifierParts('"my.db".S', 2)).toEqual(['my.db', 'S']);
    expect(databaseOf(canonicalName('"my.db".S', 2)!)).toBe('"my.db"');
    expect(identifierParts('DB.S.T', 3)).toEqual(['DB', 'S', 'T']);
    // The wrong number of parts is not that kind of name.
    expect(canonicalName('S', 2)).toBeUndefined();
    expect(canonicalName('DB.S.T', 2)).toBeUndefined();
    expect(canonicalName('"A"."B"', 1)).toBeUndefined();
  });

  it('refuses what the provider refuses: a quote inside a part (SQL `""`), unbalanced quotes, empty parts', () => {
    expect(canonicalName('"a""b"', 1)).toBeUndefined();
    expect(canonicalName('DB."a""b"', 2)).toBeUndefined();
    expect(canonicalName('a"b', 1)).toBeUndefined();
    expect(canonicalName('"unterminated', 1)).toBeUndefined();
    expect(canonicalName('DB."S"x', 2)).toBeUndefined();
    expect(canonicalName('a..b')).toBeUndefined();
    expect(canonicalName('DB.', 2)).toBeUndefined();
  });

  it('writes the canonical form bare only where Snowflake would read it the same unquoted', () => {
    expect(canonicalName('DEV_DB.RAW$1', 2)).toBe('DEV_DB.RAW$1');
    expect(canonicalName('dev_db.S', 2)).toBe('"dev_db".S');
    expect(canonicalName('1ST', 1)).toBe('"1ST"');
    expect(canonicalName('MY ROLE', 1)).toBe('"MY ROLE"');
  });
});
