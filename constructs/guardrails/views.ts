/**
 * What the guardrail rules look at, gathered during synthesis: one GuardrailAspect per stack. Runs no rule: the
 * rules run later over the views of every stack (`evaluate`), in this process or after sharded synthesis.
 */
import { Aspects, type TerraformStack } from 'cdktf';
import { GuardrailAspect } from './aspect';
import type { GuardrailContext, StackView } from './types';

export class StackViewCollector {
  private readonly aspects: GuardrailAspect[] = [];

  /** Registers the guardrail aspect on `stack`; do it before the app is synthesized. */
  addStack(stack: TerraformStack, context: GuardrailContext): GuardrailAspect {
    const aspect = new GuardrailAspect(stack, context);
    Aspects.of(stack).add(aspect);
    this.aspects.push(aspect);
    return aspect;
  }

  /** The stacks as the rules see them, in the order they were added. Call after synthesis. */
  views(): StackView[] {
    const notSynthesized = this.aspects.filter((a) => !a.visited).map((a) => a.stack.node.id);
    if (notSynthesized.length) throw new Error(`Guardrails: stacks not synthesized yet: ${notSynthesized.join(', ')}`);
    return this.aspects.map((a) => a.view());
  }
}
