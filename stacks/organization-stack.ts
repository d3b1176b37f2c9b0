import type { Construct } from 'constructs';
import { MemberAccount } from '../constructs/aws/member-account';
import { OrganizationLayout } from '../constructs/aws/organization-layout';
import { serviceControlPolicyStatements } from '../constructs/aws/scp-statements';
import { ServiceControlPolicy } from '../constructs/aws/service-control-policy';
import { type EnvironmentConfig, type PlatformConfig, stackNames } from '../config';
import type { SynthOptions } from './context';
import { PlatformStack } from './platform-stack';
import { awsProvider } from './providers';
import { defaultTags } from './tags';

export interface OrganizationStackProps {
  readonly config: PlatformConfig;
  readonly options: SynthOptions;
}

/** The management account: organizational units, one member account per environment, service control policies. */
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
    this.addResources(props.config, props.config.environments);
  }

  private addResources({ platform }: PlatformConfig, environments: readonly EnvironmentConfig[]): void {
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
    const statements = serviceControlPolicyStatements({ ...aws.serviceControlPolicies, allowedRegions: aws.allowedRegions });
    if (statements.length > 0) {
      new ServiceControlPolicy(this, 'workload-guardrails', {
        policyName: `${platform.namePrefix}-workload-guardrails`,
        description: 'Baseline guardrails of the data platform workload accounts (generated from config/platform.ts)',
        statements,
        targetIds: { workloads: layout.workloads.id },
      });
    }
  }
}
