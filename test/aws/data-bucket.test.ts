import { DataBucket } from '../../constructs/aws/data-bucket';
import { parsePolicy, synth } from './helpers';

describe('DataBucket', () => {
  const build = (preventDestroy = true) =>
    synth((scope) => {
      new DataBucket(scope, 'data', {
        bucketName: 'acme-dev-team-data',
        noncurrentVersionExpirationDays: 21,
        preventDestroy,
      });
    });
  const out = build();

  it('is never force-destroyed and is protected by prevent_destroy when asked', () => {
    const bucket = out.one('aws_s3_bucket');
    expect(bucket.bucket).toBe('acme-dev-team-data');
    expect(bucket.force_destroy).toBeUndefined();
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect(build(false).one('aws_s3_bucket').lifecycle).toEqual({ prevent_destroy: false });
  });

  it('is versioned and encrypted at rest', () => {
    expect(out.one('aws_s3_bucket_versioning').versioning_configuration).toEqual({ status: 'Enabled' });
    expect(
      out.one('aws_s3_bucket_server_side_encryption_configuration').rule[0].apply_server_side_encryption_by_default,
    ).toEqual({ sse_algorithm: 'AES256' });
  });

  it('blocks every kind of public access and disables ACLs', () => {
    expect(out.one('aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(out.one('aws_s3_bucket_ownership_controls').rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
  });

  it('denies every request without TLS, on the bucket and its objects', () => {
    const policy = parsePolicy(out.one('aws_s3_bucket_policy').policy);
    expect(policy.Statement).toEqual([
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:*'],
        Resource: ['arn:aws:s3:::acme-dev-team-data', 'arn:aws:s3:::acme-dev-team-data/*'],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
  });

  it('expires noncurrent versions after the configured days and aborts stale multipart uploads', () => {
    const [rule] = out.one('aws_s3_bucket_lifecycle_configuration').rule;
    expect(rule.status).toBe('Enabled');
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 21 }]);
    expect(rule.abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 7 }]);
  });

  it('configures the bucket through the bucket resource, so every sub-resource depends on it', () => {
    for (const type of [
      'aws_s3_bucket_versioning',
      'aws_s3_bucket_public_access_block',
      'aws_s3_bucket_policy',
      'aws_s3_bucket_lifecycle_configuration',
    ]) {
      expect(out.one(type).bucket).toMatch(/^\$\{aws_s3_bucket\..*\.bucket\}$/);
    }
  });
});
