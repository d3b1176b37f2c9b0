/** S3 buckets: encrypted, versioned, public access blocked, TLS-only, never force-destroyed where data is protected. */
import { AWS_PARTITIONS } from '../../../domain/aws';
import { accountResources, blocks, isTrue, literal, quote, refersTo, resources } from '../attributes';
import { allPrincipals, parsePolicy } from '../policy';
import type { ElementView, Rule, RuleScope, StackView, Violation } from '../types';

const ENCRYPTION_ALGORITHMS = ['AES256', 'aws:kms', 'aws:kms:dsse'];
const PUBLIC_ACCESS_FLAGS = [
  'block_public_acls',
  'block_public_policy',
  'ignore_public_acls',
  'restrict_public_buckets',
];

function companions(stack: StackView, type: string, bucket: ElementView): ElementView[] {
  return resources(stack, type).filter((c) => refersTo(c.config.bucket, bucket, ['bucket']));
}

function label(bucket: ElementView): string {
  const name = literal(bucket.config.bucket);
  return name ? `bucket ${quote(name)}` : `bucket ${bucket.address}`;
}

function eachBucket(scope: RuleScope, test: (bucket: ElementView) => string | undefined): Violation[] {
  const out: Violation[] = [];
  for (const bucket of resources(scope.stack, 'aws_s3_bucket')) {
    const problem = test(bucket);
    if (problem) out.push({ element: bucket, message: `${label(bucket)} ${problem}` });
  }
  return out;
}

export const s3Encryption: Rule = {
  id: 's3-encryption',
  level: 'error',
  description: 'Every S3 bucket has default server-side encryption (SSE-S3 or SSE-KMS) configured explicitly.',
  fix: 'add an aws_s3_bucket_server_side_encryption_configuration for the bucket with sse_algorithm "aws:kms" or "AES256"',
  check: (scope) =>
    eachBucket(scope, (bucket) => {
      const algorithms = [
        ...companions(scope.stack, 'aws_s3_bucket_server_side_encryption_configuration', bucket).flatMap((c) =>
          blocks(c.config.rule),
        ),
        ...blocks(bucket.config.server_side_encryption_configuration).flatMap((c) => blocks(c.rule)),
      ].flatMap((r) => blocks(r.apply_server_side_encryption_by_default).map((d) => String(d.sse_algorithm)));
      if (algorithms.some((a) => ENCRYPTION_ALGORITHMS.includes(a))) return undefined;
      return algorithms.length
        ? `has encryption with an unknown algorithm (${algorithms.map(quote).join(', ')})`
        : 'has no server-side encryption configuration';
    }),
};

export const s3Versioning: Rule = {
  id: 's3-versioning',
  level: 'error',
  description: 'Every S3 bucket has versioning enabled, so an overwrite or delete can be undone.',
  fix: 'add an aws_s3_bucket_versioning for the bucket with versioning_configuration { status = "Enabled" }',
  check: (scope) =>
    eachBucket(scope, (bucket) => {
      const statuses = companions(scope.stack, 'aws_s3_bucket_versioning', bucket).flatMap((v) =>
        blocks(v.config.versioning_configuration).map((c) => String(c.status)),
      );
      if (statuses.includes('Enabled') || blocks(bucket.config.versioning).some((v) => isTrue(v.enabled)))
        return undefined;
      return statuses.length
        ? `has versioning ${statuses.map(quote).join(', ')}, not "Enabled"`
        : 'has no versioning configuration';
    }),
};

export const s3PublicAccessBlock: Rule = {
  id: 's3-public-access-block',
  level: 'error',
  unsuppressible: true,
  description: 'Every S3 bucket blocks public access (all four settings), on the bucket or for its whole account.',
  fix: `add an aws_s3_bucket_public_access_block for the bucket with ${PUBLIC_ACCESS_FLAGS.join(', ')} all true`,
  check: (scope) => {
    const accountWide = accountResources(scope, 'aws_s3_account_public_access_block').some((b) =>
      PUBLIC_ACCESS_FLAGS.every((f) => isTrue(b.config[f])),
    );
    if (accountWide) return [];
    return eachBucket(scope, (bucket) => {
      const blocksFound = companions(scope.stack, 'aws_s3_bucket_public_access_block', bucket);
      if (blocksFound.length === 0) return 'has no public access block';
      const off = PUBLIC_ACCESS_FLAGS.filter((f) => !blocksFound.some((b) => isTrue(b.config[f])));
      return off.length ? `does not block public access: ${off.join(', ')} not true` : undefined;
    });
  },
};

export const s3TlsOnly: Rule = {
  id: 's3-tls-only',
  level: 'error',
  description:
    'Every S3 bucket policy denies requests without TLS (aws:SecureTransport = false) on the bucket and its objects.',
  fix: 'add an aws_s3_bucket_policy with a Deny statement: Principal "*", Action "s3:*", Resource [bucket ARN, bucket ARN + "/*"], Condition Bool aws:SecureTransport "false"',
  check: (scope) =>
    eachBucket(scope, (bucket) => {
      const policies = companions(scope.stack, 'aws_s3_bucket_policy', bucket);
      if (policies.length === 0) return 'has no bucket policy denying non-TLS requests';
      const name = literal(bucket.config.bucket);
      const mentionsBucket = (r: string) =>
        r.includes(`\${aws_s3_bucket.${bucket.name}.`) ||
        (name !== undefined && AWS_PARTITIONS.some((partition) => r.includes(`arn:${partition}:s3:::${name}`)));
      for (const policy of policies) {
        const parsed = parsePolicy(scope.stack, policy.config.policy);
        if (!parsed.readable) continue; // iam-policy-readable reports it
        const denies = parsed.statements.some((s) => {
          const tls = s.conditions.some(
            (c) =>
              ['Bool', 'BoolIfExists'].includes(c.test) &&
              c.variable.toLowerCase() === 'aws:securetransport' &&
              c.values.map(String).includes('false'),
          );
          const everyone = allPrincipals(s).includes('*');
          const everyAction = s.actions.some((a) => ['*', 's3:*'].includes(a.toLowerCase()));
          const bucketToo = s.resources.some((r) => r === '*' || (mentionsBucket(r) && !r.endsWith('/*')));
          const objectsToo = s.resources.some((r) => r === '*' || (mentionsBucket(r) && r.endsWith('/*')));
          return s.effect.toLowerCase() === 'deny' && tls && everyone && everyAction && bucketToo && objectsToo;
        });
        if (denies) return undefined;
      }
      return 'has a bucket policy without a Deny of s3:* for everyone when aws:SecureTransport is false (on the bucket and its objects)';
    }),
};

export const s3NoForceDestroy: Rule = {
  id: 's3-no-force-destroy',
  level: 'error',
  description:
    'In strict environments no S3 bucket sets force_destroy (Terraform would delete every object with the bucket).',
  fix: 'remove force_destroy (or set it to false)',
  check: (scope) =>
    scope.stack.context.strict
      ? eachBucket(scope, (b) => (isTrue(b.config.force_destroy) ? 'sets force_destroy = true' : undefined))
      : [],
};
