/**
 * The project's own IAM policy evaluator (MIT-clean production code, no AGPL dependency): AWS's documented policy
 * evaluation logic (IAM User Guide, "Policy evaluation logic", "Cross-account policy evaluation logic",
 * "Permissions boundaries for IAM entities"; Organizations User Guide, "SCP evaluation"; S3 User Guide, "Blocking
 * public access to your Amazon S3 storage") for the policy kinds the platform uses:
 *
 * 1. An explicit Deny in any policy that takes part (identity, permissions boundary, any SCP, the resource policy)
 *    denies. Every such statement is reported.
 * 2. SCPs (member accounts only): every level of the organization, root to account, must have an Allow.
 * 3. Same account: an Allow in the identity policies (within the permissions boundary, if there is one) or in the
 *    resource policy suffices. A resource-policy Allow that names the principal's account (`"AWS": "<account>"`)
 *    delegates to the account's own policies, which must allow too; one that names the role (or `*`) is still
 *    limited by the role's permissions boundary.
 * 4. Cross account: the identity policies (and boundary) and the resource policy must both allow.
 * 5. A web identity (sts:AssumeRoleWithWebIdentity), a service or an anonymous caller has no identity policies: the
 *    resource (trust) policy alone decides. An account's root user needs no identity policy in its own account.
 * 6. S3 Block Public Access (RestrictPublicBuckets, on unless the input says otherwise): when a bucket policy is
 *    public, only principals of the bucket's own account (and AWS services) get access through it.
 *
 * Policies are compiled once (compile.ts) and grammar it does not implement (an unknown condition operator, an
 * unknown element) throws UnsupportedPolicyError before anything is decided: never a silent Allow or Deny.
 * `decide` is synchronous (the review evaluates thousands of questions); `evaluate` implements `Evaluator`.
 */
import {
  compilePolicy,
  type CompiledPolicy,
  type CompiledStatement,
  type PrincipalMatch,
  type RequestPrincipal,
  statementMatchesAction,
  statementMatchesPrincipal,
  statementMatchesResource,
} from './compile';
import { type Context, conditionHolds, contextOf } from './conditions';
import type {
  DecidingStatement,
  DenialReason,
  EvaluationInput,
  EvaluationResult,
  Evaluator,
  PolicyKind,
} from './evaluator';
import { isPublicBucketPolicy } from './public-policy';

/** The policy name of a denial by S3 Block Public Access (RestrictPublicBuckets). */
export const BLOCK_PUBLIC_ACCESS = 'S3 Block Public Access (RestrictPublicBuckets)';

/** The principal string of an EvaluationInput, classified as a resource policy's Principal element sees it. */
export function requestPrincipal(principal: string, accountId: string): RequestPrincipal {
  if (principal === '*') return { type: 'anonymous' };
  if (/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(principal)) return { type: 'service', name: principal };
  const [, account, rest] = /^arn:[^:]+:iam::(\d{12}):(.*)$/.exec(principal) ?? [];
  if (account === undefined || rest === undefined)
    throw new Error(`Principal ${JSON.stringify(principal)} is not an IAM ARN, a service principal or "*"`);
  if (rest === 'root') return { type: 'root', arn: principal, account };
  if (rest.startsWith('role/')) return { type: 'role', arn: principal, account };
  if (rest.startsWith('user/')) return { type: 'user', arn: principal, account };
  if (rest.startsWith('oidc-provider/') || rest.startsWith('saml-provider/'))
    return { type: 'webIdentity', arn: principal, account: accountId };
  throw new Error(`Principal ${principal}: only roles, users, root users, identity providers are evaluated`);
}

interface Applicable {
  readonly statement: CompiledStatement;
  readonly match: PrincipalMatch;
}

export interface IamEvaluatorOptions {
  /** S3 Block Public Access (RestrictPublicBuckets) on buckets whose input does not say. Default: true. */
  readonly s3BlockPublicAccess?: boolean;
}

export class IamEvaluator implements Evaluator {
  readonly name = 'data-platform IAM evaluator';
  private readonly blockPublicAccess: boolean;

  constructor(options: IamEvaluatorOptions = {}) {
    this.blockPublicAccess = options.s3BlockPublicAccess ?? true;
  }

