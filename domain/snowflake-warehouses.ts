/**
 * Snowflake warehouse sizes and what they cost: one vocabulary for config validation, the warehouse construct, the
 * review's cost section and the new-team scaffold.
 */

/**
 * Sizes `warehouse_size` accepts in snowflakedb/snowflake 2.x, smallest first, in the provider's canonical spelling
 * (it also accepts aliases such as X-SMALL or 2X-LARGE and normalizes what Snowflake reports back, so these never
 * show a diff).
 */
export const WAREHOUSE_SIZES = [
  'XSMALL',
  'SMALL',
  'MEDIUM',
  'LARGE',
  'XLARGE',
  'XXLARGE',
  'XXXLARGE',
  'X4LARGE',
  'X5LARGE',
  'X6LARGE',
] as const;
export type WarehouseSize = (typeof WAREHOUSE_SIZES)[number];

/** Snowflake's size for CREATE WAREHOUSE without WAREHOUSE_SIZE. */
export const DEFAULT_WAREHOUSE_SIZE: WarehouseSize = 'XSMALL';

/** Credits per running hour of one cluster of a standard warehouse, as Snowflake publishes them. */
export const CREDITS_PER_HOUR: Readonly<Record<WarehouseSize, number>> = {
  XSMALL: 1,
  SMALL: 2,
  MEDIUM: 4,
  LARGE: 8,
  XLARGE: 16,
  XXLARGE: 32,
  XXXLARGE: 64,
  X4LARGE: 128,
  X5LARGE: 256,
  X6LARGE: 512,
};

export function isWarehouseSize(size: string): size is WarehouseSize {
  return (WAREHOUSE_SIZES as readonly string[]).includes(size);
}
