/** iam-known-actions and aws-plan-read-coverage: typos in actions and condition keys, types the plan role cannot read. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import type { TerraformStack } from 'cdktf';
import { awsPlanReadCoverage, iamKnownActions } from '../../constructs/guardrails';
import { readConfigSources, validateConfig } from '../../config';
import { GUARDRAIL_RULES, evaluate } from '../../constructs/guardrails';
import { synthesizeShard } from '../../stacks/synth-shard';
import { findings, messages } from './helpers';

const doc = (statement: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const rolePolicy = (statement: Record<string, unknown>) => (stack: TerraformStack) => {
  const role = new IamRole(stack, 'role', {
    name: 'r',
    assumeRolePolicy: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
  });
  new IamRolePolicy(stack, 'policy', { role: role.name, policy: doc(statement) });
};

describe('iam-known-actions', () => {
  it('passes real actions, service wildcards, NotAction lists and keys (global, service, tag, OIDC)', () => {
    expect(
      findings(
        iamKnownActions,
        rolePolicy({
          Sid: 'Ok',
          Effect: 'Allow',
          Action: ['s3:GetObject', 'ecr:Describe*', 'iam:*'],
          Resource: '*',
          Condition: {
            Bool: { 'aws:SecureTransport': 'true' },
            StringLike: { 's3:prefix': 'a/*', 'aws:PrincipalTag/team': 'x' },
            ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
          },
        }),
      ),
    ).toEqual([]);
  });

  it("fails a typo'd action, with a did-you-mean", () => {
    const found = messages(
      findings(iamKnownActions, rolePolicy({ Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObjekt'], Resource: '*' })),
    );
    expect(found).toEqual([
      'policy (policy), statement "Read": Action entry "s3:GetObjekt" is not an action of "s3" (did you mean "s3:GetObject"?)',
    ]);
  });

  it("fails a typo'd condition key (an Allow that never matches, a Deny that never denies)", () => {
    const found = messages(
      findings(
        iamKnownActions,
        rolePolicy({
          Effect: 'Deny',
          Action: 's3:*',
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransprt': 'false' } },
        }),
      ),
    );
    expect(found).toEqual([
      'policy (policy), statement #1: condition key "aws:SecureTransprt" (Bool) is not in the IAM database',
    ]);
  });

  it('fails a NotAction entry that is not an action, and a pattern that matches none', () => {
    const stack = (s: TerraformStack) =>
      new OrganizationsPolicy(s, 'scp', {
        name: 'g',
        content: doc({
          Sid: 'Regions',
          Effect: 'Deny',
          NotAction: ['iam:*', 'stss:*', 'route53:Gxt*'],
          Resource: '*',
        }),
      });
    expect(messages(findings(iamKnownActions, stack))).toEqual([
      'service control policy (content), statement "Regions": NotAction entry "stss:*" names service "stss", which is not in the IAM database',
      'service control policy (content), statement "Regions": NotAction pattern "route53:Gxt*" matches no action of "route53"',
    ]);
  });

  it('checks trust and bucket policies too, and an OIDC key must name the provider the statement trusts', () => {
    const stack = (s: TerraformStack) => {
      new IamRole(s, 'ci', {
        name: 'ci',
        assumeRolePolicy: doc({
          Effect: 'Allow',
          Principal: { Federated: 'arn:aws:iam::111111111111:oidc-provider/oidc.circleci.com/org/abc' },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'oidc.circleci.com/org/abd:aud': 'abc' },
            StringLike: { 'oidc.circleci.com/org/abc:subject': 'org/abc/*' },
          },
        }),
      });
      new S3BucketPolicy(s, 'bp', {
        bucket: 'b',
        policy: doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObjectt', Resource: 'arn:aws:s3:::b/*' }),
      });
    };
    expect(messages(findings(iamKnownActions, stack)).sort()).toEqual([
      'bucket policy (policy), statement #1: Action entry "s3:GetObjectt" is not an action of "s3" (did you mean "s3:GetObject"?)',
      'trust policy (assume_role_policy), statement #1: condition key "oidc.circleci.com/org/abc:subject" (StringLike) is not in the IAM database',
      'trust policy (assume_role_policy), statement #1: condition key "oidc.circleci.com/org/abd:aud" names provider "oidc.circleci.com/org/abd", but the statement trusts "oidc.circleci.com/org/abc": the key is never present',
    ]);
  });

  it('cannot be suppressed', () => {
    expect(iamKnownActions.unsuppressible).toBe(true);
  });
});

describe('aws-plan-read-coverage', () => {
  it('fails a resource type the plan role has no refresh actions for', () => {
    const found = messages(findings(awsPlanReadCoverage, (s) => new SqsQueue(s, 'q', { name: 'q' })));
    expect(found).toEqual([
      'resource type "aws_sqs_queue" has no refresh actions in TERRAFORM_READ_ACTIONS: the plan role could not read it',
    ]);
  });

  it('fails a management-only type in an environment account, passes it in the management account', () => {
    const build = (s: TerraformStack) =>
      new IamPolicy(s, 'p', { name: 'p', policy: doc({ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' }) });
    expect(messages(findings(awsPlanReadCoverage, build))).toEqual([
      'resource type "aws_iam_policy" is marked management-only in TERRAFORM_READ_ACTIONS, so the environment account\'s plan role does not get its refresh actions',
    ]);
    expect(findings(awsPlanReadCoverage, build, { managementAccount: true })).toEqual([]);
  });

  it('passes the types in the table', () => {
    expect(findings(awsPlanReadCoverage, (s) => new EcrRepository(s, 'r', { name: 'r' }))).toEqual([]);
  });
});

describe('the example org', () => {
  it('passes both rules in every stack', () => {
    const result = validateConfig(readConfigSources().sources);
    if (!result.ok) throw new Error('example config invalid');
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-known-'));
    try {
      const { views } = synthesizeShard({
        config: result.config,
        options: { mode: 'live', awsAuth: 'assume-role' },
        outdir,
      });
      const report = evaluate(views, [iamKnownActions, awsPlanReadCoverage]);
      expect([...report.errors, ...report.warnings]).toEqual([]);
      expect(report.stacksChecked).toBe(views.length);
      expect(GUARDRAIL_RULES).toEqual(expect.arrayContaining([iamKnownActions, awsPlanReadCoverage]));
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
