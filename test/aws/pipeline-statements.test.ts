/** Least-privilege statements of the management account's pipeline roles: IAM on named resources, Organizations, state. */
import {
  boundaryGuardStatements,
  iamManageStatements,
  iamReadStatements,
  iamRoleArn,
} from '../../constructs/aws/iam-statements';
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
      /at least one role, OIDC provider or policy ARN/,
    );
  });

  it('attaches only the named managed policies (iam:PolicyARN), and only reads policies (boundaries)', () => {
    const policy = 'arn:aws:iam::123456789012:policy/p-boundary';
    const readOnly = 'arn:aws:iam::aws:policy/AWSOrganizationsReadOnlyAccess';
    const manage = iamManageStatements({
      roleArns: ROLES,
      oidcProviderArns: [],
      policyArns: [policy],
      attachablePolicyArns: [readOnly],
    });
    const attach = manage.filter((s) => (s.Action ?? []).includes('iam:AttachRolePolicy'));
    expect(attach).toEqual([expect.objectContaining({ Condition: { ArnEquals: { 'iam:PolicyARN': [readOnly] } } })]);
    const onPolicy = manage.filter((s) => (s.Resource ?? []).includes(policy)).flatMap((s) => s.Action ?? []);
    expect(writes(onPolicy)).toEqual([]);
    // Without named policies nothing may be attached at all.
    expect(actionsOf(iamManageStatements({ roleArns: ROLES, oidcProviderArns: [] }))).not.toContain(
      'iam:AttachRolePolicy',
    );
  });
});

describe('boundaryGuardStatements', () => {
  it('denies dropping or changing a boundary, editing a boundary policy, and attaching any other policy', () => {
    const guard = boundaryGuardStatements({
      roleArns: ROLES,
      boundaryPolicyArns: ['arn:aws:iam::123456789012:policy/b'],
      attachablePolicyArns: ['arn:aws:iam::aws:policy/AWSOrganizationsReadOnlyAccess'],
    });
    expect(guard.every((s) => s.Effect === 'Deny')).toBe(true);
    expect(actionsOf(guard)).toEqual(
      expect.arrayContaining([
        'iam:DeleteRolePermissionsBoundary',
        'iam:PutRolePermissionsBoundary',
        'iam:CreatePolicyVersion',
        'iam:SetDefaultPolicyVersion',
        'iam:AttachRolePolicy',
      ]),
    );
    const none = boundaryGuardStatements({ roleArns: ROLES, boundaryPolicyArns: ['x'], attachablePolicyArns: [] });
    expect(none.find((s) => s.Sid === 'AttachOnlyNamedPolicies')!.Condition).toBeUndefined();
    expect(() => policyDocument(guard)).not.toThrow();
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
