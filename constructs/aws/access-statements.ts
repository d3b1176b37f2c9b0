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
