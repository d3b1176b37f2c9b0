import type { App, TerraformStack } from 'cdktf';
import { standInStack } from '../cdktf-internals';
import { type PlatformConfig, stackNames } from '../config';
import type { SynthOptions } from './context';
import { OrganizationStack } from './organization-stack';
import { PlatformAwsStack } from './platform-aws-stack';
import { PlatformSnowflakeStack } from './platform-snowflake-stack';
import type { PlatformStack } from './platform-stack';
import { TeamAwsStack } from './team-aws-stack';
import { stateAccessLayout } from './state-access';
import { TeamSnowflakeStack } from './team-snowflake-stack';

/** One stack of the platform, before it is built: what it is called, what kind, and what must deploy first. */
export interface StackSpec {
  readonly name: string;
  /** The stack class; stacks of one kind cost about the same to synthesize (synthesis shards deal them out). */
  readonly kind: string;
  /** Stacks that deploy before this one, by name. */
  readonly dependsOn: readonly string[];
  readonly create: (app: App, options: SynthOptions) => PlatformStack;
}

/**
 * Every stack of the platform in deploy order: organization -> <env>-platform-* -> <env>-<team>-*, and producer
 * teams before the teams that read their data.
 */
export function platformStackSpecs(config: PlatformConfig): StackSpec[] {
  // Computed once, when the first platform AWS stack is built (and only then: shards may build none).
  let layout: ReturnType<typeof stateAccessLayout> | undefined;
  const stateAccess = () => (layout ??= stateAccessLayout(config));
  const specs: StackSpec[] = [
    {
      name: stackNames.organization,
      kind: 'organization',
      dependsOn: [],
      create: (app, options) => new OrganizationStack(app, { config, options }),
    },
  ];
  for (const environment of config.environments) {
    const { platformAws, platformSnowflake } = environment.stacks;
    specs.push(
      {
        name: platformAws,
        kind: 'platform-aws',
        dependsOn: [stackNames.organization],
        create: (app, options) =>
          new PlatformAwsStack(app, { platform: config.platform, environment, stateAccess: stateAccess(), options }),
      },
      {
        name: platformSnowflake,
        kind: 'platform-snowflake',
        dependsOn: [],
        create: (app, options) => new PlatformSnowflakeStack(app, { platform: config.platform, environment, options }),
      },
    );
    const here = new Map(environment.teams.map((t) => [t.name, t]));
    for (const team of environment.teams) {
      // Producers of the datasets the team reads deploy first (validation keeps them in the same environments).
      const producers = [...new Set(team.snowflake.reads.map((r) => r.dataset.team))].filter((p) => here.has(p));
      specs.push(
        {
          name: team.stacks.aws,
          kind: 'team-aws',
          dependsOn: [platformAws],
          create: (app, options) => new TeamAwsStack(app, { platform: config.platform, environment, team, options }),
        },
        {
          name: team.stacks.snowflake,
          kind: 'team-snowflake',
          dependsOn: [platformSnowflake, ...producers.map((p) => here.get(p)!.stacks.snowflake)],
          create: (app, options) =>
            new TeamSnowflakeStack(app, { platform: config.platform, environment, team, options }),
        },
      );
    }
  }
  return specs;
}

/**
 * Adds the platform's stacks to the app (all of them, or those named in `only`), with the deploy order as stack
 * dependencies. A dependency outside `only` is a stand-in (cdktf-internals/stand-in-stack.ts): the manifest still
 * names it, and nothing of it is built or synthesized.
 */
export function addPlatformStacks(
  app: App,
  config: PlatformConfig,
  options: SynthOptions,
  only?: ReadonlySet<string>,
): PlatformStack[] {
  const specs = platformStackSpecs(config).filter((s) => !only || only.has(s.name));
  const built = new Map<string, TerraformStack>();
  const stacks = specs.map((spec) => {
    const stack = spec.create(app, options);
    if (stack.stackName !== spec.name)
      throw new Error(`stacks/app.ts: the spec "${spec.name}" built a stack named "${stack.stackName}"`);
    built.set(spec.name, stack);
    return { spec, stack };
  });
  const standIn = (name: string) => {
    const stack = standInStack(app, name);
    built.set(name, stack);
    return stack;
  };
  for (const { spec, stack } of stacks) {
    for (const name of spec.dependsOn) stack.addDependency(built.get(name) ?? standIn(name));
  }
  return stacks.map((s) => s.stack);
}
