/**
 * What `terraform plan` reads to refresh each AWS resource type the platform's constructs create: the IAM actions
 * behind the hashicorp/aws 5.100 provider's Read function of the type (including the attributes it refreshes that
 * we do not set, e.g. aws_s3_bucket reads its ACL, CORS, website, logging... configuration). Control-plane reads
 * only: nothing here reads an object, an image layer, a secret or a table item. The plan roles get exactly these
 * actions, and the unsuppressible guardrail `aws-plan-read-coverage` fails synthesis when a stack holds a resource
 * type this table does not list, so the plan role cannot fall behind the constructs.
 */
import type { Statement } from './policy-document';

/** What the read actions of a type act on (which ARN pattern their statement gets). */
export type ReadScope =
  'iam-role' | 'iam-oidc-provider' | 'iam-policy' | 'ecr-repository' | 'ecr-registry' | 's3-bucket' | 'organizations';

export interface TerraformReadEntry {
  readonly scope: ReadScope;
  readonly actions: readonly string[];
  /** Only in the management account (the organization stack): environment plan roles do not get these reads. */
  readonly managementOnly?: boolean;
}

/**
 * Resource type -> the actions its refresh calls. `s3:ListBucket` on a bucket is HeadBucket, which the provider
 * calls to find the bucket and its region: it lets the role list key names, not read objects.
 */
export const TERRAFORM_READ_ACTIONS: Readonly<Record<string, TerraformReadEntry>> = {
  aws_iam_role: {
    scope: 'iam-role',
    actions: [
      'iam:GetRole',
      'iam:ListRolePolicies',
      'iam:GetRolePolicy',
      'iam:ListAttachedRolePolicies',
      'iam:ListRoleTags',
    ],
  },
  aws_iam_role_policy: { scope: 'iam-role', actions: ['iam:GetRolePolicy'] },
  aws_iam_role_policy_attachment: { scope: 'iam-role', actions: ['iam:ListAttachedRolePolicies'] },
  aws_iam_openid_connect_provider: {
    scope: 'iam-oidc-provider',
    actions: ['iam:GetOpenIDConnectProvider', 'iam:ListOpenIDConnectProviderTags'],
  },
  // Customer managed policies exist only in the management account (the pipeline roles' permissions boundaries).
  aws_iam_policy: {
    scope: 'iam-policy',
    managementOnly: true,
    actions: ['iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListPolicyTags', 'iam:ListPolicyVersions'],
  },
  aws_ecr_repository: { scope: 'ecr-repository', actions: ['ecr:DescribeRepositories', 'ecr:ListTagsForResource'] },
  aws_ecr_lifecycle_policy: { scope: 'ecr-repository', actions: ['ecr:GetLifecyclePolicy'] },
  aws_ecr_registry_scanning_configuration: { scope: 'ecr-registry', actions: ['ecr:GetRegistryScanningConfiguration'] },
  aws_s3_bucket: {
    scope: 's3-bucket',
    actions: [
      's3:GetAccelerateConfiguration',
      's3:GetBucketAcl',
      's3:GetBucketCORS',
      's3:GetBucketLogging',
      's3:GetBucketObjectLockConfiguration',
      's3:GetBucketPolicy',
      's3:GetBucketRequestPayment',
      's3:GetBucketTagging',
      's3:GetBucketVersioning',
      's3:GetBucketWebsite',
      's3:GetEncryptionConfiguration',
      's3:GetLifecycleConfiguration',
      's3:GetReplicationConfiguration',
      's3:ListBucket',
    ],
  },
  aws_s3_bucket_versioning: { scope: 's3-bucket', actions: ['s3:GetBucketVersioning'] },
  aws_s3_bucket_server_side_encryption_configuration: {
    scope: 's3-bucket',
    actions: ['s3:GetEncryptionConfiguration'],
  },
  aws_s3_bucket_public_access_block: { scope: 's3-bucket', actions: ['s3:GetBucketPublicAccessBlock'] },
  aws_s3_bucket_ownership_controls: { scope: 's3-bucket', actions: ['s3:GetBucketOwnershipControls'] },
  aws_s3_bucket_policy: { scope: 's3-bucket', actions: ['s3:GetBucketPolicy'] },
  aws_s3_bucket_lifecycle_configuration: { scope: 's3-bucket', actions: ['s3:GetLifecycleConfiguration'] },
  // Organizations: the management plan role reads these through AWSOrganizationsReadOnlyAccess
  // (organizations:Describe*/List*); listed so that the table covers every type and the boundary can be checked.
  aws_organizations_organizational_unit: {
    scope: 'organizations',
    managementOnly: true,
    actions: [
      'organizations:DescribeOrganizationalUnit',
      'organizations:ListAccountsForParent',
      'organizations:ListParents',
      'organizations:ListTagsForResource',
    ],
  },
  aws_organizations_account: {
    scope: 'organizations',
    managementOnly: true,
    actions: ['organizations:DescribeAccount', 'organizations:ListParents', 'organizations:ListTagsForResource'],
  },
  aws_organizations_policy: {
    scope: 'organizations',
    managementOnly: true,
    actions: ['organizations:DescribePolicy', 'organizations:ListTagsForResource'],
  },
  aws_organizations_policy_attachment: {
    scope: 'organizations',
    managementOnly: true,
    actions: ['organizations:ListPoliciesForTarget', 'organizations:ListTargetsForPolicy'],
  },
};

