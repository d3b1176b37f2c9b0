import type { Construct } from 'constructs';
import { type EnvironmentConfig, type PlatformConfig, platformSnowflakeNames, stackNames } from '../config';
import type { SynthOptions } from './context';
import { PlatformStack } from './platform-stack';
import { snowflakeProvider } from './providers';

export interface PlatformSnowflakeStackProps {
  readonly config: PlatformConfig;
  readonly environment: EnvironmentConfig;
  readonly options: SynthOptions;
}

/** An environment's Snowflake platform: the platform role hierarchy, the shared BI warehouse, BI service users. */
export class PlatformSnowflakeStack extends PlatformStack {
  readonly names: ReturnType<typeof platformSnowflakeNames>;

  constructor(scope: Construct, props: PlatformSnowflakeStackProps) {
    const { platform } = props.config;
    const env = props.environment;
    super(scope, stackNames.platformSnowflake(env.name), { mode: props.options.mode, stateBackend: platform.stateBackend });
    this.names = platformSnowflakeNames(env.snowflakePrefix);
    // Creating roles, granting account privileges and assigning monitors need ACCOUNTADMIN: platform team only.
    snowflakeProvider(this, 'snowflake', {
      organizationName: env.snowflake.organizationName,
      accountName: env.snowflake.accountName,
      user: platform.snowflake.deployUser,
      role: 'ACCOUNTADMIN',
    });
  }
}
