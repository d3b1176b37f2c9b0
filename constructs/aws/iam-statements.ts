/**
 * IAM permissions on named roles, OIDC providers and policies only: for a pipeline role that plans or deploys the
 * stack holding those resources (itself included) without any other IAM rights in the account.
 */
import type { Statement } from './policy-document';

export function iamRoleArn(partition: string, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

export function iamPolicyArn(partition: string, accountId: string, policyName: string): string {
  return `arn:${partition}:iam::${accountId}:policy/${policyName}`;
}

/** The IAM resources a stack manages, by ARN (derived, so the policy is complete in a plan). */
export interface IamResourceArns {
  readonly roleArns: readonly string[];
  readonly oidcProviderArns: readonly string[];
  /**
   * Customer managed policies of the stack (the roles' permissions boundaries): read, never changed by the
   * pipeline, so a role cannot widen its own boundary. Default: none.
   */
  readonly policyArns?: readonly string[];
  /** The only managed policies `iamManageStatements` may attach to the roles (`iam:PolicyARN`). Default: none. */
  readonly attachablePolicyArns?: readonly string[];
}

/** What `terraform plan` reads to refresh aws_iam_role (+ inline/attached policies) and aws_iam_openid_connect_provider. */
const ROLE_READ = [
  'iam:GetRole',
  'iam:GetRolePolicy',
  'iam:ListAttachedRolePolicies',
  'iam:ListRolePolicies',
  'iam:ListRoleTags',
];
const OIDC_READ = ['iam:GetOpenIDConnectProvider', 'iam:ListOpenIDConnectProviderTags'];
const POLICY_READ = ['iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListPolicyTags', 'iam:ListPolicyVersions'];

/**
 * What `terraform apply` adds: create, update, tag and delete (including detaching policies first). Attaching a
 * managed policy is granted separately, only for the named policies; permissions boundaries are never changed.
 */
const ROLE_WRITE = [
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:ListInstanceProfilesForRole',
  'iam:PutRolePolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
];
const OIDC_WRITE = [
  'iam:AddClientIDToOpenIDConnectProvider',
  'iam:CreateOpenIDConnectProvider',
  'iam:DeleteOpenIDConnectProvider',
  'iam:RemoveClientIDFromOpenIDConnectProvider',
  'iam:TagOpenIDConnectProvider',
  'iam:UntagOpenIDConnectProvider',
  'iam:UpdateOpenIDConnectProviderThumbprint',
];

function statements(arns: IamResourceArns, manage: boolean): Statement[] {
  const sid = manage ? 'IamManage' : 'IamRead';
  const policyArns = arns.policyArns ?? [];
  if (arns.roleArns.length + arns.oidcProviderArns.length + policyArns.length === 0) {
    throw new Error(`IAM ${sid} statements need at least one role, OIDC provider or policy ARN; none were given`);
  }
  const out: Statement[] = [];
  const push = (kind: string, actions: readonly string[], resources: readonly string[]) => {
    if (resources.length)
      out.push({ Sid: `${sid}${kind}`, Effect: 'Allow', Action: [...actions].sort(), Resource: [...resources] });
  };
  push('Roles', manage ? [...ROLE_READ, ...ROLE_WRITE] : ROLE_READ, arns.roleArns);
  push('OidcProviders', manage ? [...OIDC_READ, ...OIDC_WRITE] : OIDC_READ, arns.oidcProviderArns);
  push('Policies', POLICY_READ, policyArns);
  const attachable = arns.attachablePolicyArns ?? [];
  if (manage && arns.roleArns.length && attachable.length) {
    out.push({
      Sid: `${sid}AttachNamedPolicies`,
      Effect: 'Allow',
      Action: ['iam:AttachRolePolicy'],
      Resource: [...arns.roleArns],
      Condition: { ArnEquals: { 'iam:PolicyARN': [...attachable] } },
    });
  }
  return out;
}

/** Read the given roles (with their policies), OIDC providers and policies: enough to plan them. */
export function iamReadStatements(arns: IamResourceArns): Statement[] {
  return statements(arns, false);
}

/**
 * Create, change and delete exactly the given roles and OIDC providers, attach only the named managed policies,
 * and read the given policies: enough to deploy them.
 */
export function iamManageStatements(arns: IamResourceArns): Statement[] {
  return statements(arns, true);
}

/**
 * The Deny statements that make a permissions boundary hold against the roles it bounds: no role of `roleArns` may
 * lose or change its boundary, no boundary policy may be edited or deleted, and no managed policy outside
 * `attachablePolicyArns` may be attached (AdministratorAccess included). Put them in the boundary itself, where
 * no inline policy the role writes can override them.
 */
export function boundaryGuardStatements(arns: {
  readonly roleArns: readonly string[];
  readonly boundaryPolicyArns: readonly string[];
  readonly attachablePolicyArns: readonly string[];
}): Statement[] {
  return [
    {
      Sid: 'KeepPermissionsBoundaries',
      Effect: 'Deny',
      Action: ['iam:DeleteRolePermissionsBoundary', 'iam:PutRolePermissionsBoundary'],
      Resource: [...arns.roleArns],
    },
    {
      Sid: 'KeepBoundaryPolicies',
      Effect: 'Deny',
      Action: [
        'iam:CreatePolicyVersion',
        'iam:DeletePolicy',
        'iam:DeletePolicyVersion',
        'iam:SetDefaultPolicyVersion',
        'iam:TagPolicy',
        'iam:UntagPolicy',
      ],
      Resource: [...arns.boundaryPolicyArns],
    },
    {
      Sid: 'AttachOnlyNamedPolicies',
      Effect: 'Deny',
      Action: ['iam:AttachRolePolicy'],
      Resource: ['*'],
      ...(arns.attachablePolicyArns.length
        ? { Condition: { ArnNotEquals: { 'iam:PolicyARN': [...arns.attachablePolicyArns] } } }
        : {}),
    },
  ];
}
