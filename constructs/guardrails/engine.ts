/**
 * Runs the rules: `evaluate` applies every rule to every stack view and then the suppressions. `Guardrails` is the
 * one-process shorthand: it collects the views of the stacks added to it and evaluates its rules over them.
 */
import { GUARDRAIL_RULES } from './rules';
import { refusal, suppressionMatches } from './suppressions';
import type { Finding, GuardrailReport, Rule, StackView, SuppressedFinding, Suppression } from './types';
import { StackViewCollector } from './views';

/** Stacks' views plus the rules to run over them (default: all of them). */
export class Guardrails extends StackViewCollector {
  constructor(readonly rules: readonly Rule[] = GUARDRAIL_RULES) {
    super();
  }

  /** Evaluates every rule over every registered stack. Call after synthesis (`app.synth()` or `Testing.synth`). */
  report(suppressions: readonly Suppression[] = []): GuardrailReport {
    return evaluate(this.views(), this.rules, suppressions);
  }
}

/** The rules over already-built stack views (also usable on views made by hand in tests). */
export function evaluate(
  views: readonly StackView[],
  rules: readonly Rule[],
  suppressions: readonly Suppression[] = [],
): GuardrailReport {
  const findings: Array<Finding & { team?: string }> = [];
  for (const stack of views) {
    for (const rule of rules) {
      let violations;
      try {
        violations = rule.check({ stack, allStacks: views });
      } catch (error) {
        // A crashing rule must not pass silently; report it where it happened.
        const message = error instanceof Error ? error.message : String(error);
        findings.push({
          ruleId: rule.id,
          level: 'error',
          stack: stack.stackName,
          path: stack.stackName,
          address: '',
          message: `the rule crashed: ${message}`,
          fix: 'fix the rule',
          team: stack.context.team,
        });
        continue;
      }
      for (const v of violations) {
        findings.push({
          ruleId: rule.id,
          level: rule.level,
          stack: stack.stackName,
          path: v.element.path,
          address: v.element.address,
          message: v.message,
          fix: rule.fix,
          team: stack.context.team,
        });
      }
    }
  }

  const refusedSuppressions = suppressions.flatMap((s) => {
    const why = refusal(s, rules);
    return why ? [{ suppression: s, why }] : [];
  });
  const usable = suppressions.filter((s) => refusal(s, rules) === undefined);
  const used = new Set<Suppression>();
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const { team, ...finding } of findings) {
    const match = usable.find((s) => suppressionMatches(s, finding, team));
    if (match) {
      used.add(match);
      suppressed.push({ ...finding, suppression: match });
    } else (finding.level === 'error' ? errors : warnings).push(finding);
  }
  return {
    errors,
    warnings,
    suppressed,
    unusedSuppressions: usable.filter((s) => !used.has(s)),
    refusedSuppressions,
    stacksChecked: views.length,
    rulesChecked: rules.length,
  };
}

/** Whether the report lets synthesis write its output. */
export function passes(report: GuardrailReport): boolean {
  return report.errors.length === 0 && report.refusedSuppressions.length === 0;
}
