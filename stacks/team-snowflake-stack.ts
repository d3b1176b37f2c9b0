import type { Construct } from 'constructs';
import { type EnvironmentConfig, type PlatformConfig, platformSnowflakeNames, stackNames, type TeamConfig } from '../config';
import type { SynthOptions } from './context';
import { PlatformStack } from './platform-stack';
import { snowflakeProvider } from './providers';

export interface TeamSnowflakeStackProps {
  readonly config: PlatformConfig;
  readonly environment: EnvironmentConfig;
  readonly team: TeamConfig;
  readonly options: SynthOptions;
}

/** A team's Snowflake side in one environment: database, access roles, team roles, warehouses, users, grants. */
export class TeamSnowflakeStack extends PlatformStack {
  constructor(scope: Construct, props: TeamSnowflakeStackProps) {
    const { platform } = props.config;
    const { environment: env, team } = props;
    super(scope, stackNames.teamSnowflake(env.name, team.name), { mode: props.options.mode, stateBackend: platform.stateBackend });
    const platformNames = platformSnowflakeNames(env.snowflakePrefix);
    const account = { organizationName: env.snowflake.organizationName, accountName: env.snowflake.accountName, user: platform.snowflake.deployUser };
    // Team objects are owned by the platform admin role, never by the team's own roles.
    snowflakeProvider(this, 'snowflake', { ...account, role: platformNames.adminRole });
    // Only ACCOUNTADMIN may create resource monitors and assign them to warehouses.
    snowflakeProvider(this, 'snowflake-accountadmin', { ...account, role: 'ACCOUNTADMIN', alias: 'accountadmin' });
  }
}
