import type { Construct } from 'constructs';
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
    this.addResources(props.config.environments);
  }

  private addResources(_environments: readonly EnvironmentConfig[]): void {
    // Filled by the AWS issue: OUs, member accounts, SCPs.
  }
}
