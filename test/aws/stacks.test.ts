/**
 * The AWS stacks of the example org, synthesized: how config becomes accounts, SCPs, OIDC trust, repositories,
 * buckets and CI roles. Names and per-environment settings come from the example written out by hand
 * (test/fixtures/example-org.ts); settings passed through as they are (SCP toggles, the root id) from the config.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { type ConfigSources, type PlatformConfig, readConfigSources, validateConfig } from '../../config';
import { serviceControlPolicyStatements } from '../../constructs/aws/scp-statements';
import { addPipelineRoles } from '../../constructs/ci/pipeline-roles';
import { Guardrails } from '../../constructs/guardrails';
import { guardrailContexts, synthesizePlatform } from '../../stacks/synth';
import {
  awsNames,
  CIRCLECI_ORG,
  CIRCLECI_PROJECT,
  DEPLOY_ROLE,
  ENV,
  ENVIRONMENTS,
  MANAGEMENT_ACCOUNT,
  OIDC_HOST,
  PLAN_ROLE,
  STATE_BUCKET,
  STATE_KEY_PREFIX,
  TEAM,
  TEAMS,
} from '../fixtures/example-org';
import { adminStatements, parsePolicy, trustAllows } from './helpers';

type Json = Record<string, any>;
type Sources = { -readonly [K in keyof ConfigSources]: any };

const example = readConfigSources().sources;

function configOf(edit: (s: Sources) => void = () => {}): PlatformConfig {
  const sources = structuredClone(example) as Sources;
  edit(sources);
  const result = validateConfig(sources);
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return result.config;
}

function synthStacks(config: PlatformConfig): Map<string, Json> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-aws-'));
  try {
    synthesizePlatform({ config, options: { mode: 'live', awsAuth: 'assume-role' }, outdir });
    const stacks = new Map<string, Json>();
    for (const name of fs.readdirSync(path.join(outdir, 'stacks'))) {
      stacks.set(name, JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')));
    }
    return stacks;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const resourcesOf = (stack: Json, type: string): Json[] => Object.values(stack.resource?.[type] ?? {});
const idsOf = (stack: Json, type: string): string[] => Object.keys(stack.resource?.[type] ?? {});
const roleNamed = (stack: Json, name: string) => resourcesOf(stack, 'aws_iam_role').find((r) => r.name === name);
const trustSubjects = (role: Json, host: string): string[] =>
  parsePolicy(role.assume_role_policy).Statement[0].Condition!.StringLike![`${host}:sub`] as string[];

const config = configOf();
const stacks = synthStacks(config);
const { platform } = config;
const oidc = {
  host: OIDC_HOST,
  issuerUrl: `https://${OIDC_HOST}`,
  providerArn: (account: string) => `arn:aws:iam::${account}:oidc-provider/${OIDC_HOST}`,
};
const names = { planRole: PLAN_ROLE, deployRole: DEPLOY_ROLE };

describe('organization stack', () => {
  const org = stacks.get('organization')!;
  const ous = Object.entries(org.resource.aws_organizations_organizational_unit as Record<string, Json>);
  const ouRef = (name: string) =>
    `\${aws_organizations_organizational_unit.${ous.find(([, ou]) => ou.name === name)![0]}.id}`;

  it('creates one member account per environment in the Prod or NonProd OU, never closed, always protected', () => {
    const accounts = resourcesOf(org, 'aws_organizations_account');
    expect(accounts.map((a) => a.name).sort()).toEqual(ENVIRONMENTS.map((e) => ENV[e].accountName).sort());
    for (const env of ENVIRONMENTS) {
      const account = accounts.find((a) => a.name === ENV[env].accountName)!;
      expect(account).toMatchObject({
        email: `aws-data-platform+${env}@example.com`,
        parent_id: ouRef(env === 'prod' ? 'Prod' : 'NonProd'),
        role_name: platform.aws.memberAccountRoleName,
        iam_user_access_to_billing: platform.aws.iamUserAccessToBilling,
        close_on_deletion: false,
      });
      expect(account.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ['role_name'] });
    }
  });

  it('hangs the OUs under the configured organization root', () => {
    const top = ous
      .filter(([, ou]) => ou.parent_id === platform.aws.organizationRootId)
      .map(([, ou]) => ou.name)
      .sort();
    expect(top).toEqual(['Security', 'Workloads']);
  });

  it('attaches the guardrail SCP, generated from the config toggles and region allow-list, to the Workloads OU', () => {
    const [policy] = resourcesOf(org, 'aws_organizations_policy');
    expect(policy.type).toBe('SERVICE_CONTROL_POLICY');
    const expected = serviceControlPolicyStatements({
      ...platform.aws.serviceControlPolicies,
      allowedRegions: platform.aws.allowedRegions,
    });
    expect(parsePolicy(policy.content).Statement).toEqual(expected);
    const region = parsePolicy(policy.content).Statement.find((s) => s.Sid === 'DenyOutsideAllowedRegions')!;
    expect(region.Condition!.StringNotEquals!['aws:RequestedRegion']).toEqual(platform.aws.allowedRegions);
    const attachments = resourcesOf(org, 'aws_organizations_policy_attachment');
    expect(attachments.map((a) => a.target_id)).toEqual([ouRef('Workloads')]);
  });

  it('has no SCP when every guardrail toggle is off, and only the enabled ones otherwise', () => {
    const off = {
      denyLeaveOrganization: false,
      protectSecurityServices: false,
      requireEbsEncryption: false,
      restrictRegions: false,
      denyRootUser: false,
    };
    const none = synthStacks(configOf((s) => (s.platform.value.aws.serviceControlPolicies = off))).get('organization')!;
    expect(idsOf(none, 'aws_organizations_policy')).toEqual([]);
    const onlyRoot = synthStacks(
      configOf((s) => (s.platform.value.aws.serviceControlPolicies = { ...off, denyRootUser: true })),
    ).get('organization')!;
    expect(
      parsePolicy(resourcesOf(onlyRoot, 'aws_organizations_policy')[0].content).Statement.map((s) => s.Sid),
    ).toEqual(['DenyRootUser']);
  });

  it('rejects an organization root id that is not r-xxxx, naming the field', () => {
    const sources = structuredClone(example) as Sources;
    sources.platform.value.aws.organizationRootId = 'o-abcdef1234';
    const result = validateConfig(sources);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(JSON.stringify(result.issues)).toMatch(/organizationRootId[\s\S]*root id such as r-/);
  });
});

describe('organization stack: the pipeline in the management account', () => {
  const org = stacks.get('organization')!;
  const account = MANAGEMENT_ACCOUNT;
  const plan = roleNamed(org, names.planRole)!;
  const deploy = roleNamed(org, names.deployRole)!;
  const roleId = (role: Json) =>
    Object.entries(org.resource.aws_iam_role as Record<string, Json>).find(([, r]) => r === role)![0];
  const policiesOf = (role: Json) =>
    resourcesOf(org, 'aws_iam_role_policy').filter((p) => p.role === `\${aws_iam_role.${roleId(role)}.name}`);
  const statementsOf = (role: Json) => policiesOf(role).flatMap((p) => parsePolicy(p.policy).Statement);
  const sub = (project: string, ref: string) =>
    `org/${CIRCLECI_ORG}/project/${project}/user/42/vcs-origin/github.com/acme/infra/vcs-ref/${ref}`;
  const can = (role: Json, subject: string) =>
    trustAllows(role.assume_role_policy, oidc.host, { aud: CIRCLECI_ORG, sub: subject });
  const stateBucket = `arn:aws:s3:::${STATE_BUCKET}`;
  const ownState = `${stateBucket}/${STATE_KEY_PREFIX}/organization.tfstate`;

  it('registers the CircleCI organization as OIDC provider of the management account, and both roles trust it', () => {
    const providers = resourcesOf(org, 'aws_iam_openid_connect_provider');
    expect(providers).toEqual([expect.objectContaining({ url: oidc.issuerUrl, client_id_list: [CIRCLECI_ORG] })]);
    for (const role of [plan, deploy]) {
      expect(parsePolicy(role.assume_role_policy).Statement.map((s) => s.Principal)).toEqual([
        { Federated: oidc.providerArn(account) },
      ]);
    }
  });

  it('plan role: any branch of this repository; deploy role: main only (no forged ref); no other project', () => {
    const project = CIRCLECI_PROJECT;
    expect(can(plan, sub(project, 'refs/heads/feature/x'))).toBe(true);
    expect(can(deploy, sub(project, 'refs/heads/main'))).toBe(true);
    expect(can(deploy, sub(project, 'refs/heads/feature/x'))).toBe(false);
    expect(can(deploy, sub(project, 'refs/heads/evil/vcs-ref/refs/heads/main'))).toBe(false);
    const teamProject = TEAM.telehealth.circleciProjectIds[0];
    for (const role of [plan, deploy]) expect(can(role, sub(teamProject, 'refs/heads/main'))).toBe(false);
    expect(trustSubjects(deploy, oidc.host)).toEqual([
      `org/${CIRCLECI_ORG}/project/${project}/user/*/vcs-origin/*/vcs-ref/refs/heads/main`,
    ]);
  });

  it('grants no "*" on "*", no AdministratorAccess and no ReadOnlyAccess (which would read every stack\'s state here)', () => {
    for (const p of resourcesOf(org, 'aws_iam_role_policy')) expect(adminStatements(parsePolicy(p.policy))).toEqual([]);
    const attached = resourcesOf(org, 'aws_iam_role_policy_attachment').map((a) => [a.role, a.policy_arn]);
    expect(attached).toEqual([
      [`\${aws_iam_role.${roleId(plan)}.name}`, 'arn:aws:iam::aws:policy/AWSOrganizationsReadOnlyAccess'],
    ]);
  });

  it("plan role: reads the stack's own IAM resources and state; writes only its state lock file", () => {
    const statements = statementsOf(plan);
    const allowed = statements.filter((s) => s.Effect === 'Allow');
    const writing = allowed.filter((s) => (s.Action ?? []).some((a) => !/^(iam|s3):(Get|List)/.test(a)));
    expect(writing.flatMap((s) => s.Action).sort()).toEqual(['s3:DeleteObject', 's3:PutObject']);
    for (const r of writing.flatMap((s) => s.Resource ?? []))
      expect(r.startsWith(ownState) && r.endsWith('.tflock')).toBe(true);
    // Everything it is not allowed to touch in the state bucket is denied explicitly (evaluated in test/access).
    expect(statements.filter((s) => s.Effect === 'Deny').map((s) => s.Sid)).toEqual(['StateOnlyOwnKeys']);
  });

  it('deploy role: Organizations minus irreversible actions, IAM on exactly its own roles and provider, its own state', () => {
    const statements = statementsOf(deploy);
    const allowed = statements.filter((s) => s.Effect === 'Allow');
    const denied = statements.filter((s) => s.Effect === 'Deny').flatMap((s) => s.Action ?? []);
    expect(denied).toEqual(
      expect.arrayContaining(['organizations:DeleteOrganization', 'organizations:LeaveOrganization']),
    );
    const boundaries = resourcesOf(org, 'aws_iam_policy').map((p) => p.name);
    // Every IAM permission except creating Organizations' own service-linked role is on the stack's own resources.
    const iamResources = allowed
      .filter((s) => (s.Action ?? []).some((a) => a.startsWith('iam:') && a !== 'iam:CreateServiceLinkedRole'))
      .flatMap((s) => s.Resource);
    expect([...new Set(iamResources)].sort()).toEqual(
      [
        ...[names.planRole, names.deployRole].map((r) => `arn:aws:iam::${account}:role/${r}`),
        oidc.providerArn(account),
        ...boundaries.map((b) => `arn:aws:iam::${account}:policy/${b}`),
      ].sort(),
    );
    const s3Resources = allowed
      .filter((s) => (s.Action ?? []).some((a) => a.startsWith('s3:')))
      .flatMap((s) => s.Resource ?? []);
    const ownRecord = `${stateBucket}/${STATE_KEY_PREFIX}/deployed/management.json`;
    for (const r of s3Resources) expect(r === stateBucket || r.startsWith(ownState) || r === ownRecord).toBe(true);
    expect(allowed.flatMap((s) => s.Action).filter((a) => a!.endsWith('*'))).toEqual(['organizations:*']);
    // Every resource type the stack holds can be deployed by the role (its services are covered).
    const services = new Set(allowed.flatMap((s) => s.Action ?? []).map((a) => a.split(':')[0]));
    const needed = Object.keys(org.resource).map((type) =>
      type.startsWith('aws_organizations_') ? 'organizations' : type.startsWith('aws_iam_') ? 'iam' : type,
    );
    for (const service of needed) expect(services).toContain(service);
  });

  it('guardrails treat the management account strictly: no admin role, only the plan role may be assumed from a branch', () => {
    const context = guardrailContexts(config).get('organization')!;
    expect(context).toMatchObject({ adminRoleNames: [], requireMainBranch: true, readOnlyRoleNames: [names.planRole] });
    // The same roles with AdministratorAccess on the deploy role: fine in an environment account, an error here.
    const errorsIn = (stackContext: typeof context) => {
      const app = Testing.app();
      const stack = new TerraformStack(app, 'organization');
      addPipelineRoles(stack, {
        issuerUrl: oidc.issuerUrl,
        providerHost: oidc.host,
        providerArn: oidc.providerArn(account),
        organizationId: CIRCLECI_ORG,
        projectIds: [CIRCLECI_PROJECT],
        plan: { roleName: names.planRole, description: 'plan' },
        deploy: {
          roleName: names.deployRole,
          description: 'deploy',
          managedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
        },
      });
      const guardrails = new Guardrails();
      guardrails.addStack(stack, stackContext);
      Testing.synth(stack);
      // The bare stack has no provider (so no default tags): only the IAM rules are of interest here.
      return guardrails
        .report()
        .errors.map((e) => e.ruleId)
        .filter((id) => id.startsWith('iam-'));
    };
    expect(errorsIn(context)).toEqual(['iam-no-admin-wildcard']);
    expect(errorsIn(guardrailContexts(config).get('dev-platform-aws')!)).toEqual([]);
  });
});

describe('platform AWS stacks', () => {
  const project = `org/${CIRCLECI_ORG}/project/${CIRCLECI_PROJECT}/user/*`;

  it.each(ENVIRONMENTS)(
    '%s: OIDC provider, registry scanning, plan role (any branch) and deploy role (main only)',
    (env) => {
      const stack = stacks.get(`${env}-platform-aws`)!;
      const providers = resourcesOf(stack, 'aws_iam_openid_connect_provider');
      expect(providers).toHaveLength(1);
      expect(providers[0]).toMatchObject({ url: oidc.issuerUrl, client_id_list: [CIRCLECI_ORG] });
      expect(resourcesOf(stack, 'aws_ecr_registry_scanning_configuration')[0].rule[0].scan_frequency).toBe(
        'SCAN_ON_PUSH',
      );

      const plan = roleNamed(stack, names.planRole)!;
      const deploy = roleNamed(stack, names.deployRole)!;
      for (const role of [plan, deploy]) {
        const trust = parsePolicy(role.assume_role_policy).Statement[0];
        expect(trust.Principal).toEqual({ Federated: ENV[env].oidcProviderArn });
        expect(trust.Condition!.StringEquals).toEqual({ [`${oidc.host}:aud`]: CIRCLECI_ORG });
      }
      expect(trustSubjects(plan, oidc.host)).toEqual([project]);
      expect(trustSubjects(deploy, oidc.host)).toEqual([`${project}/vcs-origin/*/vcs-ref/refs/heads/main`]);

      // The plan role has no AWS-managed policy (ReadOnlyAccess would read every team's data): only inline reads.
      const attached = resourcesOf(stack, 'aws_iam_role_policy_attachment').map((a) => a.policy_arn);
      expect(attached).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess']);
      const roleRef = (role: Json) =>
        `\${aws_iam_role.${Object.entries(stack.resource.aws_iam_role as Record<string, Json>).find(([, r]) => r === role)![0]}.name}`;
      const policies = (role: Json) =>
        resourcesOf(stack, 'aws_iam_role_policy')
          .filter((p) => p.role === roleRef(role))
          .map((p) => p.name)
          .sort();
      expect(policies(plan)).toEqual(['terraform-refresh', 'terraform-state']);
      expect(policies(deploy)).toEqual(['terraform-state']);
      const bucket = `arn:aws:s3:::${STATE_BUCKET}`;
      const statePolicy = resourcesOf(stack, 'aws_iam_role_policy').find(
        (p) => p.role === roleRef(plan) && p.name === 'terraform-state',
      )!;
      const stateResources = parsePolicy(statePolicy.policy).Statement.flatMap((s) => [
        ...(s.Resource ?? []),
        ...(s.NotResource ?? []),
      ]);
      // Only this environment's keys (what they reach is evaluated in test/access).
      for (const r of stateResources) expect(r === bucket || r.startsWith(`${bucket}/${STATE_KEY_PREFIX}/`)).toBe(true);
      expect(
        stateResources
          .filter((r) => r !== bucket)
          .every((r) => r.includes(`/${env}-`) || r.endsWith(`/deployed/${env}.json`)),
      ).toBe(true);
    },
  );

  it('gives AdministratorAccess to the deploy role only', () => {
    for (const env of ENVIRONMENTS) {
      const stack = stacks.get(`${env}-platform-aws`)!;
      const admin = Object.entries(stack.resource.aws_iam_role_policy_attachment as Record<string, Json>).filter(
        ([, a]) => a.policy_arn.endsWith('/AdministratorAccess'),
      );
      expect(admin).toHaveLength(1);
      const deployId = Object.entries(stack.resource.aws_iam_role as Record<string, Json>).find(
        ([, r]) => r.name === names.deployRole,
      )![0];
      expect(admin[0][1].role).toBe(`\${aws_iam_role.${deployId}.name}`);
    }
  });
});

describe('team AWS stacks', () => {
  const cases = ENVIRONMENTS.flatMap((env) => TEAMS.map((team) => [`${env}/${team}`, env, team] as const));

  it.each(cases)('%s: repositories, bucket and CI role as the team declared', (_n, env, team) => {
    const stack = stacks.get(`${env}-${team}-aws`)!;
    const want = TEAM[team];
    const n = awsNames(env, team);
    const preventDestroy = ENV[env].preventDestroy;

    const repos = resourcesOf(stack, 'aws_ecr_repository');
    expect(repos.map((r) => r.name).sort()).toEqual([...n.repositories].sort());
    for (const repo of repos)
      expect(repo).toMatchObject({ image_tag_mutability: 'IMMUTABLE', lifecycle: { prevent_destroy: preventDestroy } });
    const keep = resourcesOf(stack, 'aws_ecr_lifecycle_policy')
      .map((p) => JSON.parse(p.policy).rules[1].selection.countNumber)
      .sort();
    expect(keep).toEqual(want.repositories.map((r) => r.keepTaggedImages).sort());

    const buckets = resourcesOf(stack, 'aws_s3_bucket');
    expect(buckets.map((b) => b.bucket)).toEqual(n.dataBucket ? [n.dataBucket] : []);
    for (const b of buckets) expect(b.lifecycle).toEqual({ prevent_destroy: preventDestroy });

    const hasResources = want.repositories.length > 0 || want.dataBucket !== undefined;
    const role = roleNamed(stack, n.ciRole);
    if (want.circleciProjectIds.length === 0 || !hasResources) {
      expect(resourcesOf(stack, 'aws_iam_role')).toEqual([]);
      return;
    }
    expect(parsePolicy(role!.assume_role_policy).Statement[0].Principal).toEqual({
      Federated: ENV[env].oidcProviderArn,
    });
    const subjects = trustSubjects(role!, oidc.host);
    expect(subjects).toHaveLength(want.circleciProjectIds.length);
    for (const [i, project] of want.circleciProjectIds.entries()) {
      expect(subjects[i].startsWith(`org/${CIRCLECI_ORG}/project/${project}/user/*`)).toBe(true);
      // Environments that deploy from main only (prod) take pipelines of main only.
      expect(subjects[i].endsWith('/vcs-ref/refs/heads/main')).toBe(ENV[env].deployFromMainOnly);
    }
    const policy = parsePolicy(resourcesOf(stack, 'aws_iam_role_policy')[0].policy);
    expect(adminStatements(policy)).toEqual([]);
    const arns = policy.Statement.flatMap((s) => s.Resource ?? []).filter((r) => r !== '*');
    for (const arn of arns) {
      const ours = arn.includes(`:repository/${team}/`) || arn.startsWith(`arn:aws:s3:::${n.dataBucket}`);
      expect(ours).toBe(true);
    }
  });

  it('the example really covers both branches of the CI role rule (a team with project ids but nothing to access)', () => {
    const without = TEAMS.filter(
      (t) => TEAM[t].circleciProjectIds.length > 0 && TEAM[t].repositories.length === 0 && !TEAM[t].dataBucket,
    );
    const withRole = TEAMS.filter((t) => TEAM[t].circleciProjectIds.length > 0 && TEAM[t].repositories.length > 0);
    expect(without).toEqual(['product-analytics']);
    expect(withRole.length).toBeGreaterThan(0);
  });

  it('main-only deploys follow the environment setting, not its protection level', () => {
    // A standard-protection environment that deploys from main only, and a strict one that does not.
    const swapped = configOf((s) => {
      s.environments.value.staging.ci = { deployFromMainOnly: true };
      s.environments.value.prod.ci = { deployFromMainOnly: false };
    });
    const out = synthStacks(swapped);
    const subjects = (env: string) =>
      trustSubjects(roleNamed(out.get(`${env}-telehealth-aws`)!, awsNames('dev', 'telehealth').ciRole)!, oidc.host);
    expect(subjects('staging').every((s) => s.endsWith('/vcs-ref/refs/heads/main'))).toBe(true);
    expect(subjects('prod').some((s) => s.endsWith('/vcs-ref/refs/heads/main'))).toBe(false);
    expect(guardrailContexts(swapped).get('staging-telehealth-aws')).toMatchObject({ requireMainBranch: true });
    expect(guardrailContexts(swapped).get('prod-telehealth-aws')).toMatchObject({ requireMainBranch: false });
  });
});
