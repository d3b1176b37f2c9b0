/**
 * Snowflake editions and the settings this platform uses that depend on them
 * (https://docs.snowflake.com/user-guide/intro-editions): config validation and the stacks read them.
 */

/** Cheapest first: every edition has what the ones before it have. */
export const SNOWFLAKE_EDITIONS = ['STANDARD', 'ENTERPRISE', 'BUSINESS_CRITICAL'] as const;
export type SnowflakeEdition = (typeof SNOWFLAKE_EDITIONS)[number];

/** True when `edition` has everything `required` has. */
export function editionIncludes(edition: SnowflakeEdition, required: SnowflakeEdition): boolean {
  return SNOWFLAKE_EDITIONS.indexOf(edition) >= SNOWFLAKE_EDITIONS.indexOf(required);
}

export interface EditionLimits {
  /** Time Travel of permanent databases and schemas: Standard allows 0 or 1 day, Enterprise and above 0-90. */
  readonly maxDataRetentionDays: number;
  /** Multi-cluster warehouses (`min_cluster_count`/`max_cluster_count` > 1) need Enterprise. */
  readonly maxClusterCount: number;
  /**
   * The query acceleration service needs Enterprise. On Standard the warehouse leaves `enable_query_acceleration`
   * unset: whether Standard accepts an explicit `false` is not documented.
   */
  readonly queryAcceleration: boolean;
}

export const EDITION_LIMITS: Readonly<Record<SnowflakeEdition, EditionLimits>> = {
  STANDARD: { maxDataRetentionDays: 1, maxClusterCount: 1, queryAcceleration: false },
  ENTERPRISE: { maxDataRetentionDays: 90, maxClusterCount: 10, queryAcceleration: true },
  BUSINESS_CRITICAL: { maxDataRetentionDays: 90, maxClusterCount: 10, queryAcceleration: true },
};
