import type { Construct } from 'constructs';
import { type EnvironmentConfig, type PlatformConfig, stackNames } from '../config';
import type { SynthOptions } from './context';
import { PlatformStack } from './platform-stack';
import { awsProvider } from './providers';
import { defaultTags } from './tags';

export interface PlatformAwsStackProps {
  readonly config: PlatformConfig;
  readonly environment: EnvironmentConfig;
  readonly options: SynthOptions;
}

/** An environment's account baseline: CircleCI OIDC provider, registry scanning, this repository's pipeline roles. */
export class PlatformAwsStack extends PlatformStack {
  constructor(scope: Construct, props: PlatformAwsStackProps) {
    const { platform } = props.config;
    const env = props.environment;
    const name = stackNames.platformAws(env.name);
    super(scope, name, { mode: props.options.mode, stateBackend: platform.stateBackend });
    awsProvider(this, {
      ...props.options,
      region: env.aws.region,
      accountId: env.aws.accountId,
      assumeRoleName: platform.aws.memberAccountRoleName,
      sessionName: `data-platform-${name}`,
      defaultTags: defaultTags(name, env.name, 'platform', platform.costCenter),
    });
  }
}
