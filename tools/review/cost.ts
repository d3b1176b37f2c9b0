/**
 * Snowflake cost of a plan: credits per hour of every warehouse created, resized or removed (size × max clusters),
 * and resource-monitor credit quota changes.
 */
import { isRecord } from '../../domain/json';
import {
  CREDITS_PER_HOUR,
  DEFAULT_WAREHOUSE_SIZE,
  isWarehouseSize,
  type WarehouseSize,
} from '../../domain/snowflake-warehouses';
import type { ReviewedChange } from './changes';
import { RESOURCE_MONITOR_TYPE, WAREHOUSE_TYPE } from './resource-kinds';

/**
 * Both spellings the provider and Snowflake use: `X-Small`/`XSMALL`, `2X-LARGE`/`XXLARGE`/`X2LARGE`, `4X-LARGE`/`X4LARGE`.
 * Returns undefined for an unknown size.
 */
export function normalizeWarehouseSize(size: string): WarehouseSize | undefined {
  const s = size.toUpperCase().replace(/[-_\s]/g, '');
  if (isWarehouseSize(s)) return s;
  const m = /^X?(\d)X?LARGE$/.exec(s);
  if (m) {
    const n = Number(m[1]);
    if (n === 1) return 'XLARGE';
    if (n === 2) return 'XXLARGE';
    if (n === 3) return 'XXXLARGE';
    const key = `X${n}LARGE`;
    return isWarehouseSize(key) ? key : undefined;
  }
  return undefined;
}

export function creditsPerHour(size: string): number | undefined {
  const key = normalizeWarehouseSize(size);
  return key === undefined ? undefined : CREDITS_PER_HOUR[key];
}

/** One side (before or after) of a warehouse. `credits` undefined when the size is unknown until apply. */
export interface WarehouseSide {
  readonly size: string;
  readonly maxClusters: number;
  readonly credits?: number;
}

export interface WarehouseCost {
  readonly stack: string;
  readonly address: string;
  readonly name: string;
  readonly action: ReviewedChange['action'];
  readonly before?: WarehouseSide;
  readonly after?: WarehouseSide;
  /** after - before in credits/hour; undefined when a side is unknown. */
  readonly delta?: number;
}

export interface MonitorQuota {
  readonly stack: string;
  readonly address: string;
  readonly name: string;
  readonly action: ReviewedChange['action'];
  readonly before?: number;
  readonly after?: number;
  readonly delta?: number;
  /** The quota is only known after apply. */
  readonly unknown?: boolean;
}

const COSTED_ACTIONS: ReadonlySet<ReviewedChange['action']> = new Set(['create', 'update', 'replace', 'delete']);

function attrs(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

function warehouseSide(
  values: Record<string, unknown> | undefined,
  unknown: Record<string, unknown> | undefined,
): WarehouseSide | undefined {
  if (!values) return undefined;
  const sizeUnknown = unknown?.warehouse_size === true;
  const rawSize =
    typeof values.warehouse_size === 'string' && values.warehouse_size !== '' ? values.warehouse_size : undefined;
  const size = sizeUnknown && !rawSize ? '(known after apply)' : (rawSize ?? DEFAULT_WAREHOUSE_SIZE);
  // max_cluster_count: Snowflake's default is 1 (a single-cluster warehouse).
  const clusters =
    typeof values.max_cluster_count === 'number' && values.max_cluster_count > 0 ? values.max_cluster_count : 1;
  const perCluster = sizeUnknown && !rawSize ? undefined : creditsPerHour(size);
  return { size, maxClusters: clusters, credits: perCluster === undefined ? undefined : perCluster * clusters };
}

function nameOf(change: ReviewedChange, values: Record<string, unknown> | undefined): string {
  const before = attrs(change.change.before);
  const n = values?.name ?? before?.name;
  return typeof n === 'string' ? n : change.address;
}

export function warehouseCost(change: ReviewedChange): WarehouseCost | undefined {
  // A forget leaves the warehouse running outside Terraform: no cost change, so not listed here.
  if (change.type !== WAREHOUSE_TYPE || !COSTED_ACTIONS.has(change.action)) return undefined;
  const removed = change.action === 'delete';
  const before = change.action === 'create' ? undefined : warehouseSide(attrs(change.change.before), undefined);
  const after = removed ? undefined : warehouseSide(attrs(change.change.after), attrs(change.change.after_unknown));
  const delta =
    (before && before.credits === undefined) || (after && after.credits === undefined)
      ? undefined
      : (after?.credits ?? 0) - (before?.credits ?? 0);
  const same = before && after && before.size === after.size && before.maxClusters === after.maxClusters;
  if (change.action === 'update' && same) return undefined; // an update that does not touch size or clusters
  return {
    stack: change.stack,
    address: change.address,
    name: nameOf(change, attrs(change.change.after)),
    action: change.action,
    before,
    after,
    delta,
  };
}

function quota(values: Record<string, unknown> | undefined): number | undefined {
  const q = values?.credit_quota;
  return typeof q === 'number' ? q : undefined;
}

export function monitorQuota(change: ReviewedChange): MonitorQuota | undefined {
  if (change.type !== RESOURCE_MONITOR_TYPE || !COSTED_ACTIONS.has(change.action)) return undefined;
  const before = change.action === 'create' ? undefined : quota(attrs(change.change.before));
  const removed = change.action === 'delete';
  const after = removed ? undefined : quota(attrs(change.change.after));
  const unknown = !removed && attrs(change.change.after_unknown)?.credit_quota === true;
  if (change.action === 'update' && before === after && !unknown) return undefined;
  const delta = unknown ? undefined : (after ?? 0) - (before ?? 0);
  return {
    stack: change.stack,
    address: change.address,
    name: nameOf(change, attrs(change.change.after)),
    action: change.action,
    before,
    after,
    delta,
    unknown: unknown || undefined,
  };
}
