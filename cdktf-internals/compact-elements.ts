/**
 * Patch 2 of cdktf-internals: elements hand cdktf's resolver only the attributes that are set.
 *
 * Provider bindings return every attribute of a resource from `toTerraform()`, set or not: in a team's Snowflake
 * stack a large part of the values are `undefined` (docs/benchmarks.md). cdktf's resolver then visits each of them (a context object, a key
 * resolution, a path copy) only to drop it. Dropping them first, in one plain walk, gives the resolver the same input
 * minus what it would discard: the output is identical and the resolve pass is cheaper (docs/benchmarks.md).
 * `DATA_PLATFORM_COMPACT_ELEMENTS=0` leaves the classes alone.
 *
 * Relies on: the bindings inheriting `toTerraform` from cdktf's three element base classes (they override
 * `synthesizeAttributes`, not `toTerraform`), and the resolver dropping undefined values anyway. If the first
 * changes, synthesis is slower; if the second does, the output would change: test/cdktf-internals/compact-elements
 * .test.ts compares every stack of the example org with and without the patch.
 */
import { TerraformDataSource, TerraformProvider, TerraformResource } from 'cdktf';
import './version';

const WRAPPED = Symbol.for('data-platform.compact-elements');

/** The element base classes whose `toTerraform` is wrapped. */
export const COMPACTED_BASE_CLASSES = [TerraformResource, TerraformDataSource, TerraformProvider] as const;

/** `value` without undefined object values and array elements; tokens and class instances are left as they are. */
export function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) {
    if (!value.some((v) => v === undefined || (typeof v === 'object' && v !== null))) return value;
    return value.filter((v) => v !== undefined).map(withoutUndefined);
  }
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = withoutUndefined(v);
  }
  return out;
}

/** Makes element `toTerraform()` output compact from now on; returns whether it is (now) on. Idempotent. */
export function compactElementOutput(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.DATA_PLATFORM_COMPACT_ELEMENTS === '0') return false;
  for (const base of COMPACTED_BASE_CLASSES) {
    const proto = base.prototype as unknown as Record<PropertyKey, unknown> & { toTerraform: () => unknown };
    if (proto[WRAPPED]) continue;
    const original = proto.toTerraform;
    proto.toTerraform = function (this: unknown) {
      return withoutUndefined(original.call(this));
    };
    proto[WRAPPED] = true;
  }
  return true;
}
