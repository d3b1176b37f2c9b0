/** Permissions of a role that administers AWS Organizations (OUs, member accounts, SCPs) from the management account. */
import type { Statement } from './policy-document';

/** Irreversible for the whole organization, and never needed by Terraform here (accounts have prevent_destroy). */
export const IRREVERSIBLE_ORGANIZATIONS_ACTIONS = [
  'organizations:CloseAccount',
  'organizations:DeleteOrganization',
  'organizations:LeaveOrganization',
  'organizations:RemoveAccountFromOrganization',
] as const;

/**
 * Every Organizations action except the irreversible ones (an explicit Deny, which no other policy can override),
 * plus the Organizations service-linked role that CreateAccount may have to create.
 */
export function organizationsAdminStatements(): Statement[] {
  return [
    { Sid: 'OrganizationsAdmin', Effect: 'Allow', Action: ['organizations:*'], Resource: ['*'] },
    {
      Sid: 'OrganizationsServiceLinkedRole',
      Effect: 'Allow',
      Action: ['iam:CreateServiceLinkedRole'],
      Resource: ['*'],
      Condition: { StringEquals: { 'iam:AWSServiceName': 'organizations.amazonaws.com' } },
    },
    {
      Sid: 'OrganizationsNothingIrreversible',
      Effect: 'Deny',
      Action: [...IRREVERSIBLE_ORGANIZATIONS_ACTIONS],
      Resource: ['*'],
    },
  ];
}
