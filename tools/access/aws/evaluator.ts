/**
 * The evaluator contract: one fully assembled AWS request (principal, action, resource, context, and every policy
 * that takes part) in, AWS's decision and the statements that decided it out. The library assembles requests from
 * the model (access.ts); the evaluator is plugged in by whoever runs it. The test suite
 * plugs in `@cloud-copilot/iam-simulate` (AGPL-3.0: a test-only devDependency, never imported from here) as the
 * oracle; tools that evaluate at run time (the PR review) use the project's own `IamEvaluator` (evaluate.ts), which
 * the tests prove identical to it.
 */
import type { NamedPolicy } from './model';

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export type PolicyKind = 'identity' | 'resource' | 'scp' | 'permissionsBoundary';

export interface EvaluationInput {
  /** Role ARN, an account's root user (`arn:aws:iam::<account>:root`), or an OIDC provider ARN (web identity). */
  readonly principal: string;
  readonly principalAccountId: string;
  readonly action: string;
  readonly resource: string;
  readonly resourceAccountId: string;
  /** Request context keys, e.g. `aws:PrincipalArn`, `aws:RequestedRegion`, `s3:prefix`, OIDC claims. */
  readonly context: Readonly<Record<string, string | readonly string[]>>;
  readonly identityPolicies: readonly NamedPolicy[];
  readonly permissionsBoundary?: NamedPolicy;
  /** One entry per level of the organization, root first, the account last; empty when SCPs do not apply. */
  readonly serviceControlPolicies: readonly { readonly target: string; readonly policies: readonly NamedPolicy[] }[];
  /** The resource's own policy: a bucket or repository policy, or the role's trust policy for sts:AssumeRole*. */
  readonly resourcePolicy?: NamedPolicy;
  /**
   * S3 Block Public Access (RestrictPublicBuckets) on the bucket of an S3 request. Undefined: the evaluator's
   * default (on: every bucket here blocks public access, guardrail s3-public-access-block).
   */
  readonly s3BlockPublicAccess?: boolean;
}

/** A statement that allowed or explicitly denied the request. */
export interface DecidingStatement {
  readonly kind: PolicyKind;
  /** Policy name (identity, boundary, SCP), absent for a resource policy. */
  readonly policy?: string;
  /** The organization node (SCP). */
  readonly target?: string;
  readonly sid?: string;
  /** 1-based position in its policy. */
  readonly index: number;
}

/** Why a request was denied: an explicit Deny statement, or a kind of policy that allowed nothing (implicit). */
export type DenialReason =
  | { readonly type: 'explicit'; readonly statement: DecidingStatement }
  | { readonly type: 'implicit'; readonly kind: PolicyKind; readonly target?: string };

export interface EvaluationResult {
  readonly decision: Decision;
  /** For an allowed request: the Allow statements of every kind of policy that had to allow it. */
  readonly allowedBy: readonly DecidingStatement[];
  /** For a denied request. */
  readonly deniedBy: readonly DenialReason[];
}

export interface Evaluator {
  /** For messages and reports, e.g. `iam-simulate 0.1.173`. */
  readonly name: string;
  evaluate(input: EvaluationInput): Promise<EvaluationResult>;
}
