/**
 * When a guardrail suppression may be used: config validation reports these problems at the field, and the guardrail
 * engine refuses such a suppression again (suppressions can also come from elsewhere than config).
 */

/** A suppression must say why it is acceptable (and who agreed) in at least this many characters. */
export const MIN_SUPPRESSION_REASON_LENGTH = 20;

/** A guardrail rule, as far as suppressions need to know it. */
export interface KnownRule {
  readonly id: string;
  readonly unsuppressible?: boolean;
}

export type SuppressionProblem =
  | { readonly kind: 'short-reason' }
  | { readonly kind: 'unknown-rule' }
  | { readonly kind: 'unsuppressible'; readonly rule: KnownRule };

/** Every reason `suppression` may not be used, in this order; empty when it may. Without `rules`, rules are not checked. */
export function suppressionProblems(
  suppression: { readonly rule: string; readonly reason: string },
  rules?: readonly KnownRule[],
): SuppressionProblem[] {
  const problems: SuppressionProblem[] = [];
  if (suppression.reason.trim().length < MIN_SUPPRESSION_REASON_LENGTH) problems.push({ kind: 'short-reason' });
  if (!rules) return problems;
  const rule = rules.find((r) => r.id === suppression.rule);
  if (!rule) problems.push({ kind: 'unknown-rule' });
  else if (rule.unsuppressible) problems.push({ kind: 'unsuppressible', rule });
  return problems;
}
