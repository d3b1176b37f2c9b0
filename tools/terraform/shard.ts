/**
 * Dealing stacks to CI containers (`npm run plan -- --shard i/n`): deterministic, so every container of a CircleCI
 * `parallelism` job computes the same split from the same list, and balanced by kind of stack (a Snowflake or AWS
 * stack costs differently), the way synthesis deals its shards.
 */
import { isAwsStack, type SynthesizedStack } from './stacks';

export interface Shard {
  /** 1-based: 1..count. */
  readonly index: number;
  readonly count: number;
}

/** Parses `i/n` (1 ≤ i ≤ n); throws an Error saying what is allowed. */
export function parseShard(raw: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(raw);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new Error(
      `a shard is "i/n" with 1 <= i <= n (e.g. 2/4; CircleCI: $((CIRCLE_NODE_INDEX + 1))/$CIRCLE_NODE_TOTAL), got "${raw}"`,
    );
  }
  return { index, count };
}

export const formatShard = (s: Shard) => `${s.index}/${s.count}`;

/**
 * The stacks of shard `index` of `count`: sorted by kind (AWS first) then name, dealt round-robin. Every stack is in
 * exactly one shard; shard sizes differ by at most one, per kind too.
 */
export function dealShard<T extends Pick<SynthesizedStack, 'name' | 'providers'>>(
  stacks: readonly T[],
  shard: Shard,
): T[] {
  const sorted = [...stacks].sort((a, b) => {
    const kind = Number(!isAwsStack(a)) - Number(!isAwsStack(b));
    return kind !== 0 ? kind : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
  return sorted.filter((_, i) => i % shard.count === shard.index - 1);
}
