/**
 * The table of access cases; aws-access.test.ts runs it with both evaluators. Access by evaluation, not by JSON
 * shape: (principal, action, resource, context) -> Allowed / Denied over the synthesized example org, with every
 * policy that takes part: identity policies, permissions boundaries, trust policies, the state bucket's policy, the
 * SCP chain.
 * Expected decisions come from intent (own vs other team, environment, branch), principals and ARNs from config and
 * config/naming.ts, state keys from the synthesized S3 backend blocks — never from the statement builders.
 */
import {
  circleciOidc,
  platformAwsNames,
  stackNames,
  teamAwsNames,
  type EnvironmentConfig,
  type TeamEnvironmentConfig,
} from '../../config';
import { type AccessRequest, type AwsAccessModel, type PolicyKind, type RoleModel } from '../../tools/access/aws';
import { exampleOrg } from './example-org';

export const org = exampleOrg();
const { config } = org;
const { platform } = config;
const oidc = circleciOidc(platform.circleci.organizationId);
const pipeline = platformAwsNames(platform.namePrefix);
const kp = platform.stateBackend.keyPrefix;
const stateObject = (key: string) => `arn:aws:s3:::${platform.stateBackend.bucket}/${key}`;
const stateBucket = `arn:aws:s3:::${platform.stateBackend.bucket}`;
/** The key a stack's S3 backend really uses, read from its synthesized backend block. */
const keyOf = (stack: string): string => {
  const key = org.synthesized.get(stack)?.terraform?.backend?.s3?.key;
  if (!key) throw new Error(`no S3 backend key in stack ${stack}`);
  return key;
};
const roleArn = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
const repoArn = (env: EnvironmentConfig, repo: string) =>
  `arn:aws:ecr:${env.aws.region}:${env.aws.accountId}:repository/${repo}`;

export type Expected =
  | { readonly decision: 'Allowed'; readonly through?: readonly PolicyKind[] }
  | { readonly decision: 'ImplicitlyDenied'; readonly kind: PolicyKind }
  | { readonly decision: 'ExplicitlyDenied'; readonly kind: PolicyKind; readonly sid: string };
const allow = (...through: PolicyKind[]): Expected => ({ decision: 'Allowed', through });
const implicit = (kind: PolicyKind): Expected => ({ decision: 'ImplicitlyDenied', kind });
const explicit = (kind: PolicyKind, sid: string): Expected => ({ decision: 'ExplicitlyDenied', kind, sid });

export interface Case {
  readonly group: string;
  readonly name: string;
  readonly request: AccessRequest;
  readonly expected: Expected;
  /** Evaluate over a changed model (what-if rows). */
  readonly model?: AwsAccessModel;
}
export const cases: Case[] = [];
const add = (group: string, name: string, request: AccessRequest, expected: Expected, model?: AwsAccessModel) =>
  cases.push({ group, name, request, expected, model });

const envs = config.environments;
const teamsIn = (env: EnvironmentConfig) => env.teams;
const allTeams = envs.flatMap((e) => e.teams);
const withCiRole = (t: TeamEnvironmentConfig) =>
  t.aws.ciRole.circleciProjectIds.length > 0 && (t.aws.repositories.length > 0 || t.aws.dataBucket !== undefined);
const otherEnv = (env: EnvironmentConfig) => envs[(envs.indexOf(env) + 1) % envs.length];
const subject = (project: string, ref: string) =>
  `org/${platform.circleci.organizationId}/project/${project}/user/8c2f/vcs-origin/github.com/acme/repo/vcs-ref/${ref}`;
const claims = (sub: string, aud = platform.circleci.organizationId) => ({
  [`${oidc.host}:aud`]: aud,
  [`${oidc.host}:sub`]: sub,
});
const MAIN = 'refs/heads/main';
const FEATURE = 'refs/heads/feature/new-model';
const FORGED = 'refs/heads/x/vcs-ref/refs/heads/main';

