/** Guardrail suppressions name a rule that exists and may be suppressed, and say why (domain/suppressions.ts). */
import { MIN_SUPPRESSION_REASON_LENGTH, suppressionProblems } from '../../domain/suppressions';
import type { ConfigIssue } from '../errors';
import { closest } from '../issues/suggest';
import type { SuppressionConfig } from '../schema';
import type { ConfigCheck, ValidateOptions } from './check';

function check(file: string, suppressions: readonly SuppressionConfig[], options: ValidateOptions): ConfigIssue[] {
  return suppressions.flatMap((s, i) =>
    suppressionProblems(s, options.rules).map((problem): ConfigIssue => {
      const at = `suppressions[${i}]`;
      switch (problem.kind) {
        case 'short-reason':
          return {
            file,
            path: `${at}.reason`,
            message: `must explain why, in at least ${MIN_SUPPRESSION_REASON_LENGTH} visible characters (spaces and invisible characters do not count)`,
            given: s.reason,
            fix: 'say why the rule does not apply here and who agreed',
          };
        case 'invisible-characters':
          return {
            file,
            path: `${at}.reason`,
            message: `contains invisible characters (${problem.characters.join(', ')}): a reviewer cannot see what it says`,
            given: s.reason,
            fix: 'retype the reason without them',
          };
        case 'matches-everything':
          return {
            file,
            path: `${at}.path`,
            message:
              'names no construct: a path of only wildcards (or a stack without a construct part) would silence the rule for whole stacks, and for everything added to them later',
            given: s.path,
            allowed:
              "'<stack>/<construct path>', globs allowed, e.g. 'staging-telehealth-aws/workspace/ecr-*/repository'",
            fix: 'copy the construct path from the finding (its "at:" line)',
          };
        case 'unknown-rule': {
          const guess = closest(
            s.rule,
            (options.rules ?? []).map((r) => r.id),
          );
          return {
            file,
            path: `${at}.rule`,
            message: `is not a known guardrail rule${guess ? ` (did you mean "${guess}"?)` : ''}`,
            given: s.rule,
            allowed: 'see the Guardrails section of the README',
          };
        }
        case 'unsuppressible':
          return {
            file,
            path: `${at}.rule`,
            message: 'cannot be suppressed: it protects data or access for everyone',
            given: s.rule,
            fix: 'change the configuration so the rule passes',
          };
      }
    }),
  );
}

export const suppressions: ConfigCheck = {
  name: 'suppressions',
  run: ({ parsed, options }) => [
    ...check(parsed.files.platform, parsed.platform?.suppressions ?? [], options),
    ...parsed.teams.flatMap((t) => check(t.file, t.team.suppressions, options)),
  ],
};
