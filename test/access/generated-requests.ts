/**
 * Random but structured requests over the example org, for the differential test of the project's evaluator against
 * iam-simulate: principals are the model's roles, root users and OIDC providers; actions are those the org's
 * policies name (wildcards expanded with the IAM database) plus others of the same services; resources are the
 * org's own (roles, buckets, state keys, repositories) and random ones of each action's resource types; contexts vary
 * what the policies test (TLS, region, s3:prefix, iam:PolicyARN, OIDC audience and subject). Seeded: the same
 * requests every run. Only requests AWS could send are made (the action applies to the resource's type, context keys
 * the action takes), because iam-simulate refuses any other.
 */
import { circleciOidc, type PlatformConfig } from '../../config';
import { serviceActions } from '../../constructs/guardrails/iam-database';
import {
  type AccessRequest,
  actionAppliesTo,
  actionsOfPattern,
  type AwsAccessModel,
  canonicalAction,
  type PolicyDocument,
} from '../../tools/access/aws';

/** mulberry32: a small seeded PRNG (the sequence is part of the test). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const statementsOf = (doc: PolicyDocument): Record<string, unknown>[] =>
  [doc.Statement].flat().filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null);
const asList = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String);

function allDocuments(model: AwsAccessModel): PolicyDocument[] {
  const docs: PolicyDocument[] = [];
  for (const r of model.roles.values()) {
    if (r.trustPolicy) docs.push(r.trustPolicy);
    for (const p of r.identityPolicies) docs.push(p.document);
    if (r.permissionsBoundary) docs.push(r.permissionsBoundary.document);
  }
  for (const p of model.resourcePolicies.values()) docs.push(p.policy.document);
  for (const n of model.organization?.nodes.values() ?? []) for (const p of n.policies) docs.push(p.document);
  return docs;
}

const EXTRA_SERVICES = ['s3', 'ecr', 'iam', 'sts', 'organizations', 'ec2', 'cloudtrail', 'dynamodb', 'ssm', 'kms'];

export interface GeneratedRequest {
  readonly request: AccessRequest;
  /** Evaluate over the model without FullAWSAccess (SCP levels that allow nothing). */
  readonly withoutFullAwsAccess: boolean;
}