// ------------------------------------------------------------------------------------------- team CI roles
for (const env of envs) {
  const teams = teamsIn(env).filter(withCiRole);
  for (const team of teams) {
    const names = teamAwsNames(platform.namePrefix, env.name, team.name);
    const ci = roleArn(env.aws.accountId, names.ciRole);
    const g = `team CI role ${env.name}/${team.name}`;
    const other = teamsIn(env).find((t) => t !== team && (t.aws.repositories.length > 0 || t.aws.dataBucket));
    if (team.aws.repositories.length) {
      const own = repoArn(env, team.aws.repositories[0].repositoryName);
      add(
        g,
        'logs in to ECR',
        { principal: ci, action: 'ecr:GetAuthorizationToken', resource: '*' },
        allow('identity'),
      );
      add(
        g,
        'pushes to its own repository',
        { principal: ci, action: 'ecr:PutImage', resource: own },
        allow('identity'),
      );
      add(g, 'pulls from its own repository', { principal: ci, action: 'ecr:BatchGetImage', resource: own }, allow());
      add(
        g,
        'cannot delete its own repository',
        { principal: ci, action: 'ecr:DeleteRepository', resource: own },
        implicit('identity'),
      );
    }
    if (team.aws.dataBucket) {
      const bucket = `arn:aws:s3:::${names.dataBucket}`;
      add(
        g,
        'reads its own bucket',
        { principal: ci, action: 's3:GetObject', resource: `${bucket}/in/a.parquet` },
        allow('identity'),
      );
      add(
        g,
        'writes its own bucket',
        { principal: ci, action: 's3:PutObject', resource: `${bucket}/out/b.parquet` },
        allow(),
      );
      add(g, 'lists its own bucket', { principal: ci, action: 's3:ListBucket', resource: bucket }, allow());
      add(
        g,
        'cannot change its own bucket policy',
        { principal: ci, action: 's3:PutBucketPolicy', resource: bucket },
        implicit('identity'),
      );
      add(
        g,
        'cannot read its own bucket without TLS',
        {
          principal: ci,
          action: 's3:GetObject',
          resource: `${bucket}/in/a.parquet`,
          context: { 'aws:SecureTransport': 'false' },
        },
        explicit('resource', 'DenyInsecureTransport'),
      );
      const there = otherEnv(env);
      if (teamsIn(there).some((t) => t.name === team.name)) {
        const theirs = `arn:aws:s3:::${teamAwsNames(platform.namePrefix, there.name, team.name).dataBucket}`;
        add(
          g,
          `cannot read its own team's bucket in ${there.name}`,
          { principal: ci, action: 's3:GetObject', resource: `${theirs}/in/a.parquet` },
          implicit('identity'),
        );
      }
    }
    if (other) {
      const theirs = teamAwsNames(platform.namePrefix, env.name, other.name);
      if (other.aws.repositories.length) {
        const repo = repoArn(env, other.aws.repositories[0].repositoryName);
        add(
          g,
          `cannot push to ${other.name}'s repository`,
          { principal: ci, action: 'ecr:PutImage', resource: repo },
          implicit('identity'),
        );
        add(
          g,
          `cannot pull from ${other.name}'s repository`,
          { principal: ci, action: 'ecr:BatchGetImage', resource: repo },
          implicit('identity'),
        );
      }
      if (other.aws.dataBucket) {
        const bucket = `arn:aws:s3:::${theirs.dataBucket}`;
        add(
          g,
          `cannot read ${other.name}'s bucket`,
          { principal: ci, action: 's3:GetObject', resource: `${bucket}/x.csv` },
          implicit('identity'),
        );
        add(
          g,
          `cannot write ${other.name}'s bucket`,
          { principal: ci, action: 's3:PutObject', resource: `${bucket}/x.csv` },
          implicit('identity'),
        );
      }
    }
  }
}

