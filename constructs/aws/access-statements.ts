/** Least-privilege statements for pipelines: push/pull of named ECR repositories, read/write of one bucket. */
import type { Statement } from './policy-document';

export function ecrRepositoryArn(partition: string, region: string, accountId: string, repositoryName: string): string {
  return `arn:${partition}:ecr:${region}:${accountId}:repository/${repositoryName}`;
}

/**
 * Login (ecr:GetAuthorizationToken works only on Resource "*"; it grants nothing by itself) plus push and pull
 * on exactly the given repositories.
 */
export function ecrPushPullStatements(repositoryArns: readonly string[]): Statement[] {
  if (repositoryArns.length === 0) return [];
  return [
    { Sid: 'EcrLogin', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: ['*'] },
    {
      Sid: 'EcrPushPull',
      Effect: 'Allow',
      Action: [
        'ecr:BatchCheckLayerAvailability',
        'ecr:BatchGetImage',
        'ecr:CompleteLayerUpload',
        'ecr:DescribeImageScanFindings',
        'ecr:DescribeImages',
        'ecr:DescribeRepositories',
        'ecr:GetDownloadUrlForLayer',
        'ecr:InitiateLayerUpload',
        'ecr:ListImages',
        'ecr:PutImage',
        'ecr:UploadLayerPart',
      ],
      Resource: [...repositoryArns],
    },
  ];
}

/** List the bucket, and read, write and delete its objects. No bucket configuration changes. */
export function bucketReadWriteStatements(bucketArn: string): Statement[] {
  return [
    {
      Sid: 'BucketList',
      Effect: 'Allow',
      Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      Resource: [bucketArn],
    },
    {
      Sid: 'BucketObjectsReadWrite',
      Effect: 'Allow',
      Action: [
        's3:AbortMultipartUpload',
        's3:DeleteObject',
        's3:GetObject',
        's3:GetObjectVersion',
        's3:ListMultipartUploadParts',
        's3:PutObject',
      ],
      Resource: [`${bucketArn}/*`],
    },
  ];
}

/**
 * Read the Terraform state objects matching `keyPattern` (e.g. `data-platform/dev-*`) in the state bucket, and
 * create/delete their S3 lock files (`<key>.tflock`, use_lockfile): `terraform plan` takes the state lock too.
 * The bucket lives in the management account, so its bucket policy must also allow the role (see docs/aws.md).
 */
export function terraformStatePlanStatements(stateBucketArn: string, keyPattern: string): Statement[] {
  return [
    { Sid: 'StateList', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [stateBucketArn] },
    { Sid: 'StateRead', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`${stateBucketArn}/${keyPattern}`] },
    {
      Sid: 'StateLock',
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:DeleteObject'],
      Resource: [`${stateBucketArn}/${keyPattern}.tflock`],
    },
  ];
}

/**
 * Read and write the Terraform state objects matching `keyPattern` (e.g. `data-platform/organization.tfstate*`)
 * and their S3 lock files, for a deploy role that may not otherwise touch the state bucket. State objects are
 * overwritten, never deleted (the bucket is versioned); only lock files are deleted.
 */
export function terraformStateDeployStatements(stateBucketArn: string, keyPattern: string): Statement[] {
  return [
    { Sid: 'StateList', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [stateBucketArn] },
    {
      Sid: 'StateReadWrite',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: [`${stateBucketArn}/${keyPattern}`],
    },
    {
      Sid: 'StateUnlock',
      Effect: 'Allow',
      Action: ['s3:DeleteObject'],
      Resource: [`${stateBucketArn}/${keyPattern}.tflock`],
    },
  ];
}