  async evaluate(input: EvaluationInput): Promise<EvaluationResult> {
    return this.decide(input);
  }

  /** The decision and the deciding statements (see the file comment for the logic). */
  decide(input: EvaluationInput): EvaluationResult {
    // Compile everything first: unsupported grammar anywhere refuses the request before any decision.
    const identity = input.identityPolicies.map((p) => compilePolicy(p.name, p.document, 'identity'));
    const boundary = input.permissionsBoundary
      ? compilePolicy(input.permissionsBoundary.name, input.permissionsBoundary.document, 'permissionsBoundary')
      : undefined;
    const scps = input.serviceControlPolicies.map((level) => ({
      target: level.target,
      policies: level.policies.map((p) => compilePolicy(p.name, p.document, 'scp')),
    }));
    const resource = input.resourcePolicy
      ? compilePolicy(input.resourcePolicy.name, input.resourcePolicy.document, 'resource')
      : undefined;

    const context = contextOf(input.context);
    const principal = requestPrincipal(input.principal, input.principalAccountId);
    const withBoundary = boundary !== undefined && (principal.type === 'role' || principal.type === 'user');
    const applicable = (policy: CompiledPolicy, effect: 'Allow' | 'Deny', kind: PolicyKind): Applicable[] =>
      policy.statements.flatMap((s) => {
        if (s.effect !== effect || !statementMatchesAction(s, input.action)) return [];
        if (!statementMatchesResource(s, input.resource, context)) return [];
        const match = kind === 'resource' ? statementMatchesPrincipal(s, principal, withBoundary) : 'principal';
        return match !== 'none' && conditionHolds(s.condition, context) ? [{ statement: s, match }] : [];
      });
    const deciding = (policy: CompiledPolicy, kind: PolicyKind, s: CompiledStatement, target?: string) =>
      ({
        kind,
        ...(kind === 'resource' ? {} : { policy: policy.name }),
        ...(target ? { target } : {}),
        ...(s.sid !== undefined ? { sid: s.sid } : {}),
        index: s.index,
      }) as DecidingStatement;

    // Identity policies do not apply to a web identity, a service, an anonymous caller or a root user.
    const hasIdentity = principal.type === 'role' || principal.type === 'user';
    const byKind: { kind: PolicyKind; policy: CompiledPolicy; target?: string }[] = [
      ...(hasIdentity ? identity.map((policy) => ({ kind: 'identity' as const, policy })) : []),
      ...(hasIdentity && boundary ? [{ kind: 'permissionsBoundary' as const, policy: boundary }] : []),
      ...scps.flatMap((l) => l.policies.map((policy) => ({ kind: 'scp' as const, policy, target: l.target }))),
      ...(resource ? [{ kind: 'resource' as const, policy: resource }] : []),
    ];

    // sts:GetCallerIdentity needs no permission and cannot be denied (STS API Reference, GetCallerIdentity).
    if (/^sts:GetCallerIdentity$/i.test(input.action)) return { decision: 'Allowed', allowedBy: [], deniedBy: [] };

    // 1. Explicit denies.
    const denies: DenialReason[] = byKind.flatMap(({ kind, policy, target }) =>
      applicable(policy, 'Deny', kind).map((a) => ({
        type: 'explicit' as const,
        statement: deciding(policy, kind, a.statement, target),
      })),
    );
    if (denies.length > 0) return { decision: 'ExplicitlyDenied', allowedBy: [], deniedBy: denies };

    const allows = (kind: PolicyKind, policies: readonly CompiledPolicy[], target?: string) =>
      policies.flatMap((policy) =>
        applicable(policy, 'Allow', kind).map((a) => ({ ...a, deciding: deciding(policy, kind, a.statement, target) })),
      );
    // 2. SCPs: an Allow at every level.
    const scpAllows = scps.map((l) => ({ target: l.target, allows: allows('scp', l.policies, l.target) }));
    const scpOk = scpAllows.every((l) => l.allows.length > 0);

    // 3.-5. Identity, boundary, resource policy.
    const identityAllows = hasIdentity ? allows('identity', identity) : [];
    const boundaryAllows = hasIdentity && boundary ? allows('permissionsBoundary', [boundary]) : [];
    const resourceAllows = resource ? allows('resource', [resource]) : [];
    const sameAccount = 'account' in principal && principal.account === input.resourceAccountId;
    const boundaryOk0 = !(hasIdentity && boundary) || boundaryAllows.length > 0;
    if (
      resource &&
      resourceAllows.length > 0 &&
      identityAllows.length > 0 &&
      boundaryOk0 &&
      scpOk &&
      !sameAccount &&
      /^s3:/i.test(input.action) &&
      (input.s3BlockPublicAccess ?? this.blockPublicAccess) &&
      isPublicBucketPolicy(resource)
    ) {
      // RestrictPublicBuckets: through a public bucket policy only the bucket's own account gets in, whatever the
      // policy allows. It is what refuses a request everything else allows; no Allow can lift it, so it is reported
      // as an explicit denial (index 0: not a statement).
      const statement: DecidingStatement = { kind: 'resource', policy: BLOCK_PUBLIC_ACCESS, index: 0 };
      return { decision: 'ExplicitlyDenied', allowedBy: [], deniedBy: [{ type: 'explicit', statement }] };
    }

    const identityOk = hasIdentity ? identityAllows.length > 0 : principal.type === 'root' && sameAccount;
    const boundaryOk = !(hasIdentity && boundary) || boundaryAllows.length > 0;
    const resourceOk = resourceAllows.length > 0;
    // Same account, a resource policy grants on its own when it names everyone (the caller's role session matches
    // it) or the role itself (then within the role's boundary); a grant to the account delegates to the account's
    // own policies (IAM User Guide, "Permissions boundaries": a grant to the role ARN is limited by the boundary, one
    // to the role session is not).
    const grants = (m: PrincipalMatch) => resourceAllows.some((a) => a.match === m);
    const resourceAlone = grants('everyone') || (grants('principal') && boundaryOk);
    const needsResourcePolicy = resourcePolicyRequired(input.action, input.resource);
    let allowed: boolean;
    if (!hasIdentity && principal.type !== 'root') allowed = resourceOk;
    else if (sameAccount)
      allowed = (!needsResourcePolicy || resourceOk) && (resourceAlone || (identityOk && boundaryOk));
    else allowed = identityOk && boundaryOk && resourceOk;
    allowed &&= scpOk;

    if (!allowed) {
      // Every kind of policy that takes part and allows nothing.
      const implicit: DenialReason[] = scpAllows
        .filter((l) => l.allows.length === 0)
        .map((l) => ({ type: 'implicit', kind: 'scp', target: l.target }));
      // A web identity is a principal of an account whose (absent) identity policies allow nothing either.
      if ((hasIdentity || principal.type === 'webIdentity') && identityAllows.length === 0)
        implicit.push({ type: 'implicit', kind: 'identity' });
      if (resource && !resourceOk) implicit.push({ type: 'implicit', kind: 'resource' });
      if (!boundaryOk) implicit.push({ type: 'implicit', kind: 'permissionsBoundary' });
      // Nothing else refused: the resource side did, although it has no policy (cross account, or a trust or key
      // policy that the request needs).
      if (implicit.length === 0) implicit.push({ type: 'implicit', kind: 'resource' });
      return { decision: 'ImplicitlyDenied', allowedBy: [], deniedBy: implicit };
    }
    return {
      decision: 'Allowed',
      allowedBy: [
        ...identityAllows.map((a) => a.deciding),
        ...resourceAllows.map((a) => a.deciding),
        ...boundaryAllows.map((a) => a.deciding),
        ...scpAllows.flatMap((l) => l.allows.map((a) => a.deciding)),
      ],
      deniedBy: [],
    };
  }
}

/**
 * Requests only a resource policy can open, whatever the identity policies say: assuming a role (its trust policy;
 * IAM User Guide, "Cross account resource access": a role's trust policy must allow in the same account too) and
 * using a KMS key (its key policy; KMS Developer Guide, "Key policies": without the key policy's consent IAM
 * policies grant nothing).
 */
function resourcePolicyRequired(action: string, resource: string): boolean {
  return (
    /^sts:AssumeRole/i.test(action) || (/^kms:/i.test(action) && /^arn:[^:]+:kms:[^:]*:[^:]*:key\//.test(resource))
  );
}

/** Shared instance: compiled policies are cached by document, so one evaluator serves every request. */
export const iamEvaluator = new IamEvaluator();

export type { Context };
