import type { Construct } from 'constructs';
import { terraformStateDeployStatements, terraformStatePlanStatements } from '../constructs/aws/access-statements';
import { bucketArn } from '../constructs/aws/data-bucket';
import { iamManageStatements, iamReadStatements, iamRoleArn } from '../constructs/aws/iam-statements';
import { MemberAccount } from '../constructs/aws/member-account';
import { OrganizationLayout } from '../constructs/aws/organization-layout';
import { organizationsAdminStatements } from '../constructs/aws/organizations-statements';
import { serviceControlPolicyStatements } from '../constructs/aws/scp-statements';
import { ServiceControlPolicy } from '../constructs/aws/service-control-policy';
import { addPipelineRoles } from '../constructs/ci/pipeline-roles';
import { type EnvironmentConfig, type PlatformConfig, type PlatformSettings, stackNames } from '../config';
import type { SynthOptions } from './context';
import { PlatformStack } from './platform-stack';
import { awsProvider } from './providers';
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
    this.addPipelineRoles(platform);
  }

  /**
   * The pipeline's roles in the management account, with the same names and trust as in the environment accounts
   * (the pipeline derives the role ARN from the account id alone). Unlike there, the deploy role is no
   * administrator: SCPs never restrict the management account, so it gets only what this stack manages —
   * Organizations (minus irreversible actions), its own OIDC provider and roles, and this stack's state. The plan
   * role gets Organizations read-only, not ReadOnlyAccess: in this account that would include every stack's state.
   */
  private addPipelineRoles(platform: PlatformSettings): void {
    const names = platform.names;
    const account = platform.aws.managementAccountId;
    const partition = platform.aws.managementPartition;
    const providerArn = platform.aws.managementOidcProviderArn;
    const ownIam = {
      roleArns: [names.planRole, names.deployRole].map((r) => iamRoleArn(partition, account, r)),
      oidcProviderArns: [providerArn],
    };
    const stateBucket = bucketArn(platform.stateBackend.bucket, platform.stateBackend.partition);
    // This stack's state object and its lock file (`<key>.tflock`), nothing else in the bucket.
    const stateKeys = `${this.stateKey}*`;
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
        managedPolicyArns: [`arn:${partition}:iam::aws:policy/AWSOrganizationsReadOnlyAccess`],
        inlinePolicies: {
          'terraform-state': terraformStatePlanStatements(stateBucket, stateKeys),
          'pipeline-iam': iamReadStatements(ownIam),
        },
      },
      deploy: {
        roleName: names.deployRole,
        description: 'Deploys the organization stack from the main branch of the platform repository',
        inlinePolicies: {
          organizations: organizationsAdminStatements(),
          'pipeline-iam': iamManageStatements(ownIam),
          'terraform-state': terraformStateDeployStatements(stateBucket, stateKeys),
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
