/**
 * The project's IamEvaluator against iam-simulate (the test-only oracle) on requests neither was written for:
 * (1) random but structured requests over the example org's principals, actions, resources and contexts
 * (generated-requests.ts), over the org as synthesized and with FullAWSAccess detached (SCP levels that allow
 * nothing); (2) random policies over the whole grammar the evaluator implements (generated-policies.ts). Every
 * request must fall in one agreement class of agreement.ts: identical, or one of the documented reporting gaps of
 * the oracle, the root user, or a refusal of what AWS does not define. Seeded: the same requests every run.
 */
import {
  AwsAccess,
  type EvaluationResult,
  iamEvaluator,
  loadAwsAccessModel,
  UnsupportedPolicyError,
} from '../../tools/access/aws';
import { type Agreement, agreement } from './agreement';
import { accountIdsOf, exampleOrg } from './example-org';
import { generatePolicyCases } from './generated-policies';
import { generateRequests } from './generated-requests';
import { iamSimulateEvaluator } from './iam-simulate-evaluator';

const org = exampleOrg();
const REQUESTS = 3000;
const POLICY_CASES = 2000;

type Tally = Record<Agreement | 'unexplained', number>;
const tally = (): Tally => ({
  identical: 0,
  'oracle-names-no-statement': 0,
  'oracle-adds-implicit': 0,
  'root-user': 0,
  refused: 0,
  unexplained: 0,
});

async function own(run: () => EvaluationResult | Promise<EvaluationResult>): Promise<EvaluationResult | Error> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof UnsupportedPolicyError) return e;
    throw e;
  }
}

describe('IamEvaluator agrees with iam-simulate', () => {
  it(`on ${REQUESTS} generated requests over the example org`, async () => {
    const keys = [...org.synthesized.values()].map((j) => j.terraform?.backend?.s3?.key).filter(Boolean) as string[];
    const withoutFull = loadAwsAccessModel(org.stacks, {
      accountIds: accountIdsOf(org.config),
      fullAwsAccessEverywhere: false,
    });
    const requests = generateRequests(org.model, org.config, keys, REQUESTS, 15);
    expect(requests.length).toBe(REQUESTS);
    const t = tally();
    const decisions: Record<string, number> = {};
    const unexplained: unknown[] = [];
    for (const g of requests) {
      const model = g.withoutFullAwsAccess ? withoutFull : org.model;
      const oracle = await new AwsAccess(model, iamSimulateEvaluator).evaluate(g.request);
      const ours = await own(() => new AwsAccess(model, iamEvaluator).evaluate(g.request));
      const a = agreement(oracle, ours, oracle.input);
      decisions[oracle.decision] = (decisions[oracle.decision] ?? 0) + 1;
      t[a ?? 'unexplained']++;
      if (!a) unexplained.push({ request: g.request, oracle, ours });
    }
    expect(unexplained.slice(0, 5)).toEqual([]);
    // The org's own policies use no multivalued key, so nothing is refused; most requests agree to the statement.
    expect(t.refused).toBe(0);
    expect(t.identical).toBeGreaterThan(REQUESTS * 0.9);
    // Every decision occurs, and the SCP-less variant produced SCP denials.
    expect(Object.keys(decisions).sort()).toEqual(['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied']);
    expect(requests.some((g) => g.withoutFullAwsAccess)).toBe(true);
  });

  it(`on ${POLICY_CASES} random policies over the whole implemented grammar`, async () => {
    const t = tally();
    const unexplained: unknown[] = [];
    for (const c of generatePolicyCases(POLICY_CASES, 99)) {
      const oracle = await iamSimulateEvaluator.evaluate(c.input);
      const ours = await own(() => iamEvaluator.decide(c.input));
      const a = agreement(oracle, ours, c.input);
      t[a ?? 'unexplained']++;
      if (!a) unexplained.push({ input: c.input, oracle, ours });
    }
    expect(unexplained.slice(0, 3)).toEqual([]);
    expect(t.identical).toBeGreaterThan(POLICY_CASES * 0.9);
    // The generator uses single-valued operators on multivalued keys on purpose: those are refused, loudly.
    expect(t.refused).toBeGreaterThan(0);
  });
});
