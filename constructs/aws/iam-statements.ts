/**
 * IAM permissions on named roles and OIDC providers only: for a pipeline role that plans or deploys the stack
 * holding those resources (itself included) without any other IAM rights in the account.
 */
import type { Statement } from './policy-document';

export function iamRoleArn(partition: string, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/** The IAM resources a stack manages, by ARN (derived, so the policy is complete in a plan). */
export interface IamResourceArns {
  readonly roleArns: readonly string[];
  readonly oidcProviderArns: readonly string[];
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

/** What `terraform apply` adds: create, update, tag and delete (including detaching policies first). */
const ROLE_WRITE = [
  'iam:AttachRolePolicy',
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

function statements(
  arns: IamResourceArns,
  roleActions: readonly string[],
  oidcActions: readonly string[],
  sid: string,
): Statement[] {
  if (arns.roleArns.length + arns.oidcProviderArns.length === 0) {
    throw new Error(`IAM ${sid} statements need at least one role or OIDC provider ARN; none were given`);
  }
  const out: Statement[] = [];
  if (arns.roleArns.length)
    out.push({ Sid: `${sid}Roles`, Effect: 'Allow', Action: [...roleActions], Resource: [...arns.roleArns] });
  if (arns.oidcProviderArns.length)
    out.push({
      Sid: `${sid}OidcProviders`,
      Effect: 'Allow',
      Action: [...oidcActions],
      Resource: [...arns.oidcProviderArns],
    });
  return out;
}

/** Read the given roles (with their policies) and OIDC providers: enough to plan them. */
export function iamReadStatements(arns: IamResourceArns): Statement[] {
  return statements(arns, ROLE_READ, OIDC_READ, 'IamRead');
}

/** Create, change and delete exactly the given roles and OIDC providers: enough to deploy them. */
export function iamManageStatements(arns: IamResourceArns): Statement[] {
  return statements(arns, [...ROLE_READ, ...ROLE_WRITE].sort(), [...OIDC_READ, ...OIDC_WRITE].sort(), 'IamManage');
}