// ------------------------------------------------------------------------------------------- trust (OIDC)
for (const env of envs) {
  const provider = oidc.providerArn('aws', env.aws.accountId);
  const strict = env.ci.deployFromMainOnly;
  const assume = (role: string, sub: string, aud?: string): AccessRequest => ({
    principal: provider,
    action: 'sts:AssumeRoleWithWebIdentity',
    resource: role,
    context: claims(sub, aud),
  });
  for (const team of teamsIn(env).filter(withCiRole)) {
    const ci = roleArn(env.aws.accountId, teamAwsNames(platform.namePrefix, env.name, team.name).ciRole);
    const g = `trust of ${env.name}/${team.name} CI role`;
    const own = team.aws.ciRole.circleciProjectIds[0];
    add(g, 'own project, main', assume(ci, subject(own, MAIN)), allow('resource'));
    add(
      g,
      `own project, feature branch (${strict ? 'strict: main only' : 'any branch'})`,
      assume(ci, subject(own, FEATURE)),
      strict ? implicit('resource') : allow('resource'),
    );
    add(
      g,
      'own project, branch named x/vcs-ref/refs/heads/main',
      assume(ci, subject(own, FORGED)),
      strict ? implicit('resource') : allow('resource'),
    );
    for (const p of team.aws.ciRole.circleciProjectIds.slice(1))
      add(g, `second own project ${p.slice(0, 8)}, main`, assume(ci, subject(p, MAIN)), allow('resource'));
    const foreign = allTeams.find((t) => t.name !== team.name && t.aws.ciRole.circleciProjectIds.length)!;
    add(
      g,
      `${foreign.name}'s project, main`,
      assume(ci, subject(foreign.aws.ciRole.circleciProjectIds[0], MAIN)),
      implicit('resource'),
    );
    add(
      g,
      "the platform repository's project, main",
      assume(ci, subject(platform.circleci.projectId, MAIN)),
      implicit('resource'),
    );
    add(
      g,
      'another CircleCI organization (audience)',
      assume(ci, subject(own, MAIN), '00000000-0000-0000-0000-000000000000'),
      implicit('resource'),
    );
  }
  const g = `trust of ${env.name} pipeline roles`;
  const plan = roleArn(env.aws.accountId, pipeline.planRole);
  const deploy = roleArn(env.aws.accountId, pipeline.deployRole);
  const repo = platform.circleci.projectId;
  add(g, 'plan role from a feature branch', assume(plan, subject(repo, FEATURE)), allow('resource'));
  add(g, 'deploy role from main', assume(deploy, subject(repo, MAIN)), allow('resource'));
  add(g, 'deploy role from a feature branch', assume(deploy, subject(repo, FEATURE)), implicit('resource'));
  add(
    g,
    'deploy role from a branch named x/vcs-ref/refs/heads/main',
    assume(deploy, subject(repo, FORGED)),
    implicit('resource'),
  );
  const teamProject = allTeams.flatMap((t) => t.aws.ciRole.circleciProjectIds)[0];
  add(g, "plan role from a team's project", assume(plan, subject(teamProject, MAIN)), implicit('resource'));
}

