/**
 * When a guardrail suppression may be used: config validation reports these problems at the field, and the guardrail
 * engine refuses such a suppression again (suppressions can also come from elsewhere than config).
 */
import { invisibleCharacters, visibleText } from './text';

/** A suppression must say why it is acceptable (and who agreed) in at least this many visible characters. */
export const MIN_SUPPRESSION_REASON_LENGTH = 20;

/** A guardrail rule, as far as suppressions need to know it. */
export interface KnownRule {
  readonly id: string;
  readonly unsuppressible?: boolean;
}

export type SuppressionProblem =
  | { readonly kind: 'short-reason' }
  | { readonly kind: 'invisible-characters'; readonly characters: readonly string[] }
  | { readonly kind: 'unknown-rule' }
  | { readonly kind: 'unsuppressible'; readonly rule: KnownRule }
  | { readonly kind: 'matches-everything' };

/** A path segment that names nothing: only `*`, `**` and `?`. */
const WILDCARD_SEGMENT = /^[*?]*$/;

/**
 * Whether a construct-path glob names a construct: `<stack>/<construct>...` with at least one segment after the
 * stack's that is not only wildcards. `*`, `**`, `prod-*` + `/**` or a bare stack name would silence the rule for
 * everything in the stacks they match, including what is added later.
 */
export function namesAConstruct(path: string): boolean {
  const segments = path.split('/').filter((s) => s !== '');
  return segments.slice(1).some((s) => !WILDCARD_SEGMENT.test(s));
}

/** Every reason `suppression` may not be used, in this order; empty when it may. Without `rules`, rules are not checked. */
export function suppressionProblems(
  suppression: { readonly rule: string; readonly path: string; readonly reason: string },
  rules?: readonly KnownRule[],
): SuppressionProblem[] {
  const problems: SuppressionProblem[] = [];
  if (visibleText(suppression.reason).length < MIN_SUPPRESSION_REASON_LENGTH) problems.push({ kind: 'short-reason' });
  const hidden = invisibleCharacters(suppression.reason);
  if (hidden.length) problems.push({ kind: 'invisible-characters', characters: hidden });
  if (rules) {
    const rule = rules.find((r) => r.id === suppression.rule);
    if (!rule) problems.push({ kind: 'unknown-rule' });
    else if (rule.unsuppressible) problems.push({ kind: 'unsuppressible', rule });
  }
  if (!namesAConstruct(suppression.path)) problems.push({ kind: 'matches-everything' });
  return problems;
}
