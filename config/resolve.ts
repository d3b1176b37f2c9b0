/**
 * The resolver: parsed config files -> the resolved model (config/model.ts). The one place where a per-environment
 * value is picked for an environment and falls back to the environment's defaults, where `<team>.<SCHEMA>` reads
 * become references, and where every generated name (config/naming.ts) is computed. Validation checks these names
 * and stacks build from them, so both always agree.
 *
 * It also resolves configs that are not valid as a whole (a read of an unknown team, a per-environment value
 * without a default): validation resolves first and then checks the result, and discards it if anything is wrong.
 */
import { awsPartition } from '../domain/aws';
import { isRecord } from '../domain/json';
import { schemaObjectTypes } from '../domain/snowflake-privileges';
import { datasetKey, parseDatasetRef } from './datasets';
import type {
  EnvironmentConfig,
  EnvironmentSnowflake,
  PlatformConfig,
  PlatformSettings,
  TeamConfig,
  TeamEnvironmentConfig,
} from './model';
import {
  circleciOidc,
  platformAwsNames,
  platformSnowflakeNames,
  snowflakePrefix,
  stackNames,
  teamAwsNames,
  teamSnowflakeNames,
} from './naming';
import type { ParsedConfig, ParsedTeam } from './parse';
import type { Environment, PerEnvironment, Platform } from './schema';

/** The value of a per-environment setting in one environment (`default` when the environment is not named). */
function forEnvironment<T>(value: PerEnvironment<T> | undefined, env: string): T | undefined {
  if (value === undefined) return undefined;
  if (isRecord(value)) {
    const record = value as Record<string, T>;
    // Own keys only: `env in record` would find Object.prototype's members (an environment named "constructor").
    return Object.hasOwn(record, env) ? record[env] : record.default;
  }
  return value as T;
}

/** Resolves the parsed config (the environments and teams that parsed, and the platform, which must have). */
export function resolveConfig(parsed: ParsedConfig, platform: Platform): PlatformConfig {
  const settings = resolvePlatform(parsed.files.platform, platform);
  const teams = parsed.teams.map(teamDefinition);
  const accounts = parsed.environments.map((e) => snowflakeAccount(e));
  const environments = parsed.environments.map((env) => {
    const sharesAccount = accounts.filter((a) => a === snowflakeAccount(env)).length > 1;
    return resolveEnvironment(env, snowflakePrefix(env.name, sharesAccount), platform, parsed.teams);
  });
  return { platform: settings, environments, teams };
}

function snowflakeAccount(env: Environment): string {
  return `${env.snowflake.organizationName}.${env.snowflake.accountName}`;
}

function resolvePlatform(file: string, platform: Platform): PlatformSettings {
  const oidc = circleciOidc(platform.circleci.organizationId);
  const managementPartition = awsPartition(platform.aws.managementRegion);
  return {
    file,
    costCenter: platform.costCenter,
    namePrefix: platform.namePrefix,
    aws: {
      ...platform.aws,
      managementPartition,
      managementOidcProviderArn: oidc.providerArn(managementPartition, platform.aws.managementAccountId),
    },
    stateBackend: { ...platform.stateBackend, partition: awsPartition(platform.stateBackend.region) },
    circleci: { ...platform.circleci, issuerUrl: oidc.issuerUrl, oidcHost: oidc.host },
    github: platform.github,
    guardrails: platform.guardrails,
    ecr: { untaggedExpiryDays: platform.ecr.untaggedExpiryDays },
    suppressions: platform.suppressions,
    names: platformAwsNames(platform.namePrefix),
  };
}

function teamDefinition({ file, team, environmentNames }: ParsedTeam): TeamConfig {
  return {
    name: team.name,
    file,
    description: team.description,
    owners: team.owners,
    costCenter: team.costCenter,
    environmentNames,
    schemas: team.snowflake.schemas,
    reads: team.snowflake.reads.flatMap((r) => parseDatasetRef(r) ?? []),
    suppressions: team.suppressions,
  };
}

