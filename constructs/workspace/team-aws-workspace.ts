import { Construct } from 'constructs';
import { bucketReadWriteStatements, ecrPushPullStatements, ecrRepositoryArn } from '../aws/access-statements';
import { DataBucket } from '../aws/data-bucket';
import { EcrRepository } from '../aws/ecr-repository';
import { awsPartition } from '../../domain/aws';
import type { Statement } from '../aws/policy-document';
import { OidcTrustedRole } from '../ci/oidc-trusted-role';

export interface TeamRepositoryProps {
  /** Full repository name (`<team>/<name>`); also the source of the construct id, so renaming replaces it. */
  readonly repositoryName: string;
  /** Tagged images kept by the lifecycle policy (newest first); older ones expire. */
  readonly keepTaggedImages: number;
}

export interface TeamCiRoleProps {
  /** IAM role name. */
  readonly roleName: string;
  /** ARN of the account's CircleCI OIDC provider (derived, not a reference; another stack creates it). */
  readonly providerArn: string;
  /** Condition-key prefix of the provider's claims, e.g. `oidc.circleci.com/org/<id>`. */
  readonly providerHost: string;
  /** Required `aud` claim: the CircleCI organization id. */
  readonly audience: string;
  /** StringLike patterns of the OIDC `sub` claim; empty: no role (nobody could assume it). */
  readonly subjectPatterns: readonly string[];
}

export interface TeamAwsWorkspaceProps {
  /** The account and region the stack deploys to, for ARNs that must be known at plan time. */
  readonly accountId: string;
  /** Region of the stack's provider (and of its repositories). */
  readonly region: string;
  /** Default: none. */
  readonly repositories?: readonly TeamRepositoryProps[];
  /** Untagged images expire this many days after push (every repository). */
  readonly untaggedExpiryDays: number;
  /** The team's data bucket. Default: none. */
  readonly dataBucket?: { readonly bucketName: string; readonly noncurrentVersionExpirationDays: number };
  /** The team's CI role. Default: none. */
  readonly ci?: TeamCiRoleProps;
  /** lifecycle.prevent_destroy on the repositories and the bucket. */
  readonly preventDestroy: boolean;
}

/** `telehealth/call-quality-api` -> `ecr-telehealth--call-quality-api` ("/" cannot be in an id; "--" never is in a name). */
export function repositoryConstructId(repositoryName: string): string {
  return `ecr-${repositoryName.replace(/\//g, '--')}`;
}

/**
 * A team's AWS side in one account: its ECR repositories, its data bucket, and the CI role its CircleCI projects
 * assume, allowed to push/pull only these repositories and read/write only this bucket. The role exists only when
 * someone can assume it (subject patterns) and it would be allowed something (a repository or the bucket).
 */
export class TeamAwsWorkspace extends Construct {
  readonly repositories: ReadonlyMap<string, EcrRepository>;
  readonly dataBucket?: DataBucket;
  readonly ciRole?: OidcTrustedRole;

  constructor(scope: Construct, id: string, props: TeamAwsWorkspaceProps) {
    super(scope, id);
    const partition = awsPartition(props.region);
    const repositories = new Map<string, EcrRepository>();
    for (const repo of props.repositories ?? []) {
      repositories.set(
        repo.repositoryName,
        new EcrRepository(this, repositoryConstructId(repo.repositoryName), {
          repositoryName: repo.repositoryName,
          untaggedExpiryDays: props.untaggedExpiryDays,
          keepTaggedImages: repo.keepTaggedImages,
          preventDestroy: props.preventDestroy,
        }),
      );
    }
    this.repositories = repositories;

    if (props.dataBucket) {
      this.dataBucket = new DataBucket(this, 'data-bucket', {
        bucketName: props.dataBucket.bucketName,
        partition,
        noncurrentVersionExpirationDays: props.dataBucket.noncurrentVersionExpirationDays,
        preventDestroy: props.preventDestroy,
      });
    }

    const statements: Statement[] = [
      ...ecrPushPullStatements(
        [...repositories.keys()].map((name) => ecrRepositoryArn(partition, props.region, props.accountId, name)),
      ),
      ...(this.dataBucket ? bucketReadWriteStatements(this.dataBucket.arn) : []),
    ];
    if (props.ci && props.ci.subjectPatterns.length > 0 && statements.length > 0) {
      this.ciRole = new OidcTrustedRole(this, 'ci-role', {
        roleName: props.ci.roleName,
        description:
          'CI pipelines of the team (CircleCI OIDC): push/pull the team repositories, read/write the team bucket',
        providerArn: props.ci.providerArn,
        providerHost: props.ci.providerHost,
        audience: props.ci.audience,
        subjectPatterns: props.ci.subjectPatterns,
        inlinePolicies: { 'team-resources': statements },
      });
    }
  }
}
