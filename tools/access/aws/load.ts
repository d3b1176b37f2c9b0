/**
 * Builds the access model from stacks' resources: IAM roles with their inline policies (`aws_iam_role_policy`,
 * `inline_policy`), managed policies (`aws_iam_policy` + `aws_iam_role_policy_attachment`/`aws_iam_policy_attachment`,
 * `managed_policy_arns`), permissions boundaries and trust policies; S3 bucket and ECR repository policies; and the
 * organization (OUs, accounts, SCPs and their attachments), and buckets' public access blocks. References (`${aws_iam_role.x.name}`) are resolved
 * within the stack; literal values (plan JSON) are matched by name/ARN within the account. Every problem is
 * collected and thrown at once, so nothing is evaluated on a model that silently lost a policy.
 */
import type { ResourceValues, StackResources } from './inputs';
import { AWS_MANAGED_POLICIES, awsManagedPolicyName, FULL_AWS_ACCESS } from './managed-policies';
import type {
  AwsAccessModel,
  NamedPolicy,
  OrganizationModel,
  OrganizationNode,
  PolicyDocument,
  PublicAccessBlock,
  ResourcePolicyModel,
  RoleModel,
} from './model';

export interface LoadOptions {
  /** Member account ids by Organizations account name (an account's id exists only once it is created). */
  readonly accountIds?: Readonly<Record<string, string>>;
  /** Documents of AWS-managed policies beyond the built-in ones (managed-policies.ts), by ARN. */
  readonly managedPolicies?: Readonly<Record<string, PolicyDocument>>;
  /** FullAWSAccess stays attached to the root, every OU and every account (AWS's default). Default: true. */
  readonly fullAwsAccessEverywhere?: boolean;
  /** ARN partition. Default: `aws`. */
  readonly partition?: string;
}

