/**
 * Every cross-file check of the config, in the order their problems are listed within a file. A new check is a new
 * file in this folder (see check.ts) and one line here.
 */
import { allowedRegions } from './allowed-regions';
import { autoSuspend } from './auto-suspend';
import type { ConfigCheck } from './check';
import { circleciProjects } from './circleci-projects';
import { datasetReads } from './dataset-reads';
import { environmentAccounts } from './environment-accounts';
import { nameCollisions } from './name-collisions';
import { nameLengths } from './name-lengths';
import { networkPolicies } from './network-policies';
import { perEnvironmentKeys } from './per-environment-keys';
import { privateKeys } from './private-keys';
import { publicKeyReuse } from './public-key-reuse';
import { readCycles } from './read-cycles';
import { resourceMonitorThresholds } from './resource-monitor-thresholds';
import { s3BucketNames } from './s3-bucket-names';
import { serviceUserWarehouses } from './service-user-warehouses';
import { snowflakeEdition } from './snowflake-edition';
import { snowflakeReservedNames } from './snowflake-reserved-names';
import { snowflakeUsers } from './snowflake-users';
import { uniqueStackNames } from './stack-names';
import { suppressions } from './suppressions';
import { teamEnvironments } from './team-environments';
import { teamNames } from './team-names';
import { uniqueNames } from './unique-names';

export type { CheckInput, ConfigCheck, ValidateOptions } from './check';

export const CONFIG_CHECKS: readonly ConfigCheck[] = [
  privateKeys,
  publicKeyReuse,
  environmentAccounts,
  allowedRegions,
  teamNames,
  teamEnvironments,
  uniqueNames,
  perEnvironmentKeys,
  resourceMonitorThresholds,
  autoSuspend,
  serviceUserWarehouses,
  snowflakeEdition,
  snowflakeUsers,
  networkPolicies,
  datasetReads,
  readCycles,
  circleciProjects,
  snowflakeReservedNames,
  nameLengths,
  nameCollisions,
  s3BucketNames,
  uniqueStackNames,
  suppressions,
];
