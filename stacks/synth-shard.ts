/**
 * One shard of a synthesis: the whole app is built (stack dependencies need every stack object), then the stacks
 * outside the shard are removed from the tree and cdktf synthesizes the rest into `outdir`. Shard i of n holds the
 * stacks at positions i, i + n, … of the deploy order, so every shard gets a similar mix of stack kinds.
 */
import { App } from 'cdktf';
import type { PlatformConfig } from '../config';
import { Guardrails, type StackView } from '../constructs/guardrails';
import { addPlatformStacks } from './app';
import type { SynthOptions } from './context';
import type { PlatformStack } from './platform-stack';
import { guardrailContexts } from './guardrail-contexts';
import { disableTokenStackTraces } from './token-stack-traces';

export interface Shard {
  readonly index: number;
  readonly count: number;
}

export interface ShardResult {
  /** The shard's stacks, in deploy order. */
  readonly stacks: readonly PlatformStack[];
  /** Position of each of those stacks in the whole app's deploy order (to merge shards back in order). */
  readonly positions: readonly number[];
  /** The stacks as the guardrail rules see them (their synthesized Terraform JSON); rules run over all shards. */
  readonly views: readonly StackView[];
}

/** Synthesizes the shard's stacks into `outdir` (`stacks/<name>/cdk.tf.json` and a `manifest.json` of them). */
export function synthesizeShard(config: PlatformConfig, options: SynthOptions, outdir: string, shard: Shard = { index: 0, count: 1 }): ShardResult {
  disableTokenStackTraces();
  const app = new App({ outdir, stackTraces: false });
  const all = addPlatformStacks(app, config, options);
  const positions = shardPositions(all, shard);
  const stacks = positions.map((i) => all[i]);
  if (shard.count > 1) {
    const keep = new Set(stacks);
    for (const stack of all) if (!keep.has(stack)) app.node.tryRemoveChild(stack.node.id);
  }
  const guardrails = new Guardrails([]);
  const contexts = guardrailContexts(config);
  for (const stack of stacks) {
    const context = contexts.get(stack.stackName);
    if (!context) throw new Error(`Guardrails: no context for stack "${stack.stackName}" (stacks/guardrail-contexts.ts)`);
    guardrails.addStack(stack, context);
  }
  app.synth();
  return { stacks, positions, views: guardrails.views() };
}

/** Positions (in `stacks`) of the shard's stacks: the k-th stack of each class goes to shard k mod count. */
export function shardPositions(stacks: readonly object[], shard: Shard): number[] {
  const seen = new Map<unknown, number>();
  const positions: number[] = [];
  stacks.forEach((stack, position) => {
    const k = seen.get(stack.constructor) ?? 0;
    seen.set(stack.constructor, k + 1);
    if (k % shard.count === shard.index) positions.push(position);
  });
  return positions;
}
