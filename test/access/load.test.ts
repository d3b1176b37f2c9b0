/**
 * loadAwsAccessModel on its own: plan values (resolved literals) as well as synthesized references, and the errors
 * that keep it from evaluating a model that silently lost a policy.
 */
import {
  AccessModelError,
  AwsAccess,
  loadAwsAccessModel,
  stackFromPlan,
  type StackResources,
} from '../../tools/access/aws';
import { iamSimulateEvaluator } from './iam-simulate-evaluator';

const ACCOUNT = '111111111111';
const doc = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const trust = doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });

/** A `terraform show -json` plan of one role whose inline policy changes from read to read + write. */
function plan(): Record<string, unknown> {
  const role = {
    type: 'aws_iam_role',
    name: 'ci',
    mode: 'managed',
    values: { name: 'ci', path: '/', assume_role_policy: trust },
  };
  const policy = (actions: string[]) => ({
    type: 'aws_iam_role_policy',
    name: 'p',
    mode: 'managed',
    values: { name: 'p', role: 'ci', policy: doc({ Effect: 'Allow', Action: actions, Resource: 'arn:aws:s3:::b/*' }) },
  });
  return {
    configuration: {
      provider_config: {
        aws: {
          expressions: { allowed_account_ids: { constant_value: [ACCOUNT] }, region: { constant_value: 'eu-west-1' } },
        },
      },
    },
    prior_state: { values: { root_module: { resources: [role, policy(['s3:GetObject'])] } } },
    planned_values: { root_module: { resources: [role, policy(['s3:GetObject', 's3:PutObject'])] } },
  };
}

describe('loadAwsAccessModel', () => {
  it('reads plan values before and after: the access a change adds', async () => {
    const request = {
      principal: `arn:aws:iam::${ACCOUNT}:role/ci`,
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::b/x',
      resourceAccountId: ACCOUNT,
    };
    const decide = async (side: 'before' | 'after') =>
      (
        await new AwsAccess(loadAwsAccessModel([stackFromPlan('s', plan(), side)]), iamSimulateEvaluator).evaluate(
          request,
        )
      ).decision;
    expect([await decide('before'), await decide('after')]).toEqual(['ImplicitlyDenied', 'Allowed']);
  });

  const stack = (resources: StackResources['resources'], accountId: string | undefined = ACCOUNT): StackResources => ({
    stack: 's',
    accountId,
    region: 'eu-west-1',
    resources,
  });
  const role = { type: 'aws_iam_role', name: 'r', values: { name: 'r', assume_role_policy: trust } };

  it('refuses an AWS-managed policy whose document it does not know, unless it is given', () => {
    const attachment = {
      type: 'aws_iam_role_policy_attachment',
      name: 'a',
      values: { role: '${aws_iam_role.r.name}', policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
    };
    expect(() => loadAwsAccessModel([stack([role, attachment])])).toThrow(
      /s aws_iam_role_policy_attachment\.a: the document of managed policy "arn:aws:iam::aws:policy\/ReadOnlyAccess" is unknown \(pass it in managedPolicies\)/,
    );
    const model = loadAwsAccessModel([stack([role, attachment])], {
      managedPolicies: {
        'arn:aws:iam::aws:policy/ReadOnlyAccess': {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }],
        },
      },
    });
    expect(model.roles.get(`arn:aws:iam::${ACCOUNT}:role/r`)!.identityPolicies.map((p) => p.name)).toEqual([
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
    ]);
  });

  it('lists every problem at once: no account, an unresolvable role, an account without id', () => {
    const policy = {
      type: 'aws_iam_role_policy',
      name: 'p',
      values: { role: 'missing', policy: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) },
    };
    const account = {
      type: 'aws_organizations_account',
      name: 'acc',
      values: { name: 'data-platform-x', parent_id: 'r-abcd' },
    };
    let error: unknown;
    try {
      loadAwsAccessModel([stack([policy, account]), { stack: 'no-account', resources: [role] }]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AccessModelError);
    expect((error as AccessModelError).problems).toEqual([
      "no-account aws_iam_role.r: the stack's AWS account is unknown (no allowed_account_ids; pass accountId)",
      's aws_iam_role_policy.p: role or policy document cannot be resolved',
      's aws_organizations_account.acc: the id of account "data-platform-x" is unknown (pass it in accountIds)',
    ]);
  });
});
