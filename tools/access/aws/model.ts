/**
 * The AWS access model of an organization, as plain data: who exists (roles), what they hold (identity policies,
 * permissions boundaries, trust policies), what resources say (bucket and repository policies), and the
 * organization's service control policies with where they attach. Built by `loadAwsAccessModel` from synthesized
 * stacks or plan values; read by `AwsAccess` to assemble each request for an `Evaluator`.
 */

/** An IAM policy document as JSON (Statement may be one object or a list, Action a string or a list...). */
export type PolicyDocument = Readonly<Record<string, unknown>>;

export interface NamedPolicy {
  /** Inline policy name, managed policy ARN, SCP name, `trust policy of <role>`, `bucket policy of <bucket>`. */
  readonly name: string;
  readonly document: PolicyDocument;
}

/** Where something came from: the stack and the Terraform address. */
export interface Origin {
  readonly stack: string;
  readonly address: string;
}

export interface RoleModel {
  readonly arn: string;
  readonly name: string;
  readonly accountId: string;
  readonly trustPolicy?: PolicyDocument;
  /** Inline and attached managed policies (AWS-managed ones with their document). */
  readonly identityPolicies: readonly NamedPolicy[];
  readonly permissionsBoundary?: NamedPolicy;
  readonly origin: Origin;
}

export interface ResourcePolicyModel {
  /** Bucket ARN (`arn:aws:s3:::name`) or repository ARN. */
  readonly resourceArn: string;
  readonly accountId: string;
  readonly policy: NamedPolicy;
  readonly origin: Origin;
}

/** A node of the organization tree: the root, an OU or an account, with the SCPs attached directly to it. */
export interface OrganizationNode {
  /** `r-xxxx` for the root, the account id for accounts, `<stack>:<address>` for OUs (their ids exist only in AWS). */
  readonly id: string;
  readonly name: string;
  readonly kind: 'root' | 'ou' | 'account';
  /** Undefined for the root. */
  readonly parentId?: string;
  readonly policies: readonly NamedPolicy[];
}

export interface OrganizationModel {
  readonly managementAccountId: string;
  readonly rootId: string;
  /** By id. Accounts are keyed by account id. */
  readonly nodes: ReadonlyMap<string, OrganizationNode>;
}

export interface AwsAccessModel {
  /** By role ARN. */
  readonly roles: ReadonlyMap<string, RoleModel>;
  /** By resource ARN (bucket or repository). */
  readonly resourcePolicies: ReadonlyMap<string, ResourcePolicyModel>;
  /** Account of resources whose ARN carries none (S3 buckets), by ARN. */
  readonly resourceAccounts: ReadonlyMap<string, string>;
  /** Default region of each account's stacks (for `aws:RequestedRegion` when a request names none). */
  readonly accountRegions: ReadonlyMap<string, string>;
  readonly organization?: OrganizationModel;
  /** S3 Block Public Access settings of buckets that have an `aws_s3_bucket_public_access_block`, by bucket ARN. */
  readonly publicAccessBlocks?: ReadonlyMap<string, PublicAccessBlock>;
}

export interface PublicAccessBlock {
  /** S3 refuses to put a public bucket policy. */
  readonly blockPublicPolicy: boolean;
  /** Through a public policy only the bucket's own account gets in. */
  readonly restrictPublicBuckets: boolean;
}

/**
 * Several models as one (e.g. one per stack, loaded apart so one stack's problem does not hide the others). Later
 * models win on the same key; the organization is the last one given.
 */
export function mergeAccessModels(models: readonly AwsAccessModel[]): AwsAccessModel {
  const merge = <K, V>(pick: (m: AwsAccessModel) => ReadonlyMap<K, V> | undefined) =>
    new Map(models.flatMap((m) => [...(pick(m) ?? new Map<K, V>())]));
  return {
    roles: merge((m) => m.roles),
    resourcePolicies: merge((m) => m.resourcePolicies),
    resourceAccounts: merge((m) => m.resourceAccounts),
    accountRegions: merge((m) => m.accountRegions),
    organization: [...models].reverse().find((m) => m.organization)?.organization,
    publicAccessBlocks: merge((m) => m.publicAccessBlocks),
  };
}

/** The SCP chain that applies to principals of `accountId`: root first, the account last; empty outside the organization's members. */
export function scpChain(model: AwsAccessModel, accountId: string): OrganizationNode[] {
  const org = model.organization;
  if (!org || accountId === org.managementAccountId) return [];
  const chain: OrganizationNode[] = [];
  let node = org.nodes.get(accountId);
  if (!node) return [];
  for (let guard = 0; node && guard < 10; guard++) {
    chain.unshift(node);
    node = node.parentId === undefined ? undefined : org.nodes.get(node.parentId);
  }
  return chain;
}
