import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import type { Construct } from 'constructs';
import { policyJson, type Statement } from '../aws/policy-document';
import { CircleCiOidcProvider } from './circleci-oidc-provider';
import { circleCiSubjects } from './circleci-subjects';
import { OidcTrustedRole } from './oidc-trusted-role';

/** What one pipeline role may do; who may assume it is fixed by `addPipelineRoles`. */
export interface PipelineRolePermissions {
  /** IAM role name. */
  readonly roleName: string;
  /** Shown in the IAM console: who assumes the role and for what. */
  readonly description: string;
  /** AWS-managed or customer policies to attach, by ARN. Default: none. */
  readonly managedPolicyArns?: readonly string[];
  /** Inline policies by name (letters, digits and "-"). Default: none. */
  readonly inlinePolicies?: Readonly<Record<string, readonly Statement[]>>;
  /**
   * A customer managed policy created beside the role and set as its permissions boundary: whatever the role's
   * own policies say, it can do no more than this. Default: none.
   */
  readonly permissionsBoundary?: PermissionsBoundaryProps;
}

export interface PermissionsBoundaryProps {
  /** IAM policy name (from config/naming.ts). */
  readonly policyName: string;
  readonly description: string;
  readonly statements: readonly Statement[];
}

export interface PipelineRolesProps {
  /** Issuer URL of the CircleCI organization, `https://oidc.circleci.com/org/<organization id>`. */
  readonly issuerUrl: string;
  /** Condition-key prefix of the issuer's claims, `oidc.circleci.com/org/<organization id>`. */
  readonly providerHost: string;
  /** ARN the account's OIDC provider will have (derived, not a reference: roles plan without state). */
  readonly providerArn: string;
  /** CircleCI organization id: the tokens' audience. */
  readonly organizationId: string;
  /** CircleCI project ids whose pipelines may assume the roles (the repository that deploys the account). */
  readonly projectIds: readonly string[];
  /** Read-only role for plans: trusted from any branch of the projects. */
  readonly plan: PipelineRolePermissions;
  /** Deploy role: trusted only from the projects' `main` branch (subject ends in refs/heads/main, no forged ref). */
  readonly deploy: PipelineRolePermissions;
}

export interface PipelineRoles {
  readonly provider: CircleCiOidcProvider;
  readonly plan: OidcTrustedRole;
  readonly deploy: OidcTrustedRole;
}

/** Construct ids of what `addPipelineRoles` creates: Terraform addresses of real roles, do not change them. */
export const PIPELINE_ROLE_IDS = { provider: 'circleci-oidc', plan: 'plan-role', deploy: 'deploy-role' } as const;

/** Largest managed policy document IAM accepts, in characters (whitespace does not count; ours is compact). */
export const MANAGED_POLICY_MAX_CHARACTERS = 6144;

/** The role's permissions, with its boundary policy created in `scope` as `<role id>-boundary`. */
function permissionsOf(scope: Construct, id: string, permissions: PipelineRolePermissions) {
  const { permissionsBoundary, ...rest } = permissions;
  if (!permissionsBoundary) return rest;
  const policy = policyJson(permissionsBoundary.statements);
  if (policy.length > MANAGED_POLICY_MAX_CHARACTERS) {
    throw new Error(
      `Permissions boundary "${permissionsBoundary.policyName}" is ${policy.length} characters; IAM accepts at most ${MANAGED_POLICY_MAX_CHARACTERS}`,
    );
  }
  const boundary = new IamPolicy(scope, `${id}-boundary`, {
    name: permissionsBoundary.policyName,
    description: permissionsBoundary.description,
    policy,
  });
  return { ...rest, permissionsBoundaryArn: boundary.arn };
}

/**
 * An account's CircleCI OIDC provider and the plan/deploy roles of the repository that deploys it: the plan role
 * trusts any branch, the deploy role only `main`. Both trust the same provider, audience and projects.
 *
 * A function, not a construct: the three are created directly in `scope` under PIPELINE_ROLE_IDS, because their
 * construct paths are the Terraform addresses of roles that already exist in every environment account; a wrapping
 * construct would add a path segment and make Terraform replace them.
 */
export function addPipelineRoles(scope: Construct, props: PipelineRolesProps): PipelineRoles {
  const provider = new CircleCiOidcProvider(scope, PIPELINE_ROLE_IDS.provider, {
    issuerUrl: props.issuerUrl,
    organizationId: props.organizationId,
  });
  const trust = { providerArn: props.providerArn, providerHost: props.providerHost, audience: props.organizationId };
  const project = { organizationId: props.organizationId, projectIds: props.projectIds };
  const plan = new OidcTrustedRole(scope, PIPELINE_ROLE_IDS.plan, {
    ...trust,
    ...permissionsOf(scope, PIPELINE_ROLE_IDS.plan, props.plan),
    subjectPatterns: circleCiSubjects({ ...project, mainOnly: false }),
  });
  const deploy = new OidcTrustedRole(scope, PIPELINE_ROLE_IDS.deploy, {
    ...trust,
    ...permissionsOf(scope, PIPELINE_ROLE_IDS.deploy, props.deploy),
    subjectPatterns: circleCiSubjects({ ...project, mainOnly: true }),
  });
  return { provider, plan, deploy };
}
