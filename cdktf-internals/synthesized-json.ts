/**
 * Patch 4 of cdktf-internals: keep a stack's Terraform JSON as synthesis resolves it.
 *
 * The guardrails look at exactly what is written to cdk.tf.json (overrides, lazy values and all). Resolving every
 * element again after synthesis would cost a whole resolve pass (docs/benchmarks.md), so the stack's own
 * `toTerraform()` is wrapped and its result handed over.
 *
 * Relies on: cdktf's synthesizer (`app.synth()`) and `Testing.synth()` getting a stack's JSON by calling that
 * stack's `toTerraform()` once, after invoking its aspects, and writing that very object. If the fork stops calling
 * it, `keep` is never called and the guardrail aspect falls back to resolving each element (slower, same findings);
 * if it writes something else, the guardrails would check other JSON than is written:
 * test/cdktf-internals/synthesized-json.test.ts compares the kept JSON with the written file.
 */
import type { TerraformStack } from 'cdktf';
import './version';

/** Calls `keep` with the stack's Terraform JSON every time it is produced, synthesis included. */
export function onSynthesizedJson(stack: TerraformStack, keep: (json: unknown) => void): void {
  const toTerraform = stack.toTerraform.bind(stack);
  stack.toTerraform = () => {
    const json: unknown = toTerraform();
    keep(json);
    return json;
  };
}
