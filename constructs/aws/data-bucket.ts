import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { policyJson, type Statement } from './policy-document';

export interface DataBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /** ARN partition of the bucket's region (`aws`, `aws-cn`, `aws-us-gov`). Default `aws`. */
  readonly partition?: string;
  /** Old (noncurrent) object versions are deleted this many days after they were overwritten or deleted. */
  readonly noncurrentVersionExpirationDays: number;
  /** Unfinished multipart uploads are aborted after this many days. Default 7. */
  readonly abortIncompleteMultipartUploadDays?: number;
  /** lifecycle.prevent_destroy: a plan that deletes or replaces the bucket fails. */
  readonly preventDestroy: boolean;
  /** Bucket policy statements after the TLS-only Deny (e.g. cross-account grants). Default: none. */
  readonly additionalPolicyStatements?: readonly Statement[];
}

/** Largest bucket policy S3 accepts, in bytes. */
export const BUCKET_POLICY_MAX_BYTES = 20 * 1024;

/** `arn:<partition>:s3:::<bucket>`: deterministic, so policies are fully known at plan time. */
export function bucketArn(bucketName: string, partition = 'aws'): string {
  return `arn:${partition}:s3:::${bucketName}`;
}

/** Deny any request not made over TLS, for the bucket and every object in it. */
export function tlsOnlyStatements(arn: string): Statement[] {
  return [
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:*'],
      Resource: [arn, `${arn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ];
}

/**
 * A team's data bucket: versioned, encrypted at rest (SSE-S3), no public access of any kind, ACLs disabled
 * (BucketOwnerEnforced), TLS-only, and noncurrent versions expired after a retention period. Never force-destroyed.
 */
export class DataBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: DataBucketProps) {
    super(scope, id);
    this.arn = bucketArn(props.bucketName, props.partition);
    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      lifecycle: { preventDestroy: props.preventDestroy },
    });
    // `bucket.bucket` (set in config, so known at plan time) rather than `id` keeps the plan fully readable.
    const bucket = this.bucket.bucket;
    const versioning = new S3BucketVersioningA(this, 'versioning', {
      bucket,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' }, bucketKeyEnabled: true }],
    });
    const publicAccess = new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', { bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    // After the public access block: S3 evaluates a new policy against the block settings in force.
    const policy = policyJson([...tlsOnlyStatements(this.arn), ...(props.additionalPolicyStatements ?? [])]);
    if (Buffer.byteLength(policy) > BUCKET_POLICY_MAX_BYTES) {
      throw new Error(
        `The bucket policy of "${props.bucketName}" is ${Buffer.byteLength(policy)} bytes; S3 accepts at most ${BUCKET_POLICY_MAX_BYTES}`,
      );
    }
    new S3BucketPolicy(this, 'policy', { bucket, policy, dependsOn: [publicAccess] });
    // Lifecycle rules on versions need versioning in place first (AWS documents the race).
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket,
      rule: [
        {
          id: 'expire-noncurrent-versions',
          status: 'Enabled',
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: props.abortIncompleteMultipartUploadDays ?? 7 }],
        },
      ],
      dependsOn: [versioning],
    });
  }
}