function resolveEnvironment(
  env: Environment,
  prefix: string,
  platform: Platform,
  teams: readonly ParsedTeam[],
): EnvironmentConfig {
  const partition = awsPartition(env.aws.region);
  const names = platformSnowflakeNames(prefix);
  const bi = platform.snowflake.biWarehouse;
  const snowflake: EnvironmentSnowflake = {
    organizationName: env.snowflake.organizationName,
    accountName: env.snowflake.accountName,
    account: snowflakeAccount(env),
    prefix,
    edition: env.snowflake.edition,
    adminRole: names.adminRole,
    userAdminRole: names.userAdminRole,
    deployUser: env.snowflake.deployUser,
    accountAdminUser: env.snowflake.accountAdminUser,
    deployUserNames: [env.snowflake.deployUser.name, env.snowflake.accountAdminUser],
    biReaderRole: names.biReaderRole,
    biWarehouse: {
      name: names.biWarehouse,
      monitorName: names.biMonitor,
      size: forEnvironment(bi.size, env.name) ?? env.defaults.warehouseSize,
      monthlyCreditQuota: forEnvironment(bi.monthlyCreditQuota, env.name) ?? env.defaults.monthlyCreditQuota,
      notifyUsers: platform.guardrails.resourceMonitor.notifyUsers,
    },
    biUsers: platform.snowflake.biServiceUsers.map((u) => ({
      name: names.biUser(u.name),
      key: u.name,
      comment: u.comment,
      rsaPublicKey: u.rsaPublicKey,
    })),
  };
  const resolved: Omit<EnvironmentConfig, 'teams'> = {
    name: env.name,
    description: env.description,
    stacks: {
      platformAws: stackNames.platformAws(env.name),
      platformSnowflake: stackNames.platformSnowflake(env.name),
    },
    protection: { level: env.protection, ...platform.protectionLevels[env.protection] },
    ci: { deployFromMainOnly: env.ci.deployFromMainOnly },
    ecr: { requireImmutableTags: env.ecr.requireImmutableTags },
    aws: {
      accountId: env.aws.accountId,
      accountName: env.aws.accountName,
      accountEmail: env.aws.accountEmail,
      organizationalUnit: env.aws.organizationalUnit,
      region: env.aws.region,
      partition,
      oidcProviderArn: circleciOidc(platform.circleci.organizationId).providerArn(partition, env.aws.accountId),
    },
    snowflake,
  };
  return {
    ...resolved,
    teams: teams.filter((t) => t.environmentNames.includes(env.name)).map((t) => resolveTeam(t, env, prefix, platform)),
  };
}

function resolveTeam(
  { file, team }: ParsedTeam,
  env: Environment,
  prefix: string,
  platform: Platform,
): TeamEnvironmentConfig {
  const sf = teamSnowflakeNames(prefix, team.name);
  const aws = teamAwsNames(platform.namePrefix, env.name, team.name);
  const warehouses = team.snowflake.warehouses.map((w) => ({
    name: sf.warehouse(w.name),
    key: w.name,
    comment: w.comment,
    monitorName: sf.monitor(w.name),
    size: forEnvironment(w.size, env.name) ?? env.defaults.warehouseSize,
    monthlyCreditQuota: forEnvironment(w.monthlyCreditQuota, env.name) ?? env.defaults.monthlyCreditQuota,
    maxClusterCount: forEnvironment(w.maxClusterCount, env.name) ?? env.defaults.maxClusterCount,
    autoSuspendSeconds: w.autoSuspendSeconds,
    statementTimeoutSeconds: w.statementTimeoutSeconds,
  }));
  return {
    name: team.name,
    file,
    environment: env.name,
    description: team.description,
    costCenter: team.costCenter,
    stacks: { aws: stackNames.teamAws(env.name, team.name), snowflake: stackNames.teamSnowflake(env.name, team.name) },
    snowflake: {
      database: sf.database,
      teamRole: sf.teamRole,
      pipelineRole: sf.pipelineRole,
      schemas: team.snowflake.schemas.map((s) => ({
        name: s.name,
        comment: s.comment,
        publishToBi: s.publishToBi,
        readRole: sf.accessRole(s.name, 'READ'),
        writeRole: sf.accessRole(s.name, 'WRITE'),
        ownerRole: sf.schemaOwnerRole(s.name),
        workloads: s.workloads,
        objectTypes: schemaObjectTypes(s.workloads),
      })),
      warehouses,
      reads: team.snowflake.reads.flatMap((text) => {
        const dataset = parseDatasetRef(text);
        if (!dataset) return []; // reported by the dataset-reads check
        const producer = teamSnowflakeNames(prefix, dataset.team);
        return [
          {
            dataset,
            key: datasetKey(dataset),
            database: producer.database,
            readRole: producer.accessRole(dataset.schema, 'READ'),
          },
        ];
      }),
      serviceUsers: team.snowflake.serviceUsers.map((u) => ({
        name: sf.serviceUser(u.name),
        key: u.name,
        comment: u.comment,
        rsaPublicKey: u.rsaPublicKey,
        rsaPublicKey2: u.rsaPublicKey2,
        defaultWarehouse: u.defaultWarehouse ? sf.warehouse(u.defaultWarehouse) : warehouses[0]?.name,
        allowedIpList: u.allowedIpList,
        networkPolicyName: u.allowedIpList ? sf.networkPolicy(u.name) : undefined,
      })),
      members: team.snowflake.members,
      monitorNotifyUsers: [
        ...new Set([...platform.guardrails.resourceMonitor.notifyUsers, ...team.snowflake.notifyUsers]),
      ],
    },
    aws: {
      repositories: team.aws.ecrRepositories.map((r) => ({
        repositoryName: aws.ecrRepository(r.name),
        key: r.name,
        keepTaggedImages: r.keepTaggedImages ?? platform.ecr.keepTaggedImages,
      })),
      dataBucket: team.aws.dataBucket && {
        bucketName: aws.dataBucket,
        noncurrentVersionExpirationDays: team.aws.dataBucket.noncurrentVersionExpirationDays,
      },
      ciRole: { roleName: aws.ciRole, circleciProjectIds: team.aws.circleciProjectIds },
    },
  };
}