/** The resource types of the environment accounts (every entry not marked managementOnly). */
export function environmentAccountTypes(): string[] {
  return Object.entries(TERRAFORM_READ_ACTIONS)
    .filter(([, entry]) => !entry.managementOnly)
    .map(([t]) => t);
}

export interface ReadStatementScope {
  readonly partition: string;
  readonly accountId: string;
  /** Region of the account's regional resources (ECR). */
  readonly region: string;
}

const SIDS: Record<ReadScope, string> = {
  'iam-role': 'RefreshIamRoles',
  'iam-oidc-provider': 'RefreshOidcProviders',
  'iam-policy': 'RefreshIamPolicies',
  'ecr-repository': 'RefreshEcrRepositories',
  'ecr-registry': 'RefreshEcrRegistry',
  's3-bucket': 'RefreshS3Buckets',
  organizations: 'RefreshOrganizations',
};

function resourcesOf(scope: ReadScope, { partition, accountId, region }: ReadStatementScope): string[] {
  switch (scope) {
    case 'iam-role':
      return [`arn:${partition}:iam::${accountId}:role/*`];
    case 'iam-oidc-provider':
      return [`arn:${partition}:iam::${accountId}:oidc-provider/*`];
    case 'iam-policy':
      return [`arn:${partition}:iam::${accountId}:policy/*`];
    case 'ecr-repository':
      return [`arn:${partition}:ecr:${region}:${accountId}:repository/*`];
    case 's3-bucket':
      // Bucket ARNs carry no account; these are bucket-level actions only (no object ARN matches).
      return [`arn:${partition}:s3:::*`];
    case 'ecr-registry':
    case 'organizations':
      // Registry- and organization-level actions take no resource ARN (AWS accepts only "*").
      return ['*'];
  }
}

/** One statement per kind of resource: the read actions of `types` (each must be in the table), on the account's ARNs. */
export function terraformReadStatements(types: readonly string[], scope: ReadStatementScope): Statement[] {
  const entries: TerraformReadEntry[] = [];
  const unknown: string[] = [];
  for (const t of types) {
    const entry = TERRAFORM_READ_ACTIONS[t];
    if (entry) entries.push(entry);
    else unknown.push(t);
  }
  if (unknown.length) {
    throw new Error(`No refresh actions known for ${unknown.join(', ')}: add them to TERRAFORM_READ_ACTIONS`);
  }
  const byScope = new Map<ReadScope, Set<string>>();
  for (const entry of entries) {
    const set = byScope.get(entry.scope) ?? new Set<string>();
    for (const a of entry.actions) set.add(a);
    byScope.set(entry.scope, set);
  }
  return [...byScope].map(([s, actions]) => ({
    Sid: SIDS[s],
    Effect: 'Allow' as const,
    Action: [...actions].sort(),
    Resource: resourcesOf(s, scope),
  }));
}