// ------------------------------------------------------------------------------------------- Terraform state
/** Plan and deploy roles of one pipeline scope, on its own state and on everybody else's. */
function stateCases(
  scope: string,
  account: string,
  ownStacks: readonly string[],
  others: readonly string[],
  crossAccount: boolean,
) {
  const plan = roleArn(account, pipeline.planRole);
  const deploy = roleArn(account, pipeline.deployRole);
  const g = `state: ${scope} pipeline roles`;
  const both: PolicyKind[] = crossAccount ? ['identity', 'resource'] : ['identity'];
  // The pipeline names the management account's deploy `management` (docs/review.md, the deployed-revision record).
  const record = `${kp}/deployed/${scope === stackNames.organization ? 'management' : scope}.json`;
  for (const stack of ownStacks) {
    const key = keyOf(stack);
    add(
      g,
      `plan reads ${stack}`,
      { principal: plan, action: 's3:GetObject', resource: stateObject(key) },
      allow(...both),
    );
    add(
      g,
      `plan cannot write ${stack}`,
      { principal: plan, action: 's3:PutObject', resource: stateObject(key) },
      implicit('identity'),
    );
    add(
      g,
      `plan takes the lock of ${stack}`,
      { principal: plan, action: 's3:PutObject', resource: stateObject(`${key}.tflock`) },
      allow(...both),
    );
    add(
      g,
      `plan reads the lock of ${stack}`,
      { principal: plan, action: 's3:GetObject', resource: stateObject(`${key}.tflock`) },
      allow(...both),
    );
    add(
      g,
      `plan releases the lock of ${stack}`,
      { principal: plan, action: 's3:DeleteObject', resource: stateObject(`${key}.tflock`) },
      allow(...both),
    );
    add(
      g,
      `deploy writes ${stack}`,
      { principal: deploy, action: 's3:PutObject', resource: stateObject(key) },
      allow(...both),
    );
    add(
      g,
      `deploy reads ${stack}`,
      { principal: deploy, action: 's3:GetObject', resource: stateObject(key) },
      allow(...both),
    );
    add(
      g,
      `deploy releases the lock of ${stack}`,
      { principal: deploy, action: 's3:DeleteObject', resource: stateObject(`${key}.tflock`) },
      allow(...both),
    );
    // State objects are overwritten, never deleted (the bucket is versioned): the bucket policy does not allow it.
    add(
      g,
      `deploy cannot delete ${stack}`,
      { principal: deploy, action: 's3:DeleteObject', resource: stateObject(key) },
      crossAccount ? implicit('resource') : implicit('identity'),
    );
  }
  add(
    g,
    'plan reads the deployed-revision record',
    { principal: plan, action: 's3:GetObject', resource: stateObject(record) },
    allow(...both),
  );
  add(
    g,
    'plan cannot write the deployed-revision record',
    { principal: plan, action: 's3:PutObject', resource: stateObject(record) },
    implicit('identity'),
  );
  add(
    g,
    'deploy writes the deployed-revision record',
    { principal: deploy, action: 's3:PutObject', resource: stateObject(record) },
    allow(...both),
  );
  add(
    g,
    'plan lists its own keys',
    { principal: plan, action: 's3:ListBucket', resource: stateBucket, context: { 's3:prefix': keyOf(ownStacks[0]) } },
    allow(...both),
  );
  for (const stack of others) {
    const key = keyOf(stack);
    add(
      g,
      `plan cannot read ${stack}`,
      { principal: plan, action: 's3:GetObject', resource: stateObject(key) },
      explicit('identity', 'StateOnlyOwnKeys'),
    );
    add(
      g,
      `plan cannot take the lock of ${stack}`,
      { principal: plan, action: 's3:PutObject', resource: stateObject(`${key}.tflock`) },
      explicit('identity', 'StateOnlyOwnKeys'),
    );
    add(
      g,
      `deploy cannot write ${stack}`,
      { principal: deploy, action: 's3:PutObject', resource: stateObject(key) },
      explicit('identity', 'StateOnlyOwnKeys'),
    );
    add(
      g,
      `deploy cannot delete the lock of ${stack}`,
      { principal: deploy, action: 's3:DeleteObject', resource: stateObject(`${key}.tflock`) },
      explicit('identity', 'StateOnlyOwnKeys'),
    );
  }
  // The plan role may list the bucket for refresh (HeadBucket); the bucket policy only lets it list its own keys.
  const foreignPrefix = keyOf(others[0]);
  add(
    g,
    `plan cannot list ${others[0]}'s keys`,
    { principal: plan, action: 's3:ListBucket', resource: stateBucket, context: { 's3:prefix': foreignPrefix } },
    crossAccount ? implicit('resource') : implicit('identity'),
  );
}

const bootstrapStack = 'bootstrap-state';
for (const env of envs) {
  const team = teamsIn(env)[0];
  const own = [
    stackNames.platformAws(env.name),
    stackNames.teamAws(env.name, team.name),
    stackNames.teamSnowflake(env.name, team.name),
  ];
  const there = otherEnv(env);
  const others = [
    stackNames.platformAws(there.name),
    stackNames.teamAws(there.name, teamsIn(there)[0].name),
    stackNames.organization,
    bootstrapStack,
  ];
  stateCases(env.name, env.aws.accountId, own, others, true);
}
stateCases(
  stackNames.organization,
  platform.aws.managementAccountId,
  [stackNames.organization],
  [
    stackNames.platformAws(envs[0].name),
    stackNames.teamSnowflake(envs[0].name, teamsIn(envs[0])[0].name),
    bootstrapStack,
  ],
  false,
);

