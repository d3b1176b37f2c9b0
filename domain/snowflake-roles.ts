/** Snowflake's system roles, as the constructs, the guardrails and the access report need them. */

/** Runs account-wide operations only it may do (resource monitors, warehouse ownership here). */
export const ACCOUNTADMIN = 'ACCOUNTADMIN';

/** The recommended top of custom role hierarchies: every custom role is granted to it. */
export const SYSADMIN = 'SYSADMIN';

/** Administers users and roles: the platform's identity-administration role is granted to it, never to SYSADMIN. */
export const USERADMIN = 'USERADMIN';

/** Every user holds it: a role granted to PUBLIC is granted to everyone. */
export const PUBLIC_ROLE = 'PUBLIC';

/**
 * The system roles that administer the account or the organization. A team must never gain one, nor hand its roles
 * to one (their holders would then act through it).
 */
export const SNOWFLAKE_ADMIN_ROLES: readonly string[] = [
  ACCOUNTADMIN,
  'SECURITYADMIN',
  USERADMIN,
  'ORGADMIN',
  'GLOBALORGADMIN',
];
