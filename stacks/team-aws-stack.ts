import type { Construct } from 'constructs';
import { circleCiSubjects } from '../constructs/ci/circleci-subjects';
import { TeamAwsWorkspace } from '../constructs/workspace/team-aws-workspace';
import type { EnvironmentConfig, PlatformSettings, TeamEnvironmentConfig } from '../config';
import type { SynthOptions } from './context';
import { PlatformStack } from './platform-stack';
import { awsProvider } from './providers';
import { defaultTags } from './tags';

export interface TeamAwsStackProps {
  readonly platform: PlatformSettings;
  readonly environment: EnvironmentConfig;
  readonly team: TeamEnvironmentConfig;
  readonly options: SynthOptions;
}

/** A team's AWS side in one environment: ECR repositories, data bucket, CI role. */
export class TeamAwsStack extends PlatformStack {
  constructor(scope: Construct, props: TeamAwsStackProps) {
    const { platform, environment: env, team } = props;
    const name = team.stacks.aws;
    super(scope, name, { mode: props.options.mode, stateBackend: platform.stateBackend });
    awsProvider(this, {
      ...props.options,
      region: env.aws.region,
      accountId: env.aws.accountId,
      assumeRoleName: platform.aws.memberAccountRoleName,
      sessionName: `data-platform-${name}`,
      defaultTags: defaultTags(name, env.name, team.name, team.costCenter),
    });

    new TeamAwsWorkspace(this, 'workspace', {
      accountId: env.aws.accountId,
      region: env.aws.region,
      repositories: team.aws.repositories.map((r) => ({
        repositoryName: r.repositoryName,
        keepTaggedImages: r.keepTaggedImages,
      })),
      untaggedExpiryDays: platform.ecr.untaggedExpiryDays,
      dataBucket: team.aws.dataBucket,
      ci: {
        roleName: team.aws.ciRole.roleName,
        providerArn: env.aws.oidcProviderArn,
        providerHost: platform.circleci.oidcHost,
        audience: platform.circleci.organizationId,
        subjectPatterns: circleCiSubjects({
          organizationId: platform.circleci.organizationId,
          projectIds: team.aws.ciRole.circleciProjectIds,
          mainOnly: env.ci.deployFromMainOnly,
        }),
      },
      preventDestroy: env.protection.preventDestroy,
    });
  }
}
