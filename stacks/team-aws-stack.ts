import type { Construct } from 'constructs';
import { circleCiSubjects } from '../constructs/ci/circleci-subjects';
import { TeamAwsWorkspace } from '../constructs/workspace/team-aws-workspace';
import {
  circleciOidc,
  type EnvironmentConfig,
  type PlatformConfig,
  stackNames,
  type TeamConfig,
  teamAwsNames,
} from '../config';
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

    const names = teamAwsNames(platform.namePrefix, env.name, team.name);
    const oidc = circleciOidc(platform.circleci.organizationId);
    const protection = platform.protectionLevels[env.protection];
    new TeamAwsWorkspace(this, 'workspace', {
      accountId: env.aws.accountId,
      region: env.aws.region,
      repositories: team.aws.ecrRepositories.map((r) => ({
        repositoryName: names.ecrRepository(r.name),
        keepTaggedImages: r.keepTaggedImages ?? platform.ecr.keepTaggedImages,
      })),
      untaggedExpiryDays: platform.ecr.untaggedExpiryDays,
      dataBucket: team.aws.dataBucket && {
        bucketName: names.dataBucket,
        noncurrentVersionExpirationDays: team.aws.dataBucket.noncurrentVersionExpirationDays,
      },
      ci: {
        roleName: names.ciRole,
        providerArn: oidc.providerArn(env.aws.accountId),
        providerHost: oidc.host,
        audience: platform.circleci.organizationId,
        // Strict environments (prod) accept only pipelines of the main branch.
        subjectPatterns: circleCiSubjects({
          organizationId: platform.circleci.organizationId,
          projectIds: team.aws.circleciProjectIds,
          mainOnly: env.protection === 'strict',
        }),
      },
      preventDestroy: protection.preventDestroy,
    });
  }
}
