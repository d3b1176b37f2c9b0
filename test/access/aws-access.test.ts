/**
 * Access by evaluation, not by JSON shape: the table of test/access/cases.ts — (principal, action, resource,
 * context) -> Allowed / Denied over the synthesized example org, expectations from intent — evaluated by both
 * evaluators: iam-simulate (AGPL-3.0, test-only: the oracle) and the project's own IamEvaluator (what the PR review
 * runs). Each must meet every expectation, and the two must decide every case identically, deciding statements
 * included (test/access/agreement.ts).
 */
import { type AccessAnswer, AwsAccess, type Evaluator, iamEvaluator, type PolicyKind } from '../../tools/access/aws';
import { agreement } from './agreement';
import { type Case, cases, org } from './cases';
import { iamSimulateEvaluator } from './iam-simulate-evaluator';

const EVALUATORS: readonly Evaluator[] = [iamSimulateEvaluator, iamEvaluator];
const answers = new Map<string, Promise<AccessAnswer>>();
const answer = (c: Case, e: Evaluator) => {
  const key = `${e.name} ${cases.indexOf(c)}`;
  if (!answers.has(key)) answers.set(key, new AwsAccess(c.model ?? org.model, e).evaluate(c.request));
  return answers.get(key)!;
};

describe('AWS access by evaluation over the synthesized example org', () => {
  it('covers every group the issue asks for, each with allowed and denied rows', () => {
    const groups = new Map<string, Set<string>>();
    for (const c of cases) groups.set(c.group, (groups.get(c.group) ?? new Set()).add(c.expected.decision));
    for (const g of [
      'team CI role',
      'trust of',
      'state:',
      'plan role on team resources',
      'service control policies',
      'permissions boundaries',
    ])
      expect([...groups.keys()].some((k) => k.includes(g))).toBe(true);
    // Every group proves both sides: something allowed and something denied (the what-if group only denies).
    for (const [group, decisions] of groups)
      if (!group.includes('needs both sides'))
        expect({ group, allowedAndDenied: decisions.has('Allowed') && decisions.size > 1 }).toEqual({
          group,
          allowedAndDenied: true,
        });
    expect(cases.length).toBeGreaterThan(400);
  });

  describe.each(EVALUATORS.map((e) => [e.name, e] as const))('%s', (_name, evaluator) => {
    it.each(cases.map((c) => [`${c.group}: ${c.name}`, c] as const))('%s', async (_case, c) => {
      const a = await answer(c, evaluator);
      const summary = {
        decision: a.decision,
        allowedBy: [...new Set(a.allowedBy.map((s) => s.kind))],
        explicit: a.deniedBy.flatMap((d) => (d.type === 'explicit' ? [`${d.statement.kind}:${d.statement.sid}`] : [])),
        implicit: a.deniedBy.flatMap((d) => (d.type === 'implicit' ? [d.kind] : [])),
      };
      const e = c.expected;
      expect(summary).toMatchObject({ decision: e.decision });
      if (e.decision === 'Allowed') {
        for (const kind of e.through ?? ([] as PolicyKind[])) expect(summary.allowedBy).toContain(kind);
      } else if (e.decision === 'ImplicitlyDenied') {
        expect(summary.explicit).toEqual([]);
        expect(summary.implicit).toContain(e.kind);
      } else {
        expect(summary.explicit).toContain(`${e.kind}:${e.sid}`);
      }
    });
  });

  it('the two evaluators decide every case identically, with the same deciding statements', async () => {
    const classes = await Promise.all(
      cases.map(async (c) => {
        const [oracle, own] = await Promise.all(EVALUATORS.map((e) => answer(c, e)));
        return { case: `${c.group}: ${c.name}`, agreement: agreement(oracle, own, own.input) };
      }),
    );
    expect(classes.filter((c) => c.agreement !== 'identical')).toEqual([]);
  });
});
