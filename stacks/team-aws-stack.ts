import type { Construct } from 'constructs';
import { type EnvironmentConfig, type PlatformConfig, stackNames, type TeamConfig } from '../config';
import type { SynthOptions } from './context';
import { PlatformStack } from './platform-stack';
import { awsProvider } from './providers';
import { defaultTags } from './tags';

export interface TeamAwsStackProps {
  readonly config: PlatformConfig;
  readonly environment: EnvironmentConfig;
  readonly team: TeamConfig;
  readonly options: SynthOptions;
}

/** A team's AWS side in one environment: ECR repositories, data bucket, CI role. */
export class TeamAwsStack extends PlatformStack {
  constructor(scope: Construct, props: TeamAwsStackProps) {
    const { platform } = props.config;
    const { environment: env, team } = props;
    const name = stackNames.teamAws(env.name, team.name);
    super(scope, name, { mode: props.options.mode, stateBackend: platform.stateBackend });
    awsProvider(this, {
      ...props.options,
      region: env.aws.region,
      accountId: env.aws.accountId,
      assumeRoleName: platform.aws.memberAccountRoleName,
      sessionName: `data-platform-${name}`,
      defaultTags: defaultTags(name, env.name, team.name, team.costCenter),
    });
  }
}
