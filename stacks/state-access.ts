/**
 * The state bucket's access layout from config: one scope per environment (its account's plan/deploy roles, the
 * keys of its `<env>-*-aws` and `<env>-*-snowflake` stacks) and one for the management account (the
 * `organization` stack). The bootstrap stack writes the bucket policy from it; the pipeline roles' own policies
 * are built from the same layout, so both sides always agree.
 */
import { bucketArn } from '../constructs/aws/data-bucket';
import { iamRoleArn } from '../constructs/aws/iam-statements';
import { assertStateKeysDisjoint, type StateAccessLayout, type StateScope } from '../constructs/aws/state-access';
import { type PlatformConfig, stackNames } from '../config';
import { type AwsPartition } from '../domain/aws';

/** The bootstrap stack (bootstrap/stack.ts) keeps its own state at `<keyPrefix>/bootstrap-state.tfstate`. */
export const BOOTSTRAP_STATE_STACK = 'bootstrap-state';

/** Name of the management account's deployed-revision record (`<keyPrefix>/deployed/management.json`). */
export const MANAGEMENT_RECORD = 'management';

/** Where the deploy job of a scope records what it deployed (written by its deploy role, read by its plan role). */
export function deployedRecordKey(keyPrefix: string, scope: string): string {
  return `${keyPrefix}/deployed/${scope}.json`;
}

/** `<keyPrefix>/<stack>.tfstate`, exactly as PlatformStack sets its S3 backend key. */
const stateKey = (keyPrefix: string, stack: string) => `${keyPrefix}/${stack}.tfstate`;

/** Throws if two scopes' keys could overlap (e.g. environments `dev` and `dev-data`). */
export function stateAccessLayout({ platform, environments }: PlatformConfig): StateAccessLayout {
  const { keyPrefix } = platform.stateBackend;
  const names = platform.names;
  const roles = (accountId: string, partition: AwsPartition) => {
    return {
      planRoleArn: iamRoleArn(partition, accountId, names.planRole),
      deployRoleArn: iamRoleArn(partition, accountId, names.deployRole),
    };
  };
  const scopes: StateScope[] = [
    {
      name: stackNames.organization,
      label: 'the organization stack',
      stateKeys: [stateKey(keyPrefix, stackNames.organization)],
      // The pipeline calls the management account's deploy `management` (tools/deploy/run.ts MANAGEMENT).
      recordKey: deployedRecordKey(keyPrefix, MANAGEMENT_RECORD),
      ...roles(platform.aws.managementAccountId, platform.aws.managementPartition),
    },
    ...environments.map((env) => ({
      name: env.name,
      label: `environment "${env.name}"`,
      // Every stack of the environment: `<env>-platform-aws`, `<env>-<team>-aws`, and the Snowflake ones.
      stateKeys: [stackNames.teamAws(env.name, '*'), stackNames.teamSnowflake(env.name, '*')].map((s) =>
        stateKey(keyPrefix, s),
      ),
      recordKey: deployedRecordKey(keyPrefix, env.name),
      ...roles(env.aws.accountId, env.aws.partition),
    })),
  ];
  const layout: StateAccessLayout = {
    bucketArn: bucketArn(platform.stateBackend.bucket, platform.stateBackend.partition),
    scopes,
    reservedKeys: [
      { key: stateKey(keyPrefix, BOOTSTRAP_STATE_STACK), label: 'the bootstrap stack (the state bucket itself)' },
    ],
  };
  try {
    assertStateKeysDisjoint(layout);
  } catch (error) {
    throw new Error(`${(error as Error).message}\nThe environment names are the keys of config/environments.ts.`, {
      cause: error,
    });
  }
  return layout;
}

/** The scope of the organization stack or of one environment. */
export function stateScope(layout: StateAccessLayout, name: string): StateScope {
  const scope = layout.scopes.find((s) => s.name === name);
  if (!scope) throw new Error(`No state scope "${name}" (scopes: ${layout.scopes.map((s) => s.name).join(', ')})`);
  return scope;
}
