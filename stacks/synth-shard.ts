/**
 * One shard of a synthesis: only the shard's stacks are built (a dependency on another shard's stack is named by a
 * stand-in, not built) and cdktf synthesizes them into `outdir`. Stacks are dealt out round-robin per kind of stack
 * (a team's Snowflake stack costs several times its AWS stack), so shards get equal work.
 */
import { App } from 'cdktf';
import { compactElementOutput, disableTokenStackTraces } from '../cdktf-internals';
import type { PlatformConfig } from '../config';
import { type StackView, StackViewCollector } from '../constructs/guardrails';
import { addPlatformStacks, platformStackSpecs } from './app';
import type { SynthOptions } from './context';
import type { PlatformStack } from './platform-stack';
import { guardrailContexts } from './guardrail-contexts';

export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** One shard to synthesize: the config and options of the whole platform, and which part of it goes where. */
export interface ShardRequest {
  readonly config: PlatformConfig;
  readonly options: SynthOptions;
  /** Where the shard's `stacks/` and `manifest.json` are written. */
  readonly outdir: string;
  /** Which shard; default: the only one (every stack). */
  readonly shard?: Shard;
}

export interface ShardResult {
  /** The shard's stacks, in deploy order. */
  readonly stacks: readonly PlatformStack[];
  /** The stacks as the guardrail rules see them (their synthesized Terraform JSON); rules run over all shards. */
  readonly views: readonly StackView[];
}

/** Synthesizes the shard's stacks into `outdir` (`stacks/<name>/cdk.tf.json` and a `manifest.json` of them). */
export function synthesizeShard(request: ShardRequest): ShardResult {
  const { config, options, outdir, shard = { index: 0, count: 1 } } = request;
  disableTokenStackTraces();
  compactElementOutput();
  const specs = platformStackSpecs(config);
  const kinds = specs.map((s) => s.kind);
  const positions = new Set(shardPositions(kinds, shard));
  const app = new App({ outdir, stackTraces: false });
  const stacks = addPlatformStacks(
    app,
    config,
    options,
    shard.count > 1 ? new Set(specs.filter((_, i) => positions.has(i)).map((s) => s.name)) : undefined,
  );
  // The rules run later, over the views of every shard (stacks/synth.ts); here they are only collected.
  const collector = new StackViewCollector();
  const contexts = guardrailContexts(config);
  for (const stack of stacks) {
    const context = contexts.get(stack.stackName);
    if (!context)
      throw new Error(`Guardrails: no context for stack "${stack.stackName}" (stacks/guardrail-contexts.ts)`);
    collector.addStack(stack, context);
  }
  app.synth();
  return { stacks, views: collector.views() };
}

/** Positions of the shard's stacks, given each stack's kind in order: the k-th stack of a kind goes to shard k mod count. */
export function shardPositions(kinds: readonly string[], shard: Shard): number[] {
  const seen = new Map<string, number>();
  const positions: number[] = [];
  kinds.forEach((kind, position) => {
    const k = seen.get(kind) ?? 0;
    seen.set(kind, k + 1);
    if (k % shard.count === shard.index) positions.push(position);
  });
  return positions;
}
