/**
 * Real offline `npm run plan` (tools/plan.ts) of every AWS stack of dev and the organization stack, with the
 * placeholder credentials of offline mode, then assertions on the plan JSON it wrote: resource counts by type and
 * the guardrails (bucket settings, CI role trust and permissions, SCP content). One broken stack rides along to
 * show a failed plan makes the command exit non-zero without hiding the others' plans.
 *
 * The command runs once per jest run (test/terraform/shared.ts): test/review/real-plans.test.ts reviews the same
 * plans instead of planning these stacks again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PolicyDocument } from '../../constructs/aws/policy-document';
import { serviceControlPolicyStatements } from '../../constructs/aws/scp-statements';
import {
  awsNames,
  CIRCLECI_ORG,
  DEPLOY_ROLE,
  ENV,
  ENVIRONMENTS,
  MANAGEMENT_ACCOUNT,
  OIDC_HOST,
  PLAN_ROLE,
  TEAM,
  TEAMS,
} from '../fixtures/example-org';
import type { PlanIndexEntry } from '../../tools/terraform';
import { exampleConfig } from './helpers';
import { BROKEN_STACK, SHARED_PLAN_PATTERNS, sharedPlans, type SharedPlans } from './shared';

type Json = Record<string, any>;
interface ResourceChange {
  address: string;
  type: string;
  change: { actions: string[]; after: Json };
}

const config = exampleConfig();
const { platform } = config;
const devAwsStacks = ['dev-platform-aws', ...TEAMS.map((t) => `dev-${t}-aws`)];
const oidc = {
  host: OIDC_HOST,
  issuerUrl: `https://${OIDC_HOST}`,
  providerArn: (account: string) => `arn:aws:iam::${account}:oidc-provider/${OIDC_HOST}`,
};
const names = { planRole: PLAN_ROLE, deployRole: DEPLOY_ROLE };

let run: SharedPlans;

beforeAll(async () => {
  run = await sharedPlans();

  console.log(
    `npm run plan -- ${SHARED_PLAN_PATTERNS.join(' ')}: ${(run.durationMs / 1000).toFixed(1)}s (${run.index.map((r) => `${r.stack} ${(r.durationMs / 1000).toFixed(1)}s`).join(', ')})`,
  );
}, 900_000);

function planOf(stack: string): { changes: ResourceChange[]; json: Json } {
  const json = JSON.parse(fs.readFileSync(path.join(run.plansDir, `${stack}.json`), 'utf8')) as Json;
  return { changes: json.resource_changes ?? [], json };
}
const ofType = (changes: ResourceChange[], type: string) =>
  changes.filter((c) => c.type === type).map((c) => c.change.after);
const countByType = (changes: ResourceChange[]) =>
  changes.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c.type]: (acc[c.type] ?? 0) + 1 }), {});
const policy = (text: string) => JSON.parse(text) as PolicyDocument;

describe('npm run plan (real terraform, offline)', () => {
  it('plans every AWS stack of dev and the organization, skips Snowflake, and exits 1 because one stack is broken', () => {
    const status = Object.fromEntries(run.index.map((r) => [r.stack, r.status]));
    expect(status).toEqual({
      ...Object.fromEntries([...devAwsStacks, 'organization'].map((s) => [s, 'planned'])),
      'dev-platform-snowflake': 'skipped',
      [BROKEN_STACK]: 'failed',
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toMatch(new RegExp(`FAILED ${BROKEN_STACK}`));
  });

  it('writes the plan JSON and the human plan text for each planned stack, and only an error file for the failed one', () => {
    for (const stack of [...devAwsStacks, 'organization']) {
      expect(planOf(stack).json.format_version).toBeDefined();
      expect(fs.readFileSync(path.join(run.plansDir, `${stack}.txt`), 'utf8')).toMatch(/Plan: \d+ to add|No changes/);
    }
    expect(fs.existsSync(path.join(run.plansDir, `${BROKEN_STACK}.json`))).toBe(false);
    expect(fs.readFileSync(path.join(run.plansDir, `${BROKEN_STACK}.error.txt`), 'utf8')).toMatch(
      /terraform init[\s\S]*Unsupported Terraform Core version/,
    );
  });

  it('writes the binary plan and lock file beside the JSON, and an index entry for every stack, the failed one too', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(run.outdir, 'manifest.json'), 'utf8')) as {
      stacks: Record<string, { dependencies?: string[] }>;
    };
    expect(run.index.map((e) => e.stack).sort()).toEqual(
      [...devAwsStacks, 'organization', 'dev-platform-snowflake', BROKEN_STACK].sort(),
    );
    const entries = JSON.parse(fs.readFileSync(path.join(run.plansDir, 'index.json'), 'utf8')) as PlanIndexEntry[];
    for (const e of entries) {
      expect({ stack: e.stack, dependencies: e.dependencies }).toEqual({
        stack: e.stack,
        dependencies: manifest.stacks[e.stack].dependencies ?? [],
      });
      if (e.status !== 'planned') {
        expect({ stack: e.stack, plan: e.plan }).toEqual({ stack: e.stack, plan: undefined });
        continue;
      }
      expect(e).toMatchObject({ plan: `${e.stack}.tfplan`, lock: `${e.stack}.lock.hcl`, json: `${e.stack}.json` });
      // Terraform's own verdict, checked against its plan text (the deploy skips stacks that have nothing to apply).
      const noChanges = fs.readFileSync(path.join(run.plansDir, e.text!), 'utf8').includes('No changes.');
      expect({ stack: e.stack, applyable: e.applyable }).toEqual({ stack: e.stack, applyable: !noChanges });
      // A real plan file: a zip archive holding the plan, Terraform's own format.
      expect(fs.readFileSync(path.join(run.plansDir, e.plan!)).subarray(0, 2).toString('latin1')).toBe('PK');
      expect(fs.readFileSync(path.join(run.plansDir, e.lock!), 'utf8')).toContain(
        'provider "registry.terraform.io/hashicorp/aws"',
      );
    }
    expect(entries.find((e) => e.stack === BROKEN_STACK)).toMatchObject({
      status: 'failed',
      error: `${BROKEN_STACK}.error.txt`,
      reason: expect.stringMatching(/^terraform init: Unsupported Terraform Core version/),
    });
    expect(fs.existsSync(path.join(run.plansDir, `${BROKEN_STACK}.tfplan`))).toBe(false);
  });

  it('creates only (empty offline state) and calls no data source', () => {
    for (const stack of [...devAwsStacks, 'organization']) {
      const { changes, json } = planOf(stack);
      expect(changes.every((c) => c.change.actions.join() === 'create')).toBe(true);
      expect(JSON.stringify(json.configuration)).not.toMatch(/"mode":"data"/);
    }
  });

  it('dev-platform-aws: the OIDC provider, registry scanning and the plan/deploy roles', () => {
    const { changes } = planOf('dev-platform-aws');
    expect(countByType(changes)).toEqual({
      aws_iam_openid_connect_provider: 1,
      aws_ecr_registry_scanning_configuration: 1,
      aws_iam_role: 2,
      // plan: terraform-state + terraform-refresh (no ReadOnlyAccess); deploy: terraform-state + AdministratorAccess
      aws_iam_role_policy: 3,
      aws_iam_role_policy_attachment: 1,
    });
    expect(ofType(changes, 'aws_iam_openid_connect_provider')[0]).toMatchObject({
      url: oidc.issuerUrl,
      client_id_list: [platform.circleci.organizationId],
    });
    expect(ofType(changes, 'aws_ecr_registry_scanning_configuration')[0]).toMatchObject({
      scan_type: 'BASIC',
      rule: [{ scan_frequency: 'SCAN_ON_PUSH' }],
    });
    const roles: Record<string, PolicyDocument['Statement'][number]> = Object.fromEntries(
      ofType(changes, 'aws_iam_role').map((r) => [r.name, policy(r.assume_role_policy).Statement[0]]),
    );
    const project = `org/${platform.circleci.organizationId}/project/${platform.circleci.projectId}/user/*`;
    expect(roles[names.planRole].Condition!.StringLike).toEqual({ [`${oidc.host}:sub`]: [project] });
    expect(roles[names.deployRole].Condition!.StringLike).toEqual({
      [`${oidc.host}:sub`]: [`${project}/vcs-origin/*/vcs-ref/refs/heads/main`],
    });
    for (const trust of Object.values(roles)) {
      expect(trust.Principal).toEqual({ Federated: ENV.dev.oidcProviderArn });
      expect(trust.Condition!.StringEquals).toEqual({ [`${oidc.host}:aud`]: CIRCLECI_ORG });
    }
  });

  it.each(TEAMS)('dev-%s-aws: repositories, bucket and CI role with the guardrails', (team) => {
    const { changes } = planOf(`dev-${team}-aws`);
    const names = awsNames('dev', team);
    const want = TEAM[team];
    const repos = want.repositories;
    const bucket = want.dataBucket;
    const role = want.circleciProjectIds.length > 0 && (repos.length > 0 || bucket !== undefined);
    const expected: Record<string, number> = {};
    if (repos.length)
      Object.assign(expected, { aws_ecr_repository: repos.length, aws_ecr_lifecycle_policy: repos.length });
    if (bucket) {
      for (const t of [
        'aws_s3_bucket',
        'aws_s3_bucket_versioning',
        'aws_s3_bucket_server_side_encryption_configuration',
        'aws_s3_bucket_public_access_block',
        'aws_s3_bucket_ownership_controls',
        'aws_s3_bucket_policy',
        'aws_s3_bucket_lifecycle_configuration',
      ])
        expected[t] = 1;
    }
    if (role) Object.assign(expected, { aws_iam_role: 1, aws_iam_role_policy: 1 });
    expect(countByType(changes)).toEqual(expected);

    for (const repo of ofType(changes, 'aws_ecr_repository')) {
      expect(repo).toMatchObject({
        image_tag_mutability: 'IMMUTABLE',
        image_scanning_configuration: [{ scan_on_push: true }],
        encryption_configuration: [{ encryption_type: 'AES256' }],
      });
      expect(repo.force_delete).not.toBe(true);
    }
    for (const lp of ofType(changes, 'aws_ecr_lifecycle_policy')) {
      const rules = JSON.parse(lp.policy).rules as Json[];
      expect(rules.map((r) => r.rulePriority)).toEqual([1, 2]);
      expect(rules[0].selection).toMatchObject({
        tagStatus: 'untagged',
        countNumber: platform.ecr.untaggedExpiryDays,
      });
    }

    if (bucket) {
      expect(ofType(changes, 'aws_s3_bucket')[0]).toMatchObject({ bucket: names.dataBucket, force_destroy: false });
      expect(ofType(changes, 'aws_s3_bucket_versioning')[0].versioning_configuration[0].status).toBe('Enabled');
      expect(ofType(changes, 'aws_s3_bucket_public_access_block')[0]).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(ofType(changes, 'aws_s3_bucket_ownership_controls')[0].rule).toEqual([
        { object_ownership: 'BucketOwnerEnforced' },
      ]);
      expect(
        ofType(changes, 'aws_s3_bucket_server_side_encryption_configuration')[0].rule[0]
          .apply_server_side_encryption_by_default[0].sse_algorithm,
      ).toBe('AES256');
      const tls = policy(ofType(changes, 'aws_s3_bucket_policy')[0].policy).Statement[0];
      expect(tls).toMatchObject({
        Effect: 'Deny',
        Principal: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
      expect(tls.Resource).toEqual([`arn:aws:s3:::${names.dataBucket}`, `arn:aws:s3:::${names.dataBucket}/*`]);
      expect(
        ofType(changes, 'aws_s3_bucket_lifecycle_configuration')[0].rule[0].noncurrent_version_expiration[0]
          .noncurrent_days,
      ).toBe(bucket.noncurrentVersionExpirationDays);
    }

    if (role) {
      const [ciRole] = ofType(changes, 'aws_iam_role');
      expect(ciRole.name).toBe(names.ciRole);
      const trust = policy(ciRole.assume_role_policy).Statement[0];
      // dev is not strict: any branch of the team's own projects.
      expect(trust.Condition!.StringLike).toEqual({
        [`${oidc.host}:sub`]: want.circleciProjectIds.map((p) => `org/${CIRCLECI_ORG}/project/${p}/user/*`),
      });
      const statements = policy(ofType(changes, 'aws_iam_role_policy')[0].policy).Statement;
      for (const s of statements) {
        expect(s.Effect).toBe('Allow');
        if (s.Resource!.includes('*')) expect(s.Action).toEqual(['ecr:GetAuthorizationToken']);
        for (const r of s.Resource!.filter((x) => x !== '*')) {
          expect(r.includes(`:repository/${team}/`) || r.startsWith(`arn:aws:s3:::${names.dataBucket}`)).toBe(true);
        }
      }
    }
  });

  it('organization: OUs, one account per environment in its OU, and the guardrail SCP on the Workloads OU', () => {
    const { changes, json } = planOf('organization');
    expect(countByType(changes.filter((c) => c.type.startsWith('aws_organizations_')))).toEqual({
      aws_organizations_organizational_unit: 4,
      aws_organizations_account: ENVIRONMENTS.length,
      aws_organizations_policy: 1,
      aws_organizations_policy_attachment: 1,
    });
    for (const env of ENVIRONMENTS) {
      const account = ofType(changes, 'aws_organizations_account').find((a) => a.name === ENV[env].accountName)!;
      expect(account).toMatchObject({
        email: `aws-data-platform+${env}@example.com`,
        close_on_deletion: false,
        iam_user_access_to_billing: platform.aws.iamUserAccessToBilling,
      });
    }
    // The OU ids are known only after apply: check which OU each account's parent_id refers to in the configuration.
    const config_ = json.configuration.root_module.resources as Json[];
    const ouAddress = (name: string) =>
      config_.find(
        (r) => r.type === 'aws_organizations_organizational_unit' && r.expressions.name.constant_value === name,
      )!.address;
    for (const env of ENVIRONMENTS) {
      const account = config_.find(
        (r) => r.type === 'aws_organizations_account' && r.expressions.name.constant_value === ENV[env].accountName,
      )!;
      expect(account.expressions.parent_id.references).toContain(ouAddress(env === 'prod' ? 'Prod' : 'NonProd'));
    }
    const attachment = config_.find((r) => r.type === 'aws_organizations_policy_attachment')!;
    expect(attachment.expressions.target_id.references).toContain(ouAddress('Workloads'));

    const [scp] = ofType(changes, 'aws_organizations_policy');
    expect(scp.type).toBe('SERVICE_CONTROL_POLICY');
    const statements = policy(scp.content).Statement;
    expect(statements).toEqual(
      serviceControlPolicyStatements({
        ...platform.aws.serviceControlPolicies,
        allowedRegions: platform.aws.allowedRegions,
      }),
    );
    expect(statements.map((s) => s.Sid)).toEqual(
      expect.arrayContaining([
        'DenyLeaveOrganization',
        'ProtectCloudTrail',
        'DenyOutsideAllowedRegions',
        'DenyRootUser',
      ]),
    );
    expect(statements.every((s) => s.Effect === 'Deny')).toBe(true);
  });

  it("organization: the pipeline's OIDC provider and plan/deploy roles in the management account, and nothing else", () => {
    const { changes } = planOf('organization');
    const management = MANAGEMENT_ACCOUNT;
    const pipeline = changes.filter((c) => !c.type.startsWith('aws_organizations_'));
    expect(
      pipeline.every((c) =>
        /^aws_iam_(openid_connect_provider|role|role_policy|role_policy_attachment|policy)$/.test(c.type),
      ),
    ).toBe(true);
    const names = { planRole: PLAN_ROLE, deployRole: DEPLOY_ROLE };
    // Each role's permissions boundary (a customer managed policy of this stack).
    expect(
      ofType(changes, 'aws_iam_policy')
        .map((p) => p.name)
        .sort(),
    ).toEqual([`${names.deployRole}-boundary`, `${names.planRole}-boundary`].sort());
    expect(ofType(changes, 'aws_iam_openid_connect_provider')).toEqual([
      expect.objectContaining({ url: oidc.issuerUrl, client_id_list: [CIRCLECI_ORG] }),
    ]);
    const roles: Record<string, PolicyDocument['Statement'][number]> = Object.fromEntries(
      ofType(changes, 'aws_iam_role').map((r) => [r.name, policy(r.assume_role_policy).Statement[0]]),
    );
    expect(Object.keys(roles).sort()).toEqual([names.deployRole, names.planRole].sort());
    const project = `org/${platform.circleci.organizationId}/project/${platform.circleci.projectId}/user/*`;
    expect(roles[names.planRole].Condition!.StringLike).toEqual({ [`${oidc.host}:sub`]: [project] });
    expect(roles[names.deployRole].Condition!.StringLike).toEqual({
      [`${oidc.host}:sub`]: [`${project}/vcs-origin/*/vcs-ref/refs/heads/main`],
    });
    for (const trust of Object.values(roles)) {
      expect(trust.Principal).toEqual({ Federated: oidc.providerArn(management) });
      expect(trust.Condition!.StringEquals).toEqual({ [`${oidc.host}:aud`]: CIRCLECI_ORG });
    }
    // SCPs never restrict the management account: no role there is an administrator.
    expect(ofType(changes, 'aws_iam_role_policy_attachment').map((a) => a.policy_arn)).not.toContainEqual(
      expect.stringMatching(/AdministratorAccess$/),
    );
  });
});
