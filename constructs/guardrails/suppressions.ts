/** Suppression matching: rule id + construct path glob (minimatch), scoped to a team's stacks when declared by a team. */
import { minimatch } from 'minimatch';
import { MIN_SUPPRESSION_REASON_LENGTH, suppressionProblems } from '../../domain/suppressions';
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

/** Why a suppression may not be used (the first reason of domain/suppressions.ts), or undefined when it may. */
export function refusal(suppression: Suppression, rules: readonly Rule[]): string | undefined {
  const [problem] = suppressionProblems(suppression, rules);
  switch (problem?.kind) {
    case undefined:
      return undefined;
    case 'short-reason':
      return `its reason is shorter than ${MIN_SUPPRESSION_REASON_LENGTH} characters`;
    case 'invisible-characters':
      return `its reason contains invisible characters (${problem.characters.join(', ')})`;
    case 'matches-everything':
      return `its path "${suppression.path}" names no construct: it would silence the rule for whole stacks`;
    case 'unknown-rule':
      return `rule "${suppression.rule}" does not exist`;
    case 'unsuppressible':
      return `rule "${problem.rule.id}" cannot be suppressed`;
  }
}
