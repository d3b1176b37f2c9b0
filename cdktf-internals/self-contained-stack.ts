/**
 * Patch 3 of cdktf-internals: no preparing pass for stacks that reference nothing outside themselves.
 *
 * Before writing anything, cdktf's `App.synth()` calls `prepareStack()` on every stack, which resolves every element
 * once more only to discover cross-stack references and wire them through remote state. The platform's stacks have
 * none by design (they share deterministic names), and that pass was a whole resolve of every stack
 * (docs/benchmarks.md), so a SelfContainedStack skips it and only ensures its backend, the pass's other half.
 * A cross-stack reference is then written as a dangling address; the unsuppressible guardrail
 * `terraform-local-references` refuses that synthesis.
 *
 * Relies on: `prepareStack()` being the (public, undocumented) hook `App.synth()` calls, and doing nothing else that
 * the output needs. If the fork renames it, the pass simply runs again (slower, same output); if it adds work there,
 * the output may change: test/cdktf-internals/self-contained-stack.test.ts checks both, against a plain
 * TerraformStack.
 */
import { TerraformStack } from 'cdktf';
import './version';

export class SelfContainedStack extends TerraformStack {
  override prepareStack(): void {
    this.ensureBackendExists();
  }
}