export class AccessModelError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `The AWS access model cannot be built (${problems.length} problems):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

type Values = Readonly<Record<string, unknown>>;
const REFERENCE = /^\$\{([a-z0-9_]+)\.([^.}\s]+)\.([a-z0-9_]+)\}$/;

interface Located {
  readonly stack: StackResources;
  readonly resource: ResourceValues;
  readonly address: string;
}

function parseDocument(value: unknown): PolicyDocument | undefined {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as PolicyDocument;
  if (typeof value !== 'string' || value === '') return undefined;
  try {
    const doc = JSON.parse(value);
    return typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? doc : undefined;
  } catch {
    return undefined;
  }
}

const list = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
const literal = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' && !value.includes('${') ? value : undefined;

export function loadAwsAccessModel(stacks: readonly StackResources[], options: LoadOptions = {}): AwsAccessModel {
  const partition = options.partition ?? 'aws';
  const problems: string[] = [];
  const at = (l: Located) => `${l.stack.stack} ${l.address}`;
  const all: Located[] = stacks.flatMap((stack) =>
    stack.resources.map((resource) => ({ stack, resource, address: `${resource.type}.${resource.name}` })),
  );
  const byAddress = new Map(all.map((l) => [`${l.stack.stack} ${l.address}`, l]));
  const ofType = (type: string) => all.filter((l) => l.resource.type === type);
  /** The same-stack resource a whole-value reference points to, and the attribute. */
  const referenced = (l: Located, value: unknown) => {
    const [, type, name, attribute] = (typeof value === 'string' ? REFERENCE.exec(value) : null) ?? [];
    const target = type && name ? byAddress.get(`${l.stack.stack} ${type}.${name}`) : undefined;
    return target && attribute ? { target, attribute } : undefined;
  };
  const accountOf = (l: Located): string | undefined => {
    if (!l.stack.accountId)
      problems.push(`${at(l)}: the stack's AWS account is unknown (no allowed_account_ids; pass accountId)`);
    return l.stack.accountId;
  };

  // IAM roles and customer managed policies.
  const roles = new Map<
    string,
    {
      arn: string;
      name: string;
      accountId: string;
      located: Located;
      trust?: PolicyDocument;
      identity: NamedPolicy[];
      boundary?: unknown;
    }
  >();
  const roleByAccountAndName = new Map<string, string>();
  for (const l of ofType('aws_iam_role')) {
    const accountId = accountOf(l);
    const name = literal(l.resource.values.name);
    if (!accountId) continue;
    if (!name) {
      problems.push(`${at(l)}: role name is not known before apply (name_prefix or an expression)`);
      continue;
    }
    const path = literal(l.resource.values.path) ?? '/';
    const arn = `arn:${partition}:iam::${accountId}:role${path}${name}`;
    const trust = parseDocument(l.resource.values.assume_role_policy);
    if (!trust) problems.push(`${at(l)}: assume_role_policy is not a readable policy document`);
    const identity: NamedPolicy[] = [];
    for (const inline of list(l.resource.values.inline_policy) as Values[]) {
      const doc = parseDocument(inline?.policy);
      if (doc) identity.push({ name: String(inline.name ?? 'inline'), document: doc });
    }
    roles.set(arn, {
      arn,
      name,
      accountId,
      located: l,
      trust,
      identity,
      boundary: l.resource.values.permissions_boundary,
    });
    roleByAccountAndName.set(`${accountId}/${name}`, arn);
  }
  const customerPolicies = new Map<string, NamedPolicy>();
  const customerPolicyArnOf = new Map<Located, string>();
  for (const l of ofType('aws_iam_policy')) {
    const accountId = accountOf(l);
    const name = literal(l.resource.values.name);
    const doc = parseDocument(l.resource.values.policy);
    if (!accountId) continue;
    if (!name || !doc) {
      problems.push(`${at(l)}: policy name or document is not known before apply`);
      continue;
    }
    const arn = `arn:${partition}:iam::${accountId}:policy${literal(l.resource.values.path) ?? '/'}${name}`;
    customerPolicies.set(arn, { name: arn, document: doc });
    customerPolicyArnOf.set(l, arn);
  }
  const roleOf = (l: Located, value: unknown): string | undefined => {
    const ref = referenced(l, value);
    if (ref?.target.resource.type === 'aws_iam_role') {
      const name = literal(ref.target.resource.values.name);
      return name && ref.target.stack.accountId
        ? roleByAccountAndName.get(`${ref.target.stack.accountId}/${name}`)
        : undefined;
    }
    const name = literal(value);
    return name && l.stack.accountId ? roleByAccountAndName.get(`${l.stack.accountId}/${name}`) : undefined;
  };
  const managedPolicy = (l: Located, value: unknown): NamedPolicy | undefined => {
    const ref = referenced(l, value);
    if (ref?.target.resource.type === 'aws_iam_policy') {
      const arn = customerPolicyArnOf.get(ref.target);
      return arn ? customerPolicies.get(arn) : undefined;
    }
    const arn = literal(value);
    if (!arn) return undefined;
    if (customerPolicies.has(arn)) return customerPolicies.get(arn);
    if (options.managedPolicies?.[arn]) return { name: arn, document: options.managedPolicies[arn] };
    const awsName = awsManagedPolicyName(arn);
    const known = awsName ? AWS_MANAGED_POLICIES[awsName] : undefined;
    return known ? { name: arn, document: known.document } : undefined;
  };
  const attach = (l: Located, roleValue: unknown, policyValue: unknown) => {
    const role = roleOf(l, roleValue);
    const policy = managedPolicy(l, policyValue);
    if (!role) problems.push(`${at(l)}: role ${JSON.stringify(roleValue)} is not a role of the model`);
    else if (!policy)
      problems.push(
        `${at(l)}: the document of managed policy ${JSON.stringify(policyValue)} is unknown (pass it in managedPolicies)`,
      );
    else roles.get(role)!.identity.push(policy);
  };
  for (const l of ofType('aws_iam_role_policy')) {
    const role = roleOf(l, l.resource.values.role);
    const doc = parseDocument(l.resource.values.policy);
    if (!role || !doc) problems.push(`${at(l)}: role or policy document cannot be resolved`);
    else roles.get(role)!.identity.push({ name: String(l.resource.values.name ?? l.resource.name), document: doc });
  }
  for (const l of ofType('aws_iam_role_policy_attachment'))
    attach(l, l.resource.values.role, l.resource.values.policy_arn);
  for (const l of ofType('aws_iam_policy_attachment'))
    for (const r of list(l.resource.values.roles)) attach(l, r, l.resource.values.policy_arn);
  for (const role of roles.values())
    for (const arn of list(role.located.resource.values.managed_policy_arns)) attach(role.located, role.name, arn);

  const roleModels = new Map<string, RoleModel>();
  for (const r of roles.values()) {
    let permissionsBoundary: NamedPolicy | undefined;
    if (r.boundary !== undefined && r.boundary !== null && r.boundary !== '') {
      permissionsBoundary = managedPolicy(r.located, r.boundary);
      if (!permissionsBoundary)
        problems.push(`${at(r.located)}: permissions boundary ${JSON.stringify(r.boundary)} cannot be resolved`);
    }
    roleModels.set(r.arn, {
      arn: r.arn,
      name: r.name,
      accountId: r.accountId,
      trustPolicy: r.trust,
      identityPolicies: r.identity,
      permissionsBoundary,
      origin: { stack: r.located.stack.stack, address: r.located.address },
    });
  }

  // Resource policies: S3 buckets and ECR repositories.
  const resourcePolicies = new Map<string, ResourcePolicyModel>();
  const resourceAccounts = new Map<string, string>();
  const bucketName = (l: Located, value: unknown): string | undefined => {
    const ref = referenced(l, value);
    return ref?.target.resource.type === 'aws_s3_bucket' ? literal(ref.target.resource.values.bucket) : literal(value);
  };
  for (const l of ofType('aws_s3_bucket')) {
    const name = literal(l.resource.values.bucket);
    if (name && l.stack.accountId) resourceAccounts.set(`arn:${partition}:s3:::${name}`, l.stack.accountId);
  }
  for (const l of ofType('aws_s3_bucket_policy')) {
    const accountId = accountOf(l);
    const name = bucketName(l, l.resource.values.bucket);
    const doc = parseDocument(l.resource.values.policy);
    if (!accountId) continue;
    if (!name || !doc) {
      problems.push(`${at(l)}: bucket or policy document cannot be resolved`);
      continue;
    }
    const arn = `arn:${partition}:s3:::${name}`;
    resourceAccounts.set(arn, accountId);
    const origin = { stack: l.stack.stack, address: l.address };
    resourcePolicies.set(arn, {
      resourceArn: arn,
      accountId,
      policy: { name: `bucket policy of ${name}`, document: doc },
      origin,
    });
  }
  for (const l of ofType('aws_ecr_repository_policy')) {
    const accountId = accountOf(l);
    const ref = referenced(l, l.resource.values.repository);
    const name = ref ? literal(ref.target.resource.values.name) : literal(l.resource.values.repository);
    const doc = parseDocument(l.resource.values.policy);
    if (!accountId) continue;
    if (!name || !doc || !l.stack.region) {
      problems.push(`${at(l)}: repository, region or policy document cannot be resolved`);
      continue;
    }
    const arn = `arn:${partition}:ecr:${l.stack.region}:${accountId}:repository/${name}`;
    const origin = { stack: l.stack.stack, address: l.address };
    resourcePolicies.set(arn, {
      resourceArn: arn,
      accountId,
      policy: { name: `repository policy of ${name}`, document: doc },
      origin,
    });
  }

  const publicAccessBlocks = new Map<string, PublicAccessBlock>();
  for (const l of ofType('aws_s3_bucket_public_access_block')) {
    const name = bucketName(l, l.resource.values.bucket);
    if (!name) continue; // unknown until apply: evaluated with the evaluator's default (blocked)
    publicAccessBlocks.set(`arn:${partition}:s3:::${name}`, {
      blockPublicPolicy: l.resource.values.block_public_policy === true,
      restrictPublicBuckets: l.resource.values.restrict_public_buckets === true,
    });
  }

  const organization = loadOrganization(all, referenced, options, problems, at);
  const accountRegions = new Map<string, string>();
  for (const s of stacks)
    if (s.accountId && s.region && !accountRegions.has(s.accountId)) accountRegions.set(s.accountId, s.region);

  if (problems.length) throw new AccessModelError(problems);
  return { roles: roleModels, resourcePolicies, resourceAccounts, accountRegions, organization, publicAccessBlocks };
}

