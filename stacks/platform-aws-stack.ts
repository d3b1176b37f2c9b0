import type { Construct } from 'constructs';
import { terraformStatePlanStatements } from '../constructs/aws/access-statements';
import { bucketArn } from '../constructs/aws/data-bucket';
import { EcrRegistryScanning } from '../constructs/aws/ecr-registry-scanning';
import { awsPartition } from '../constructs/aws/policy-document';
import { CircleCiOidcProvider } from '../constructs/ci/circleci-oidc-provider';
import { circleCiSubjects } from '../constructs/ci/circleci-subjects';
import { OidcTrustedRole } from '../constructs/ci/oidc-trusted-role';
import { circleciOidc, type EnvironmentConfig, type PlatformConfig, platformAwsNames, stackNames } from '../config';
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

    const oidc = circleciOidc(platform.circleci.organizationId);
    const names = platformAwsNames(platform.namePrefix);
    new CircleCiOidcProvider(this, 'circleci-oidc', { issuerUrl: oidc.issuerUrl, organizationId: platform.circleci.organizationId });
    new EcrRegistryScanning(this, 'ecr-scanning', { scanType: 'BASIC' });

    const trust = {
      // Derived, not referenced: the same ARN team stacks use, and the role plans without this stack's state.
      providerArn: oidc.providerArn(env.aws.accountId),
      providerHost: oidc.host,
      audience: platform.circleci.organizationId,
    };
    const project = { organizationId: platform.circleci.organizationId, projectIds: [platform.circleci.projectId] };
    const stateBucket = bucketArn(platform.stateBackend.bucket, awsPartition(platform.stateBackend.region));
    new OidcTrustedRole(this, 'plan-role', {
      ...trust,
      roleName: names.planRole,
      description: `Plans this environment's stacks from pull requests of the platform repository (any branch); read-only`,
      subjectPatterns: circleCiSubjects({ ...project, mainOnly: false }),
      managedPolicyArns: [`arn:${awsPartition(env.aws.region)}:iam::aws:policy/ReadOnlyAccess`],
      // Only this environment's state; plan also writes the S3 lock file.
      inlinePolicies: { 'terraform-state': terraformStatePlanStatements(stateBucket, `${platform.stateBackend.keyPrefix}/${env.name}-*`) },
    });
    // The one administrator role of the platform: it deploys every stack of this account, so it can do anything
    // here. It is trusted only from the main branch of this repository's own project (after review and merge).
    new OidcTrustedRole(this, 'deploy-role', {
      ...trust,
      roleName: names.deployRole,
      description: `Deploys this environment's stacks from the main branch of the platform repository`,
      subjectPatterns: circleCiSubjects({ ...project, mainOnly: true }),
      managedPolicyArns: [`arn:${awsPartition(env.aws.region)}:iam::aws:policy/AdministratorAccess`],
    });
  }
}
