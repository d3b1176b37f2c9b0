/**
 * Names Snowflake does not take as unquoted identifiers, for the names this config uses without a prefix (schemas,
 * databases and BI users in an environment that has its Snowflake account to itself, the deploy user).
 */

/**
 * Reserved and limited keywords (docs.snowflake.com/en/sql-reference/reserved-keywords), plus ASOF and
 * MATCH_CONDITION (reserved in SELECT since behaviour change bundle 2024_01).
 */
// prettier-ignore
export const SNOWFLAKE_RESERVED_KEYWORDS: readonly string[] = [
  'ACCOUNT', 'ALL', 'ALTER', 'AND', 'ANY', 'AS', 'BETWEEN', 'BY', 'CASE', 'CAST', 'CHECK', 'COLUMN', 'CONNECT',
  'CONNECTION', 'CONSTRAINT', 'CREATE', 'CROSS', 'CURRENT', 'CURRENT_DATE', 'CURRENT_TIME', 'CURRENT_TIMESTAMP',
  'CURRENT_USER', 'DATABASE', 'DELETE', 'DISTINCT', 'DROP', 'ELSE', 'EXISTS', 'FALSE', 'FOLLOWING', 'FOR', 'FROM',
  'FULL', 'GRANT', 'GROUP', 'GSCLUSTER', 'HAVING', 'ILIKE', 'IN', 'INCREMENT', 'INNER', 'INSERT', 'INTERSECT',
  'INTO', 'IS', 'ISSUE', 'JOIN', 'LATERAL', 'LEFT', 'LIKE', 'LOCALTIME', 'LOCALTIMESTAMP', 'MINUS', 'NATURAL', 'NOT',
  'NULL', 'OF', 'ON', 'OR', 'ORDER', 'ORGANIZATION', 'QUALIFY', 'REGEXP', 'REVOKE', 'RIGHT', 'RLIKE', 'ROW', 'ROWS',
  'SAMPLE', 'SCHEMA', 'SELECT', 'SET', 'SOME', 'START', 'TABLE', 'TABLESAMPLE', 'THEN', 'TO', 'TRIGGER', 'TRUE',
  'TRY_CAST', 'UNION', 'UNIQUE', 'UPDATE', 'USING', 'VALUES', 'VIEW', 'WHEN', 'WHENEVER', 'WHERE', 'WITH',
  'ASOF', 'MATCH_CONDITION',
];

/** Schemas every Snowflake database already has: INFORMATION_SCHEMA (built in, read-only) and PUBLIC. */
export const SNOWFLAKE_RESERVED_SCHEMAS: readonly string[] = ['INFORMATION_SCHEMA', 'PUBLIC'];