/** A copy of the model with one role or one resource policy changed (what-if rows). */
function variant(
  change: (roles: Map<string, RoleModel>, model: AwsAccessModel) => Partial<AwsAccessModel>,
): AwsAccessModel {
  const roles = new Map(org.model.roles);
  return { ...org.model, roles, ...change(roles, org.model) };
}
{
  const env = envs[0];
  const plan = roleArn(env.aws.accountId, pipeline.planRole);
  const key = stateObject(keyOf(stackNames.platformAws(env.name)));
  const g = 'state: cross-account needs both sides';
  const tlsOnly = variant((_, model) => {
    const policies = new Map(model.resourcePolicies);
    const current = policies.get(stateBucket)!;
    const document = { ...current.policy.document, Statement: [(current.policy.document.Statement as unknown[])[0]] };
    policies.set(stateBucket, { ...current, policy: { ...current.policy, document } });
    return { resourcePolicies: policies };
  });
  add(
    g,
    `${env.name} plan role, bucket policy with only the TLS Deny (before bootstrap wrote the grants)`,
    { principal: plan, action: 's3:GetObject', resource: key },
    implicit('resource'),
    tlsOnly,
  );
  const noIdentity = variant((roles) => {
    const role = roles.get(plan)!;
    roles.set(plan, { ...role, identityPolicies: role.identityPolicies.filter((p) => p.name !== 'terraform-state') });
    return {};
  });
  add(
    g,
    `${env.name} plan role without its own terraform-state policy (the bucket alone allows it)`,
    { principal: plan, action: 's3:GetObject', resource: key },
    implicit('identity'),
    noIdentity,
  );
}

