/**
 * How the project's evaluator and iam-simulate (the test-only oracle) are compared. Decisions must be identical;
 * so must the deciding statements, except where iam-simulate reports less than it decided on (each case below is a
 * reporting gap of the oracle, never a different decision), and except two documented points where the project
 * follows AWS's documentation and iam-simulate does not:
 *
 * - `oracle-names-no-statement`: iam-simulate decides ExplicitlyDenied through a resource-policy Deny that names
 *   the caller's account (`"AWS": "<account>"`) but lists no statement for it, or ImplicitlyDenied with no reason
 *   (cross account without a resource policy, a KMS key without its key policy); ours names the statement, or the
 *   resource side.
 * - `oracle-adds-implicit`: next to an explicit Deny, iam-simulate also lists a policy kind that allows nothing
 *   (a permissions boundary, an SCP level); ours lists the explicit Deny, which decides.
 * - `root-user`: iam-simulate evaluates an account's root user as a principal without identity policies
 *   (ImplicitlyDenied by "identity"). AWS: the root user has complete access to all resources of its own account,
 *   limited only by SCPs in member accounts (IAM User Guide, "AWS account root user"); so ours allows it there, and
 *   outside its account names the resource side. The decision differs only inside the root user's own account.
 * - `refused`: ours refuses (UnsupportedPolicyError) a single-valued condition operator on a multivalued context
 *   key, which AWS does not define ("Single-valued vs. multivalued context keys": multivalued keys require
 *   ForAnyValue/ForAllValues); iam-simulate evaluates it as false.
 */
import type { DecidingStatement, EvaluationResult } from '../../tools/access/aws';

export type Agreement = 'identical' | 'oracle-names-no-statement' | 'oracle-adds-implicit' | 'root-user' | 'refused';

const statementKey = (s: DecidingStatement) =>
  JSON.stringify([s.kind, s.policy ?? null, s.target ?? null, s.sid ?? null, s.index]);
/** Explicit denials without the SCP level: iam-simulate reports the policy, not the level it is attached to. */
const explicitKey = (s: DecidingStatement) => JSON.stringify([s.kind, s.policy ?? null, s.sid ?? null, s.index]);

export function normalized(r: EvaluationResult) {
  return {
    decision: r.decision,
    allowedBy: r.allowedBy.map(statementKey).sort(),
    explicit: r.deniedBy.flatMap((d) => (d.type === 'explicit' ? [explicitKey(d.statement)] : [])).sort(),
    implicit: r.deniedBy.flatMap((d) => (d.type === 'implicit' ? [`${d.kind}:${d.target ?? ''}`] : [])).sort(),
  };
}

/** The agreement class of one request, or undefined when the two disagree in a way no class explains. */
export function agreement(
  oracle: EvaluationResult,
  own: EvaluationResult | Error,
  request: { readonly principal: string; readonly resourceAccountId?: string },
): Agreement | undefined {
  if (own instanceof Error) return /multivalued key/.test(own.message) ? 'refused' : undefined;
  const a = normalized(oracle);
  const b = normalized(own);
  if (JSON.stringify(a) === JSON.stringify(b)) return 'identical';
  if (/:root$/.test(request.principal)) {
    const sameAccount = request.principal.split(':')[4] === request.resourceAccountId;
    const oracleAsNoPolicies = a.decision === 'ImplicitlyDenied' && a.implicit.includes('identity:');
    if (oracleAsNoPolicies && sameAccount && b.decision === 'Allowed' && b.allowedBy.length === 0) return 'root-user';
    if (oracleAsNoPolicies && !sameAccount && b.decision === 'ImplicitlyDenied' && b.implicit.includes('resource:'))
      return 'root-user';
  }
  if (a.decision !== b.decision) return undefined;
  if (a.decision === 'ImplicitlyDenied')
    return a.implicit.length === 0 && JSON.stringify(b.implicit) === JSON.stringify(['resource:'])
      ? 'oracle-names-no-statement'
      : undefined;
  if (a.decision !== 'ExplicitlyDenied' || b.implicit.length > 0) return undefined;
  // Every statement the oracle names, ours names; ours may name more, only resource-policy ones.
  if (!a.explicit.every((s) => b.explicit.includes(s))) return undefined;
  const extra = b.explicit.filter((s) => !a.explicit.includes(s));
  if (!extra.every((s) => JSON.parse(s)[0] === 'resource')) return undefined;
  return extra.length > 0 ? 'oracle-names-no-statement' : a.implicit.length > 0 ? 'oracle-adds-implicit' : undefined;
}
