import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository as EcrRepositoryResource } from '@cdktf/provider-aws/lib/ecr-repository';
import { Construct } from 'constructs';

export interface EcrRepositoryProps {
  /** Full repository name, e.g. `telehealth/call-quality-api`. */
  readonly repositoryName: string;
  /** Untagged images are expired this many days after push. */
  readonly untaggedExpiryDays: number;
  /** Tagged images beyond the newest N are expired. */
  readonly keepTaggedImages: number;
  /** lifecycle.prevent_destroy: a plan that deletes or replaces the repository (and its images) fails. */
  readonly preventDestroy: boolean;
  /** Encryption at rest: `AES256` (S3-managed keys) or `KMS` (the account's aws/ecr key). Default AES256. */
  readonly encryptionType?: 'AES256' | 'KMS';
}

export interface EcrLifecycleRule {
  readonly rulePriority: number;
  readonly description: string;
  readonly selection: {
    readonly tagStatus: 'untagged' | 'tagged' | 'any';
    readonly tagPatternList?: readonly string[];
    readonly countType: 'sinceImagePushed' | 'imageCountMoreThan';
    readonly countUnit?: 'days';
    readonly countNumber: number;
  };
  readonly action: { readonly type: 'expire' };
}

/** The lifecycle rules, in ascending priority as ECR requires: untagged expiry first, then keep-last-N tagged. */
export function ecrLifecycleRules(untaggedExpiryDays: number, keepTaggedImages: number): EcrLifecycleRule[] {
  return [
    {
      rulePriority: 1,
      description: `Expire untagged images ${untaggedExpiryDays} days after push`,
      selection: {
        tagStatus: 'untagged',
        countType: 'sinceImagePushed',
        countUnit: 'days',
        countNumber: untaggedExpiryDays,
      },
      action: { type: 'expire' },
    },
    {
      rulePriority: 2,
      description: `Keep the last ${keepTaggedImages} tagged images`,
      selection: {
        tagStatus: 'tagged',
        tagPatternList: ['*'],
        countType: 'imageCountMoreThan',
        countNumber: keepTaggedImages,
      },
      action: { type: 'expire' },
    },
  ];
}

/**
 * A container registry repository: immutable tags (a tag always means the same image, so deploys are reproducible),
 * scan on push, encryption at rest, and a lifecycle policy. `force_delete` is never set: deleting a repository
 * that still has images fails instead of silently dropping them.
 */
export class EcrRepository extends Construct {
  readonly repository: EcrRepositoryResource;

  constructor(scope: Construct, id: string, props: EcrRepositoryProps) {
    super(scope, id);
    this.repository = new EcrRepositoryResource(this, 'repository', {
      name: props.repositoryName,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: props.encryptionType ?? 'AES256' }],
      lifecycle: { preventDestroy: props.preventDestroy },
    });
    new EcrLifecyclePolicy(this, 'lifecycle-policy', {
      repository: this.repository.name,
      policy: JSON.stringify({ rules: ecrLifecycleRules(props.untaggedExpiryDays, props.keepTaggedImages) }),
    });
  }
}
