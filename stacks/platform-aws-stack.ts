import type { Construct } from 'constructs';
import { EcrRegistryScanning } from '../constructs/aws/ecr-registry-scanning';
import { type StateAccessLayout, stateRoleStatements } from '../constructs/aws/state-access';
import { environmentAccountTypes, terraformReadStatements } from '../constructs/aws/terraform-read-actions';
import { addPipelineRoles } from '../constructs/ci/pipeline-roles';
import type { EnvironmentConfig, PlatformSettings } from '../config';
import type { SynthOptions } from './context';
import { PlatformStack } from './platform-stack';
import { awsProvider } from './providers';
import { stateScope } from './state-access';
import { defaultTags } from './tags';

export interface PlatformAwsStackProps {
  readonly platform: PlatformSettings;
  readonly environment: EnvironmentConfig;
  /** Who reaches which keys of the state bucket (stacks/state-access.ts), computed once for all stacks. */
  readonly stateAccess: StateAccessLayout;
  readonly options: SynthOptions;
}

/** An environment's account baseline: CircleCI OIDC provider, registry scanning, this repository's pipeline roles. */
export class PlatformAwsStack extends PlatformStack {
  constructor(scope: Construct, props: PlatformAwsStackProps) {
    const { platform, environment: env } = props;
    const name = env.stacks.platformAws;
    super(scope, name, { mode: props.options.mode, stateBackend: platform.stateBackend });
    awsProvider(this, {
      ...props.options,
      region: env.aws.region,
      accountId: env.aws.accountId,
      assumeRoleName: platform.aws.memberAccountRoleName,
      sessionName: `data-platform-${name}`,
      defaultTags: defaultTags(name, env.name, 'platform', platform.costCenter),
    });

    const names = platform.names;
    const state = props.stateAccess;
    const partition = env.aws.partition;
    new EcrRegistryScanning(this, 'ecr-scanning', { scanType: 'BASIC' });
    addPipelineRoles(this, {
      issuerUrl: platform.circleci.issuerUrl,
      providerHost: platform.circleci.oidcHost,
      // Derived, not referenced: the same ARN team stacks use, and the roles plan without this stack's state.
      providerArn: env.aws.oidcProviderArn,
      organizationId: platform.circleci.organizationId,
      projectIds: [platform.circleci.projectId],
      plan: {
        roleName: names.planRole,
        description: `Plans this environment's stacks from pull requests of the platform repository (any branch); read-only`,
        // Exactly what refreshing this account's resource types reads (no ReadOnlyAccess: it reads every team's
        // data), and only this environment's state; plan also writes the S3 lock file.
        inlinePolicies: {
          'terraform-state': stateRoleStatements(state, stateScope(state, env.name), 'plan'),
          'terraform-refresh': terraformReadStatements(environmentAccountTypes(), {
            partition,
            accountId: env.aws.accountId,
            region: env.aws.region,
          }),
        },
      },
      // The one administrator role of the platform: it deploys every stack of this account, so it can do anything
      // here. It is trusted only from the main branch of this repository's own project (after review and merge).
      deploy: {
        roleName: names.deployRole,
        description: `Deploys this environment's stacks from the main branch of the platform repository`,
        managedPolicyArns: [`arn:${partition}:iam::aws:policy/AdministratorAccess`],
        // AdministratorAccess writes any key of the state bucket: its own policy confines it to this environment's.
        inlinePolicies: { 'terraform-state': stateRoleStatements(state, stateScope(state, env.name), 'deploy') },
      },
    });
  }
}
