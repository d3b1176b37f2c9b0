import type { App } from 'cdktf';
import type { PlatformConfig } from '../config';
import type { SynthOptions } from './context';
import { OrganizationStack } from './organization-stack';
import { PlatformAwsStack } from './platform-aws-stack';
import { PlatformSnowflakeStack } from './platform-snowflake-stack';
import type { PlatformStack } from './platform-stack';
import { TeamAwsStack } from './team-aws-stack';
import { TeamSnowflakeStack } from './team-snowflake-stack';

/**
 * Adds every stack of the platform to the app, with the deploy order as stack dependencies:
 * organization -> <env>-platform-* -> <env>-<team>-*, and producer teams before the teams that read their data.
 */
export function addPlatformStacks(app: App, config: PlatformConfig, options: SynthOptions): PlatformStack[] {
  const organization = new OrganizationStack(app, { config, options });
  const stacks: PlatformStack[] = [organization];
  for (const environment of config.environments) {
    const platformAws = new PlatformAwsStack(app, { config, environment, options });
    platformAws.addDependency(organization);
    const platformSnowflake = new PlatformSnowflakeStack(app, { config, environment, options });
    stacks.push(platformAws, platformSnowflake);

    const teamSnowflake = new Map<string, TeamSnowflakeStack>();
    for (const team of config.teams.filter((t) => t.environmentNames.includes(environment.name))) {
      const aws = new TeamAwsStack(app, { config, environment, team, options });
      aws.addDependency(platformAws);
      const snowflake = new TeamSnowflakeStack(app, { config, environment, team, options });
      snowflake.addDependency(platformSnowflake);
      teamSnowflake.set(team.name, snowflake);
      stacks.push(aws, snowflake);
    }
    for (const team of config.teams) {
      const consumer = teamSnowflake.get(team.name);
      for (const producer of new Set(team.snowflake.reads.map((r) => r.split('.')[0]))) {
        const producerStack = teamSnowflake.get(producer);
        if (consumer && producerStack) consumer.addDependency(producerStack);
      }
    }
  }
  return stacks;
}

/** How many stacks `addPlatformStacks` makes for `config`, without building them (to size the synthesis). */
export function platformStackCount(config: PlatformConfig): number {
  return 1 + config.environments.reduce((n, env) => n + 2 + 2 * config.teams.filter((t) => t.environmentNames.includes(env.name)).length, 0);
}
