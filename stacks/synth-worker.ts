/**
 * A synthesis worker process, forked by stacks/parallel-synth.ts: it receives one request, synthesizes that shard
 * into its own directory and replies with what the parent needs to run the guardrails and merge the output.
 */
import type { PlatformConfig } from '../config';
import type { StackView } from '../constructs/guardrails';
import type { SynthOptions } from './context';
import { type Shard, synthesizeShard } from './synth-shard';

export interface ShardRequest {
  readonly config: PlatformConfig;
  readonly options: SynthOptions;
  readonly outdir: string;
  readonly shard: Shard;
}

export type ShardReply =
  /** The shard's stacks as the guardrails see them (each names its stack). */
  { readonly ok: true; readonly views: readonly StackView[] } | { readonly ok: false; readonly message: string };

/** Synthesizes one shard; never throws (a failure is a reply). */
export function handle(request: ShardRequest): ShardReply {
  try {
    return { ok: true, views: synthesizeShard(request.config, request.options, request.outdir, request.shard).views };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

if (require.main === module && process.send) {
  process.once('message', (request: ShardRequest) => {
    const reply = handle(request);
    // The parent may have gone (it failed, or was interrupted) while this shard was being synthesized.
    if (!process.connected) return;
    process.send!(reply, () => {
      if (process.connected) process.disconnect();
    });
  });
}
