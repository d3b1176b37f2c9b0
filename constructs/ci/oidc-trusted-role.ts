import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { policyJson, type Statement } from '../aws/policy-document';

export interface OidcTrustedRoleProps {
  /** IAM role name. */
  readonly roleName: string;
  /** Shown in the IAM console: who assumes the role and for what. */
  readonly description: string;
  /** ARN of the account's OIDC identity provider (derived, not a cross-stack reference). */
  readonly providerArn: string;
  /** Condition-key prefix of the provider's claims, e.g. `oidc.circleci.com/org/<id>` (used as `<host>:aud`). */
  readonly providerHost: string;
  /** Required `aud` claim (StringEquals). */
  readonly audience: string;
  /** Allowed `sub` claims (StringLike patterns); at least one. */
  readonly subjectPatterns: readonly string[];
  /** AWS-managed or customer policies to attach, by ARN. Default: none. */
  readonly managedPolicyArns?: readonly string[];
  /** Inline policies by name (name letters, digits and "-"). Default: none. */
  readonly inlinePolicies?: Readonly<Record<string, readonly Statement[]>>;
  /** Longest session a token exchange may ask for. Default: 3600 (one hour, the IAM minimum). */
  readonly maxSessionDurationSeconds?: number;
  /** ARN of a managed policy that caps what the role's policies can grant (a permissions boundary). Default: none. */
  readonly permissionsBoundaryArn?: string;
}

/** Trust policy of a role assumable only with a web identity token from one provider, audience and subject set. */
export function oidcTrustStatements(
  props: Pick<OidcTrustedRoleProps, 'providerArn' | 'providerHost' | 'audience' | 'subjectPatterns'>,
): Statement[] {
  if (props.subjectPatterns.length === 0) {
    throw new Error(
      'An OIDC-trusted role needs at least one subject pattern; without one any pipeline of the organization could assume it',
    );
  }
  return [
    {
      Sid: 'AssumeWithOidc',
      Effect: 'Allow',
      Principal: { Federated: props.providerArn },
      Action: ['sts:AssumeRoleWithWebIdentity'],
      Condition: {
        StringEquals: { [`${props.providerHost}:aud`]: props.audience },
        StringLike: { [`${props.providerHost}:sub`]: [...props.subjectPatterns] },
        // A "*" before "/vcs-ref/<ref>" would also match a branch named "x/vcs-ref/refs/heads/main": the real ref
        // appears once, a forged one twice (guardrail iam-prod-deploy-main-only).
        ...(props.subjectPatterns.some((p) => p.includes('/vcs-ref/'))
          ? { StringNotLike: { [`${props.providerHost}:sub`]: ['*/vcs-ref/*/vcs-ref/*'] } }
          : {}),
      },
    },
  ];
}

/** An IAM role for pipelines: trusted through OIDC (audience + subject), with managed and inline policies. */
export class OidcTrustedRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: OidcTrustedRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: policyJson(oidcTrustStatements(props)),
      maxSessionDuration: props.maxSessionDurationSeconds ?? 3600,
      permissionsBoundary: props.permissionsBoundaryArn,
    });
    for (const arn of props.managedPolicyArns ?? []) {
      // The policy's own name (last ARN segment) is a stable id.
      new IamRolePolicyAttachment(this, `managed-${arn.split('/').pop()}`, { role: this.role.name, policyArn: arn });
    }
    for (const [name, statements] of Object.entries(props.inlinePolicies ?? {})) {
      if (!/^[A-Za-z0-9-]+$/.test(name))
        throw new Error(`Inline policy name "${name}" must be letters, digits and "-"`);
      new IamRolePolicy(this, `policy-${name}`, { name, role: this.role.name, policy: policyJson(statements) });
    }
  }
}