// ------------------------------------------------------------------------------------------- plan roles on data
for (const env of envs) {
  const plan = roleArn(env.aws.accountId, pipeline.planRole);
  const g = `${env.name} plan role on team resources`;
  for (const team of teamsIn(env).filter((t) => t.aws.repositories.length || t.aws.dataBucket)) {
    const names = teamAwsNames(platform.namePrefix, env.name, team.name);
    if (team.aws.dataBucket) {
      const bucket = `arn:aws:s3:::${names.dataBucket}`;
      add(
        g,
        `cannot read ${team.name}'s data`,
        { principal: plan, action: 's3:GetObject', resource: `${bucket}/patients/2024.parquet` },
        explicit('identity', 'StateOnlyOwnKeys'),
      );
      add(
        g,
        `cannot read an old version of ${team.name}'s data`,
        { principal: plan, action: 's3:GetObjectVersion', resource: `${bucket}/patients/2024.parquet` },
        explicit('identity', 'StateOnlyOwnKeys'),
      );
      add(
        g,
        `cannot write ${team.name}'s data`,
        { principal: plan, action: 's3:PutObject', resource: `${bucket}/x` },
        explicit('identity', 'StateOnlyOwnKeys'),
      );
      add(
        g,
        `refreshes ${team.name}'s bucket policy`,
        { principal: plan, action: 's3:GetBucketPolicy', resource: bucket },
        allow('identity'),
      );
      add(
        g,
        `refreshes ${team.name}'s bucket versioning`,
        { principal: plan, action: 's3:GetBucketVersioning', resource: bucket },
        allow('identity'),
      );
      add(
        g,
        `cannot change ${team.name}'s bucket`,
        { principal: plan, action: 's3:PutBucketPolicy', resource: bucket },
        implicit('identity'),
      );
    }
    if (team.aws.repositories.length) {
      const repo = repoArn(env, team.aws.repositories[0].repositoryName);
      add(
        g,
        `cannot pull ${team.name}'s images (manifest)`,
        { principal: plan, action: 'ecr:BatchGetImage', resource: repo },
        implicit('identity'),
      );
      add(
        g,
        `cannot pull ${team.name}'s images (layers)`,
        { principal: plan, action: 'ecr:GetDownloadUrlForLayer', resource: repo },
        implicit('identity'),
      );
      add(
        g,
        `refreshes ${team.name}'s repository`,
        { principal: plan, action: 'ecr:DescribeRepositories', resource: repo },
        allow('identity'),
      );
      add(
        g,
        `refreshes ${team.name}'s lifecycle policy`,
        { principal: plan, action: 'ecr:GetLifecyclePolicy', resource: repo },
        allow('identity'),
      );
    }
    if (withCiRole(team)) {
      const ci = roleArn(env.aws.accountId, names.ciRole);
      add(
        g,
        `refreshes ${team.name}'s CI role`,
        { principal: plan, action: 'iam:GetRole', resource: ci },
        allow('identity'),
      );
      add(
        g,
        `cannot change ${team.name}'s CI role`,
        { principal: plan, action: 'iam:PutRolePolicy', resource: ci },
        implicit('identity'),
      );
    }
  }
  const a = env.aws.accountId;
  const r = env.aws.region;
  add(
    g,
    'cannot read a DynamoDB item',
    { principal: plan, action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:${r}:${a}:table/t` },
    implicit('identity'),
  );
  add(
    g,
    'cannot read an SSM parameter',
    { principal: plan, action: 'ssm:GetParameter', resource: `arn:aws:ssm:${r}:${a}:parameter/db-password` },
    implicit('identity'),
  );
  add(
    g,
    'cannot read a secret',
    {
      principal: plan,
      action: 'secretsmanager:GetSecretValue',
      resource: `arn:aws:secretsmanager:${r}:${a}:secret:db-AbCdEf`,
    },
    implicit('identity'),
  );
}

// ------------------------------------------------------------------------------------------- SCP chain
for (const env of envs) {
  // The deploy role holds AdministratorAccess: whatever it is refused here, an SCP refused.
  const deploy = roleArn(env.aws.accountId, pipeline.deployRole);
  const a = env.aws.accountId;
  const g = `${env.name} account: service control policies`;
  add(
    g,
    'cannot leave the organization',
    { principal: deploy, action: 'organizations:LeaveOrganization', resource: '*' },
    explicit('scp', 'DenyLeaveOrganization'),
  );
  add(
    g,
    'cannot stop CloudTrail',
    {
      principal: deploy,
      action: 'cloudtrail:StopLogging',
      resource: `arn:aws:cloudtrail:${env.aws.region}:${a}:trail/org`,
    },
    explicit('scp', 'ProtectCloudTrail'),
  );
  add(
    g,
    'cannot delete a trail',
    {
      principal: deploy,
      action: 'cloudtrail:DeleteTrail',
      resource: `arn:aws:cloudtrail:${env.aws.region}:${a}:trail/org`,
    },
    explicit('scp', 'ProtectCloudTrail'),
  );
  add(
    g,
    'cannot disable EBS default encryption',
    { principal: deploy, action: 'ec2:DisableEbsEncryptionByDefault', resource: '*' },
    explicit('scp', 'DenyDisableEbsDefaultEncryption'),
  );
  for (const region of platform.aws.allowedRegions)
    add(
      g,
      `works in allowed region ${region}`,
      { principal: deploy, action: 'ec2:DescribeInstances', resource: '*', region },
      allow('identity', 'scp'),
    );
  add(
    g,
    'refused in us-east-1 (not allowed)',
    { principal: deploy, action: 'ec2:DescribeInstances', resource: '*', region: 'us-east-1' },
    explicit('scp', 'DenyOutsideAllowedRegions'),
  );
  add(
    g,
    'IAM from us-east-1 (global service, exempt)',
    { principal: deploy, action: 'iam:CreateRole', resource: roleArn(a, 'x'), region: 'us-east-1' },
    allow('identity', 'scp'),
  );
  add(
    g,
    'STS from ap-southeast-2 (global service, exempt)',
    { principal: deploy, action: 'sts:DecodeAuthorizationMessage', resource: '*', region: 'ap-southeast-2' },
    allow('identity', 'scp'),
  );
  add(
    g,
    'Organizations reads from us-east-1 (global service, exempt)',
    { principal: deploy, action: 'organizations:DescribeOrganization', resource: '*', region: 'us-east-1' },
    allow('identity', 'scp'),
  );
  add(
    g,
    'the root user can do nothing',
    { principal: `arn:aws:iam::${a}:root`, action: 's3:ListAllMyBuckets', resource: '*', region: env.aws.region },
    explicit('scp', 'DenyRootUser'),
  );
}
{
  const account = platform.aws.managementAccountId;
  const deploy = roleArn(account, pipeline.deployRole);
  const g = 'management account: no SCPs, its own Deny';
  add(
    g,
    'deploy role cannot leave the organization (its own policy, not an SCP)',
    { principal: deploy, action: 'organizations:LeaveOrganization', resource: '*' },
    explicit('identity', 'OrganizationsNothingIrreversible'),
  );
  add(
    g,
    'deploy role reads Organizations from us-east-1',
    { principal: deploy, action: 'organizations:DescribeOrganization', resource: '*', region: 'us-east-1' },
    allow('identity', 'permissionsBoundary'),
  );
}

// ------------------------------------------------------------------------------------------- boundaries (management)
{
  const account = platform.aws.managementAccountId;
  const deploy = roleArn(account, pipeline.deployRole);
  const plan = roleArn(account, pipeline.planRole);
  const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
  const orgRead = 'arn:aws:iam::aws:policy/AWSOrganizationsReadOnlyAccess';
  const boundary = (role: string) => `arn:aws:iam::${account}:policy/${role}-boundary`;
  const g = 'management pipeline roles: permissions boundaries';
  const attach = (principal: string, role: string, policy: string): AccessRequest => ({
    principal,
    action: 'iam:AttachRolePolicy',
    resource: role,
    context: { 'iam:PolicyARN': policy },
  });
  add(
    g,
    'deploy role cannot attach AdministratorAccess to itself',
    attach(deploy, deploy, admin),
    explicit('permissionsBoundary', 'AttachOnlyNamedPolicies'),
  );
  add(
    g,
    'deploy role cannot attach AdministratorAccess to the plan role',
    attach(deploy, plan, admin),
    explicit('permissionsBoundary', 'AttachOnlyNamedPolicies'),
  );
  add(
    g,
    'deploy role attaches AWSOrganizationsReadOnlyAccess to the plan role',
    attach(deploy, plan, orgRead),
    allow('identity', 'permissionsBoundary'),
  );
  add(
    g,
    'deploy role cannot drop its own boundary',
    { principal: deploy, action: 'iam:DeleteRolePermissionsBoundary', resource: deploy },
    explicit('permissionsBoundary', 'KeepPermissionsBoundaries'),
  );
  add(
    g,
    'deploy role cannot replace its own boundary',
    {
      principal: deploy,
      action: 'iam:PutRolePermissionsBoundary',
      resource: deploy,
      context: { 'iam:PermissionsBoundary': admin },
    },
    explicit('permissionsBoundary', 'KeepPermissionsBoundaries'),
  );
  add(
    g,
    'deploy role cannot edit its boundary policy',
    { principal: deploy, action: 'iam:CreatePolicyVersion', resource: boundary(pipeline.deployRole) },
    explicit('permissionsBoundary', 'KeepBoundaryPolicies'),
  );
  add(
    g,
    "deploy role cannot edit the plan role's boundary",
    { principal: deploy, action: 'iam:SetDefaultPolicyVersion', resource: boundary(pipeline.planRole) },
    explicit('permissionsBoundary', 'KeepBoundaryPolicies'),
  );
  add(
    g,
    'deploy role may rewrite its inline policies (it deploys them)',
    { principal: deploy, action: 'iam:PutRolePolicy', resource: deploy },
    allow('identity', 'permissionsBoundary'),
  );
  add(
    g,
    'plan role cannot change IAM',
    { principal: plan, action: 'iam:PutRolePolicy', resource: plan },
    implicit('identity'),
  );
  // What-if: the role has written itself an inline "*" on "*" policy. The boundary still caps it.
  const escalated = variant((roles) => {
    for (const arn of [deploy, plan]) {
      const role = roles.get(arn)!;
      const star = {
        name: 'written-by-itself',
        document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
      };
      roles.set(arn, { ...role, identityPolicies: [...role.identityPolicies, star] });
    }
    return {};
  });
  add(
    g,
    'deploy role with a self-written "*" policy still cannot create users',
    { principal: deploy, action: 'iam:CreateUser', resource: `arn:aws:iam::${account}:user/x` },
    implicit('permissionsBoundary'),
    escalated,
  );
  add(
    g,
    'deploy role with a self-written "*" policy still cannot read an environment\'s state',
    { principal: deploy, action: 's3:GetObject', resource: stateObject(keyOf(stackNames.platformAws(envs[0].name))) },
    explicit('identity', 'StateOnlyOwnKeys'),
    escalated,
  );
  add(
    g,
    'plan role with a "*" policy written by the deploy role still cannot create accounts',
    { principal: plan, action: 'organizations:CreateAccount', resource: '*' },
    implicit('permissionsBoundary'),
    escalated,
  );
}