export function generateRequests(
  model: AwsAccessModel,
  config: PlatformConfig,
  stateKeys: readonly string[],
  count: number,
  seed: number,
): GeneratedRequest[] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const chance = (p: number) => rnd() < p;
  const { platform } = config;
  const oidc = circleciOidc(platform.circleci.organizationId);

  // Actions the policies name, expanded; then a sample of every action of the same services.
  const named = new Set<string>();
  for (const doc of allDocuments(model))
    for (const s of statementsOf(doc))
      for (const a of [...asList(s.Action), ...asList(s.NotAction)]) {
        const expanded = actionsOfPattern(a);
        if (Array.isArray(expanded)) for (const x of expanded.slice(0, 60)) named.add(canonicalAction(x) ?? x);
      }
  const extra = EXTRA_SERVICES.flatMap((s) => (serviceActions(s) ?? []).map((a) => `${s}:${a}`));
  const namedList = [...named].sort();

  // Resources: the org's own, and random ones where an action needs another type.
  const accounts = [...new Set([...model.roles.values()].map((r) => r.accountId))].sort();
  const roles = [...model.roles.keys()].sort();
  const buckets = [...model.resourceAccounts.keys()].sort();
  const stateBucket = `arn:aws:s3:::${platform.stateBackend.bucket}`;
  const kp = platform.stateBackend.keyPrefix;
  const objectKeys = [
    ...stateKeys,
    ...stateKeys.map((k) => `${k}.tflock`),
    ...config.environments.map((e) => `${kp}/deployed/${e.name}.json`),
    `${kp}/deployed/management.json`,
    `${kp}/other.tfstate`,
    'patients/2024.parquet',
    'in/a.csv',
    `env:/${kp}/x.tfstate`,
  ];
  const repositories = config.environments.flatMap((e) =>
    e.teams.flatMap((t) =>
      t.aws.repositories.map((r) => `arn:aws:ecr:${e.aws.region}:${e.aws.accountId}:repository/${r.repositoryName}`),
    ),
  );
  const regions = [...platform.aws.allowedRegions, 'us-east-1', 'ap-southeast-2'];
  const policies = [
    'arn:aws:iam::aws:policy/AdministratorAccess',
    'arn:aws:iam::aws:policy/AWSOrganizationsReadOnlyAccess',
    'arn:aws:iam::aws:policy/ReadOnlyAccess',
    `arn:aws:iam::${platform.aws.managementAccountId}:policy/acme-dp-platform-deploy-boundary`,
  ];
  const projects = [
    platform.circleci.projectId,
    ...config.environments.flatMap((e) => e.teams.flatMap((t) => t.aws.ciRole.circleciProjectIds)),
    '0c0ffee0-1111-4222-8333-444455556666',
  ];
  const refs = ['refs/heads/main', 'refs/heads/feature/x', 'refs/heads/x/vcs-ref/refs/heads/main', 'refs/tags/v1.2'];
  const prefixes = [...stateKeys, `${kp}/`, 'env:/', `${kp}/dev-`, 'patients/', ''];

  const concrete = (action: string): string | undefined => {
    const candidates = [
      '*',
      ...roles,
      ...buckets,
      ...buckets.flatMap((b) => (b === stateBucket ? objectKeys : objectKeys.slice(-3)).map((k) => `${b}/${k}`)),
      ...repositories,
    ].filter((r) => actionAppliesTo(action, r));
    if (candidates.length) return pick(candidates);
    // A resource of the action's own type in one of the org's accounts (a table, a trail, a parameter...).
    const service = action.split(':')[0];
    const account = pick(accounts);
    const region = pick(platform.aws.allowedRegions);
    const guesses = [
      `arn:aws:${service}:${region}:${account}:table/t${Math.floor(rnd() * 9)}`,
      `arn:aws:${service}:${region}:${account}:trail/org`,
      `arn:aws:${service}:${region}:${account}:parameter/p`,
      `arn:aws:${service}:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      `arn:aws:${service}:${region}:${account}:instance/i-0123456789abcdef0`,
      `arn:aws:${service}::${account}:user/u`,
      `arn:aws:${service}::${account}:policy/p`,
      `arn:aws:${service}::${account}:account/o-abcdefghij/${account}`,
    ];
    return guesses.find((g) => actionAppliesTo(action, g));
  };

  const out: GeneratedRequest[] = [];
  for (let guard = 0; out.length < count && guard < count * 20; guard++) {
    const action = chance(0.75) ? pick(namedList) : pick(extra);
    const context: Record<string, string> = {};
    let principal: string;
    let resource: string | undefined;
    if (/^sts:AssumeRoleWithWebIdentity$/i.test(action)) {
      resource = pick(roles);
      const account = chance(0.85) ? model.roles.get(resource)!.accountId : pick(accounts);
      principal = oidc.providerArn('aws', account);
      const org = chance(0.9) ? platform.circleci.organizationId : '00000000-0000-0000-0000-000000000000';
      context[`${oidc.host}:aud`] = chance(0.9) ? platform.circleci.organizationId : org;
      context[`${oidc.host}:sub`] =
        `org/${org}/project/${pick(projects)}/user/u1/vcs-origin/github.com/acme/x/vcs-ref/${pick(refs)}`;
    } else {
      resource = concrete(action);
      principal = chance(0.92) ? pick(roles) : `arn:aws:iam::${pick(accounts)}:root`;
    }
    if (resource === undefined) continue;
    if (chance(0.1)) context['aws:SecureTransport'] = 'false';
    const lower = action.toLowerCase();
    if (lower === 's3:listbucket' && chance(0.8)) context['s3:prefix'] = pick(prefixes);
    if (/^iam:(attach|detach)rolepolicy$/.test(lower) && chance(0.9)) context['iam:PolicyARN'] = pick(policies);
    if (lower === 'iam:putrolepermissionsboundary' && chance(0.9)) context['iam:PermissionsBoundary'] = pick(policies);
    if (lower === 'iam:createservicelinkedrole' && chance(0.9))
      context['iam:AWSServiceName'] = pick(['organizations.amazonaws.com', 'ecs.amazonaws.com']);
    out.push({
      request: {
        principal,
        action,
        resource,
        context,
        ...(chance(0.4) ? { region: pick(regions) } : {}),
      },
      withoutFullAwsAccess: chance(0.15),
    });
  }
  return out;
}
