/**
 * Snowflake effective access, computed from the Terraform itself (docs/access.md, "How this is computed"):
 *
 * - `snowflakeStackFromSynthesized(stack, cdkTfJson)` / `snowflakeStackFromPlan(stack, planJson, side)`: a
 *   stack's Snowflake resources, account and provider identities (`SnowflakeStack`).
 * - `loadSnowflakeGrants(stacks)`: per account, the roles, users and objects created and every role and privilege
 *   grant (`SnowflakeAccountGrants`), with the problems it could not read.
 * - `new SnowflakeAccess(grants)`: who holds which role (system-role hierarchy included) and what that gives —
 *   READ / WRITE / OWN on each schema, privileges on each warehouse and on the account (evaluate.ts says exactly
 *   what each level requires).
 * - `snowflakeAccessChanges(before, after)` (delta.ts): the levels and privileges gained and lost between two sides,
 *   with the changed grants that explain each.
 */
export * from './delta';
export * from './evaluate';
export * from './inputs';
export * from './load';
export * from './model';
export * from './names';
