/** Suppression matching: rule id + construct path glob (minimatch), scoped to a team's stacks when declared by a team. */
import { minimatch } from 'minimatch';
import type { Finding, Rule, Suppression } from './types';

/** Whether `suppression` covers `finding` of a stack owned by `team` (undefined: a platform-wide stack). */
export function suppressionMatches(suppression: Suppression, finding: Finding, team: string | undefined): boolean {
  if (suppression.rule !== finding.ruleId) return false;
  if (suppression.team !== undefined && suppression.team !== team) return false;
  // A construct's path also covers the resources inside it (an L2 construct's L1 children).
  return (
    minimatch(finding.path, suppression.path) || minimatch(finding.path, `${suppression.path.replace(/\/+$/, '')}/**`)
  );
}

/** A suppression must say why it is acceptable (config validation checks the same). */
export const MIN_SUPPRESSION_REASON_LENGTH = 20;

/** Why a suppression may not be used, or undefined when it may. */
export function refusal(suppression: Suppression, rules: readonly Rule[]): string | undefined {
  if (suppression.reason.trim().length < MIN_SUPPRESSION_REASON_LENGTH)
    return `its reason is shorter than ${MIN_SUPPRESSION_REASON_LENGTH} characters`;
  const rule = rules.find((r) => r.id === suppression.rule);
  if (!rule) return `rule "${suppression.rule}" does not exist`;
  if (rule.unsuppressible) return `rule "${rule.id}" cannot be suppressed`;
  return undefined;
}
