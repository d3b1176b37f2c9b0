/** Least-privilege statements of the management account's pipeline roles: IAM on named resources, Organizations, state. */
import { terraformStateDeployStatements, terraformStatePlanStatements } from '../../constructs/aws/access-statements';
import { iamManageStatements, iamReadStatements, iamRoleArn } from '../../constructs/aws/iam-statements';
import {
  IRREVERSIBLE_ORGANIZATIONS_ACTIONS,
  organizationsAdminStatements,
} from '../../constructs/aws/organizations-statements';
import { policyDocument } from '../../constructs/aws/policy-document';
import { adminStatements } from './helpers';

const ROLES = [iamRoleArn('aws', '123456789012', 'p-plan'), iamRoleArn('aws', '123456789012', 'p-deploy')];
const PROVIDERS = ['arn:aws:iam::123456789012:oidc-provider/oidc.circleci.com/org/o'];
const actionsOf = (statements: ReturnType<typeof iamReadStatements>) => statements.flatMap((s) => s.Action ?? []);
/** IAM verbs that change something: everything but the Get and List ones. */
const writes = (actions: readonly string[]) => actions.filter((a) => !/^iam:(Get|List)/.test(a));

describe('iamReadStatements / iamManageStatements', () => {
  it('read: only Get/List actions, on exactly the given roles and providers', () => {
    const read = iamReadStatements({ roleArns: ROLES, oidcProviderArns: PROVIDERS });
    expect(writes(actionsOf(read))).toEqual([]);
    expect(read.flatMap((s) => s.Resource).sort()).toEqual([...ROLES, ...PROVIDERS].sort());
    expect(actionsOf(read)).toEqual(
      expect.arrayContaining([
        'iam:GetRole',
        'iam:ListRolePolicies',
        'iam:ListAttachedRolePolicies',
        'iam:GetOpenIDConnectProvider',
      ]),
    );
  });

  it('manage: the read actions plus create/update/delete, still only on the given resources and never iam:*', () => {
    const arns = { roleArns: ROLES, oidcProviderArns: PROVIDERS };
    const manage = iamManageStatements(arns);
    expect(actionsOf(manage)).toEqual(expect.arrayContaining(actionsOf(iamReadStatements(arns))));
    expect(writes(actionsOf(manage))).toEqual(
      expect.arrayContaining([
        'iam:CreateRole',
        'iam:PutRolePolicy',
        'iam:DeleteRole',
        'iam:CreateOpenIDConnectProvider',
      ]),
    );
    expect(actionsOf(manage).filter((a) => a.includes('*'))).toEqual([]);
    expect(manage.flatMap((s) => s.Resource).sort()).toEqual([...ROLES, ...PROVIDERS].sort());
    expect(() => policyDocument(manage)).not.toThrow();
  });

  it('leaves out a statement for a kind of resource that has no ARNs, and refuses none at all', () => {
    expect(iamReadStatements({ roleArns: ROLES, oidcProviderArns: [] }).map((s) => s.Sid)).toEqual(['IamReadRoles']);
    expect(() => iamManageStatements({ roleArns: [], oidcProviderArns: [] })).toThrow(
      /at least one role or OIDC provider ARN/,
    );
  });
});

describe('organizationsAdminStatements', () => {
  const statements = organizationsAdminStatements();

  it('allows Organizations, not every service, and denies what cannot be undone', () => {
    expect(adminStatements(policyDocument(statements))).toEqual([]);
    const allowed = statements.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action ?? []);
    expect(allowed.filter((a) => a.endsWith('*'))).toEqual(['organizations:*']);
    const denied = statements.filter((s) => s.Effect === 'Deny').flatMap((s) => s.Action ?? []);
    expect(denied).toEqual(
      expect.arrayContaining([
        'organizations:DeleteOrganization',
        'organizations:LeaveOrganization',
        'organizations:CloseAccount',
      ]),
    );
    expect(denied).toEqual([...IRREVERSIBLE_ORGANIZATIONS_ACTIONS]);
  });

  it('lets IAM create a service-linked role for Organizations only', () => {
    const slr = statements.find((s) => (s.Action ?? []).includes('iam:CreateServiceLinkedRole'))!;
    expect(slr.Condition).toEqual({ StringEquals: { 'iam:AWSServiceName': 'organizations.amazonaws.com' } });
  });
});

describe('terraform state statements', () => {
  const bucket = 'arn:aws:s3:::state';
  const key = 'prefix/organization.tfstate*';

  it('deploy: read and write the matching state objects, delete only their lock files', () => {
    const statements = terraformStateDeployStatements(bucket, key);
    const on = (action: string) =>
      statements.filter((s) => (s.Action ?? []).includes(action)).flatMap((s) => s.Resource);
    expect(on('s3:ListBucket')).toEqual([bucket]);
    expect(on('s3:GetObject')).toEqual([`${bucket}/${key}`]);
    expect(on('s3:PutObject')).toEqual([`${bucket}/${key}`]);
    expect(on('s3:DeleteObject')).toEqual([`${bucket}/${key}.tflock`]);
    expect(() => policyDocument(statements)).not.toThrow();
  });

  it('plan: writes nothing but lock files', () => {
    const statements = terraformStatePlanStatements(bucket, key);
    const writing = statements.filter((s) => (s.Action ?? []).some((a) => /Put|Delete/.test(a)));
    expect(writing.flatMap((s) => s.Resource)).toEqual([`${bucket}/${key}.tflock`]);
  });
});
