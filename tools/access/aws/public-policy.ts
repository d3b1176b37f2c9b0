/**
 * Whether a bucket policy is "public" in S3's sense (S3 User Guide, "Blocking public access to your Amazon S3
 * storage", "The meaning of public"): an Allow statement that names everyone (`*`, `"AWS": "*"`, or NotPrincipal)
 * without a condition that pins the caller or the source to fixed values. Used for RestrictPublicBuckets (only the
 * bucket's own account gets in through a public policy) and by the review to flag access opened to the world.
 */
import type { CompiledPolicy, CompiledStatement } from './compile';

/** Condition keys that make a statement non-public when compared to fixed values (no wildcard). */
const PINNING_KEYS = new Set(
  [
    'aws:SourceArn',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceOwner',
    'aws:SourceAccount',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:PrincipalArn',
    'aws:PrincipalAccount',
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:PrincipalServiceName',
    'aws:userid',
    's3:DataAccessPointArn',
    's3:DataAccessPointAccount',
    's3:x-amz-server-side-encryption-aws-kms-key-id',
  ].map((k) => k.toLowerCase()),
);

/** A positive String/Arn test (not IfExists, not negated) with values free of wildcards on a pinning key. */
function pins(s: CompiledStatement): boolean {
  return s.condition.some(
    (t) =>
      PINNING_KEYS.has(t.key.toLowerCase()) &&
      /^(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)$/.test(t.operator) &&
      t.values.every((v) => !v.includes('*') && !v.includes('?') && !v.includes('${')),
  );
}

export function isPublicStatement(s: CompiledStatement): boolean {
  if (s.effect !== 'Allow' || !s.principal) return false;
  const everyone = s.notPrincipal || s.principal.everyone;
  return everyone && !pins(s);
}

export function isPublicBucketPolicy(policy: CompiledPolicy): boolean {
  return policy.statements.some(isPublicStatement);
}
