/**
 * A synthesis worker process, forked by stacks/parallel-synth.ts: it receives one request, synthesizes that shard
 * into its own directory and replies with what the parent needs to run the guardrails and merge the output.
 */
import type { StackView } from '../constructs/guardrails';
import { type ShardRequest, synthesizeShard } from './synth-shard';

export type { ShardRequest } from './synth-shard';

export type ShardReply =
  /** The shard's stacks as the guardrails see them (each names its stack). */
  { readonly ok: true; readonly views: readonly StackView[] } | { readonly ok: false; readonly message: string };

/** Synthesizes one shard; never throws (a failure is a reply). */
export function handle(request: ShardRequest): ShardReply {
  try {
    return { ok: true, views: synthesizeShard(request).views };
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