function loadOrganization(
  all: readonly Located[],
  referenced: (l: Located, value: unknown) => { target: Located; attribute: string } | undefined,
  options: LoadOptions,
  problems: string[],
  at: (l: Located) => string,
): OrganizationModel | undefined {
  const units = all.filter((l) => l.resource.type === 'aws_organizations_organizational_unit');
  const accounts = all.filter((l) => l.resource.type === 'aws_organizations_account');
  const first = units[0] ?? accounts[0];
  if (!first) return undefined;
  const managementAccountId = first.stack.accountId;
  if (!managementAccountId) {
    problems.push(`${at(first)}: the management account is unknown (no allowed_account_ids)`);
    return undefined;
  }
  const idOf = new Map<Located, string>();
  for (const l of units) idOf.set(l, literal(l.resource.values.id) ?? `${l.stack.stack}:${l.address}`);
  for (const l of accounts) {
    const name = literal(l.resource.values.name) ?? '';
    const id = literal(l.resource.values.id) ?? options.accountIds?.[name];
    if (!id) problems.push(`${at(l)}: the id of account "${name}" is unknown (pass it in accountIds)`);
    else idOf.set(l, id);
  }
  const nodeId = (l: Located, value: unknown): string | undefined => {
    const ref = referenced(l, value);
    return ref ? idOf.get(ref.target) : literal(value);
  };
  const nodes = new Map<
    string,
    { id: string; name: string; kind: OrganizationNode['kind']; parentId?: string; policies: NamedPolicy[] }
  >();
  let rootId: string | undefined;
  for (const l of [...units, ...accounts]) {
    const id = idOf.get(l);
    const parentId = nodeId(l, l.resource.values.parent_id);
    if (parentId?.startsWith('r-')) rootId = parentId;
    if (!id) continue;
    if (!parentId) problems.push(`${at(l)}: parent_id cannot be resolved`);
    const kind = l.resource.type === 'aws_organizations_account' ? 'account' : 'ou';
    nodes.set(id, { id, name: String(l.resource.values.name ?? id), kind, parentId, policies: [] });
  }
  if (!rootId) {
    problems.push('the organization root (a parent_id "r-...") was not found');
    return undefined;
  }
  nodes.set(rootId, { id: rootId, name: 'Root', kind: 'root', policies: [] });
  if (options.fullAwsAccessEverywhere ?? true)
    for (const n of nodes.values()) n.policies.push({ name: 'FullAWSAccess', document: FULL_AWS_ACCESS });

  const policies = new Map<Located, NamedPolicy>();
  for (const l of all.filter((x) => x.resource.type === 'aws_organizations_policy')) {
    if ((literal(l.resource.values.type) ?? 'SERVICE_CONTROL_POLICY') !== 'SERVICE_CONTROL_POLICY') continue;
    const doc = parseDocument(l.resource.values.content);
    if (!doc) problems.push(`${at(l)}: content is not a readable policy document`);
    else policies.set(l, { name: String(l.resource.values.name ?? l.address), document: doc });
  }
  for (const l of all.filter((x) => x.resource.type === 'aws_organizations_policy_attachment')) {
    const ref = referenced(l, l.resource.values.policy_id);
    const policy = ref
      ? policies.get(ref.target)
      : [...policies].find(([p]) => literal(p.resource.values.id) === literal(l.resource.values.policy_id))?.[1];
    const target = nodeId(l, l.resource.values.target_id);
    if (!policy || !target || !nodes.has(target)) {
      // A policy type other than SCP is not modelled; anything else unresolvable is an error.
      if (ref && ref.target.resource.type === 'aws_organizations_policy' && !policies.has(ref.target)) continue;
      problems.push(
        `${at(l)}: policy ${JSON.stringify(l.resource.values.policy_id)} or target ${JSON.stringify(l.resource.values.target_id)} cannot be resolved`,
      );
      continue;
    }
    nodes.get(target)!.policies.push(policy);
  }
  return { managementAccountId, rootId, nodes };
}
