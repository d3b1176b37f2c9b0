import type { Construct } from 'constructs';
import {
  boundaryGuardStatements,
  iamManageStatements,
  iamPolicyArn,
  iamReadStatements,
  iamRoleArn,
} from '../constructs/aws/iam-statements';
import { MemberAccount } from '../constructs/aws/member-account';
import { OrganizationLayout } from '../constructs/aws/organization-layout';
import { organizationsAdminStatements } from '../constructs/aws/organizations-statements';
import { serviceControlPolicyStatements } from '../constructs/aws/scp-statements';
import { ServiceControlPolicy } from '../constructs/aws/service-control-policy';
import { type StateAccessLayout, stateRoleStatements } from '../constructs/aws/state-access';
import { addPipelineRoles } from '../constructs/ci/pipeline-roles';
import { type EnvironmentConfig, type PlatformConfig, type PlatformSettings, stackNames } from '../config';
import type { SynthOptions } from './context';
import { PlatformStack } from './platform-stack';
import { awsProvider } from './providers';
import { stateAccessLayout, stateScope } from './state-access';
import { defaultTags } from './tags';

export interface OrganizationStackProps {
  readonly config: PlatformConfig;
  readonly options: SynthOptions;
}

/**
 * The management account: organizational units, one member account per environment, service control policies,
 * and the CircleCI OIDC provider and plan/deploy roles this repository's pipeline uses to plan and deploy this stack.
 */
export class OrganizationStack extends PlatformStack {
  constructor(scope: Construct, props: OrganizationStackProps) {
    const name = stackNames.organization;
    const { platform } = props.config;
    super(scope, name, { mode: props.options.mode, stateBackend: platform.stateBackend });
    awsProvider(this, {
      ...props.options,
      region: platform.aws.managementRegion,
      accountId: platform.aws.managementAccountId,
      sessionName: `data-platform-${name}`,
      defaultTags: defaultTags(name, 'management', 'platform', platform.costCenter),
    });
    this.addResources(platform, props.config.environments);
    this.addPipelineRoles(platform, stateAccessLayout(props.config));
  }

  /**
   * The pipeline's roles in the management account, with the same names and trust as in the environment accounts
   * (the pipeline derives the role ARN from the account id alone). Unlike there, the deploy role is no
   * administrator: SCPs never restrict the management account, so it gets only what this stack manages —
   * Organizations (minus irreversible actions), its own OIDC provider and roles, and this stack's state. The plan
   * role gets Organizations read-only, not ReadOnlyAccess: in this account that would include every stack's state.
   * Each role has a permissions boundary with the same grants plus Deny statements it cannot lift: whatever a role
   * writes into its own (or the other's) inline policies, it cannot attach AdministratorAccess, drop or edit a
   * boundary, or reach beyond them. The boundaries are never changed by the pipeline, only by people (SSO).
   */
  private addPipelineRoles(platform: PlatformSettings, state: StateAccessLayout): void {
    const names = platform.names;
    const account = platform.aws.managementAccountId;
    const partition = platform.aws.managementPartition;
    const providerArn = platform.aws.managementOidcProviderArn;
    const boundaryNames = { plan: `${names.planRole}-boundary`, deploy: `${names.deployRole}-boundary` };
    const organizationsReadOnly = `arn:${partition}:iam::aws:policy/AWSOrganizationsReadOnlyAccess`;
    const roleArns = [names.planRole, names.deployRole].map((r) => iamRoleArn(partition, account, r));
    const boundaryArns = [boundaryNames.plan, boundaryNames.deploy].map((p) => iamPolicyArn(partition, account, p));
    const ownIam = {
      roleArns,
      oidcProviderArns: [providerArn],
      policyArns: boundaryArns,
      attachablePolicyArns: [organizationsReadOnly],
    };
    const guard = boundaryGuardStatements({
      roleArns,
      boundaryPolicyArns: boundaryArns,
      attachablePolicyArns: [organizationsReadOnly],
    });
    // This stack's state object, its lock file and its deployed-revision record, nothing else in the bucket.
    const scope = stateScope(state, stackNames.organization);
    const plan = {
      'terraform-state': stateRoleStatements(state, scope, 'plan'),
      'pipeline-iam': iamReadStatements(ownIam),
    };
    const deploy = {
      organizations: organizationsAdminStatements(),
      'pipeline-iam': iamManageStatements(ownIam),
      'terraform-state': stateRoleStatements(state, scope, 'deploy'),
    };
    addPipelineRoles(this, {
      issuerUrl: platform.circleci.issuerUrl,
      providerHost: platform.circleci.oidcHost,
      providerArn,
      organizationId: platform.circleci.organizationId,
      projectIds: [platform.circleci.projectId],
      plan: {
        roleName: names.planRole,
        description:
          'Plans the organization stack from pull requests of the platform repository (any branch); read-only',
        managedPolicyArns: [organizationsReadOnly],
        inlinePolicies: plan,
        permissionsBoundary: {
          policyName: boundaryNames.plan,
          description: `The most ${names.planRole} can ever do: read Organizations, this stack's IAM and state`,
          statements: [
            ...Object.values(plan).flat(),
            {
              Sid: 'OrganizationsRead',
              Effect: 'Allow',
              Action: ['organizations:Describe*', 'organizations:List*'],
              Resource: ['*'],
            },
            ...guard,
          ],
        },
      },
      deploy: {
        roleName: names.deployRole,
        description: 'Deploys the organization stack from the main branch of the platform repository',
        inlinePolicies: deploy,
        permissionsBoundary: {
          policyName: boundaryNames.deploy,
          description: `The most ${names.deployRole} can ever do: Organizations, this stack's IAM and state`,
          statements: [...Object.values(deploy).flat(), ...guard],
        },
      },
    });
  }

  private addResources(platform: PlatformSettings, environments: readonly EnvironmentConfig[]): void {
    const aws = platform.aws;
    const layout = new OrganizationLayout(this, 'organization', { rootId: aws.organizationRootId });
    for (const env of environments) {
      // Construct id from the environment name: renaming an environment must be a deliberate, reviewed replace.
      new MemberAccount(this, `account-${env.name}`, {
        accountName: env.aws.accountName,
        email: env.aws.accountEmail,
        parentId: env.aws.organizationalUnit === 'prod' ? layout.prod.id : layout.nonprod.id,
        roleName: aws.memberAccountRoleName,
        iamUserAccessToBilling: aws.iamUserAccessToBilling,
        preventDestroy: true,
      });
    }
    const statements = serviceControlPolicyStatements({
      ...aws.serviceControlPolicies,
      allowedRegions: aws.allowedRegions,
    });
    if (statements.length > 0) {
      new ServiceControlPolicy(this, 'workload-guardrails', {
        policyName: platform.names.serviceControlPolicy,
        description: 'Baseline guardrails of the data platform workload accounts (generated from config/platform.ts)',
        statements,
        targetIds: { workloads: layout.workloads.id },
      });
    }
  }
}
