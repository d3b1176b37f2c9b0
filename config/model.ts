/**
 * The resolved configuration: what the validated config files mean, per environment and per team, with every
 * per-environment value and default resolved and every generated name computed (config/resolve.ts does it, once).
 * Stacks turn it into construct props, the tools describe it, validation checks its names against the services'
 * limits. Plain data only (it crosses to synthesis worker processes as it is).
 */
import type { AwsPartition } from '../domain/aws';
import type { SnowflakeEdition } from '../domain/snowflake-editions';
import type { SchemaObjectTypeName, SchemaWorkload } from '../domain/snowflake-privileges';
import type { WarehouseSize } from '../domain/snowflake-warehouses';
import type { Platform, ProtectionLevel, SuppressionConfig } from './schema';

/** A dataset of another team, written `<team>.<SCHEMA>` in `snowflake.reads` (config/datasets.ts parses it). */
export interface DatasetRef {
  readonly team: string;
  readonly schema: string;
}

export interface PlatformConfig {
  readonly platform: PlatformSettings;
  /** In the order of config/environments.ts. */
  readonly environments: readonly EnvironmentConfig[];
  /** The teams as defined, sorted by name (so the order of files on disk never matters). */
  readonly teams: readonly TeamConfig[];
}

/** Organization-wide settings (config/platform.ts) and the names that are the same in every account. */
export interface PlatformSettings {
  /** Repository-relative path of the platform file, for messages. */
  readonly file: string;
  readonly costCenter: string;
  readonly namePrefix: string;
  readonly aws: Platform['aws'] & {
    readonly managementPartition: AwsPartition;
    /** The CircleCI OIDC provider of the management account (the organization stack creates it). */
    readonly managementOidcProviderArn: string;
  };
  readonly stateBackend: Platform['stateBackend'] & { readonly partition: AwsPartition };
  readonly circleci: Platform['circleci'] & {
    /** `https://oidc.circleci.com/org/<id>`: the OIDC issuer of the organization's pipelines. */
    readonly issuerUrl: string;
    /** The provider's IAM condition-key prefix (`<host>:sub`, `<host>:aud`). */
    readonly oidcHost: string;
  };
  readonly github: Platform['github'];
  readonly guardrails: Platform['guardrails'];
  readonly ecr: { readonly untaggedExpiryDays: number };
  readonly suppressions: readonly SuppressionConfig[];
  /** Generated names of the platform's own AWS resources. */
  readonly names: {
    /** Plan role of this repository's pipeline, the same name in every account. */
    readonly planRole: string;
    /** Deploy role of this repository's pipeline, the same name in every account. */
    readonly deployRole: string;
    /** The organization's service control policy. */
    readonly serviceControlPolicy: string;
  };
}

/** What a protection level means in one environment (config/platform.ts `protectionLevels`). */
export interface ProtectionSettings {
  readonly level: ProtectionLevel;
  readonly dataRetentionTimeInDays: number;
  readonly preventDestroy: boolean;
}

export interface EnvironmentConfig {
  readonly name: string;
  readonly description?: string;
  readonly stacks: { readonly platformAws: string; readonly platformSnowflake: string };
  readonly protection: ProtectionSettings;
  readonly ci: {
    /** OIDC-trusted roles of this environment (team CI roles) accept only pipelines of the main branch. */
    readonly deployFromMainOnly: boolean;
  };
  readonly ecr: {
    /** The guardrail requires immutable image tags on every repository here. */
    readonly requireImmutableTags: boolean;
  };
  readonly aws: {
    readonly accountId: string;
    readonly accountName: string;
    readonly accountEmail: string;
    readonly organizationalUnit: 'prod' | 'nonprod';
    readonly region: string;
    readonly partition: AwsPartition;
    /** This account's CircleCI OIDC provider (the platform AWS stack creates it; every pipeline role trusts it). */
    readonly oidcProviderArn: string;
  };
  readonly snowflake: EnvironmentSnowflake;
  /** The teams deployed to this environment, sorted by name, each resolved for this environment. */
  readonly teams: readonly TeamEnvironmentConfig[];
}

export interface EnvironmentSnowflake {
  readonly organizationName: string;
  readonly accountName: string;
  /** `<organization>.<account>`: environments with the same one share a namespace. */
  readonly account: string;
  /** Prefix of account-level names here: `DEV_` when the account is shared with another environment, else empty. */
  readonly prefix: string;
  readonly edition: SnowflakeEdition;
  /**
   * Object administration (under SYSADMIN): owns team databases, schemas, database roles and warehouses; team
   * stacks' default provider runs as it.
   */
  readonly adminRole: string;
  /** Identity administration (under USERADMIN, not SYSADMIN): owns team account roles and service users. */
  readonly userAdminRole: string;
  /** The environment's deploy user: the platform stack creates it; it holds only `adminRole` and `userAdminRole`. */
  readonly deployUser: { readonly name: string; readonly rsaPublicKey: string; readonly rsaPublicKey2?: string };
  /** The user that holds ACCOUNTADMIN for the pipeline (created by hand; docs/runbook.md). */
  readonly accountAdminUser: string;
  /**
   * Every user the pipeline authenticates as in this environment's account: the deploy user, the account-admin user.
   * No user the platform creates for others (service or BI users) may have one of these names.
   */
  readonly deployUserNames: readonly string[];
  /** Holds the READ roles of schemas teams publish to BI; BI service users get it. */
  readonly biReaderRole: string;
  readonly biWarehouse: {
    readonly name: string;
    readonly monitorName: string;
    readonly size: WarehouseSize;
    readonly monthlyCreditQuota: number;
    /** Users emailed at the monitor's notify thresholds (the platform's `guardrails.resourceMonitor.notifyUsers`). */
    readonly notifyUsers: readonly string[];
  };
  readonly biUsers: readonly BiUserConfig[];
}

export interface BiUserConfig {
  /** Generated user name (with the environment's prefix). */
  readonly name: string;
  /** The name as written in config/platform.ts; the construct id is derived from it. */
  readonly key: string;
  readonly comment?: string;
  readonly rsaPublicKey: string;
}

/** A team as defined in its file, the same in every environment. */
export interface TeamConfig {
  readonly name: string;
  /** Repository-relative path of the team's file, for messages. */
  readonly file: string;
  readonly description: string;
  readonly owners: readonly string[];
  readonly costCenter: string;
  /** Environments the team is deployed to, in environment order. */
  readonly environmentNames: readonly string[];
  readonly schemas: readonly {
    readonly name: string;
    readonly comment?: string;
    readonly publishToBi: boolean;
    readonly workloads: readonly SchemaWorkload[];
  }[];
  readonly reads: readonly DatasetRef[];
  readonly suppressions: readonly SuppressionConfig[];
}

/** A team in one environment: everything its two stacks build, resolved and named. */
export interface TeamEnvironmentConfig {
  readonly name: string;
  readonly file: string;
  readonly environment: string;
  readonly description: string;
  readonly costCenter: string;
  readonly stacks: { readonly aws: string; readonly snowflake: string };
  readonly snowflake: TeamSnowflake;
  readonly aws: TeamAws;
}

export interface TeamSnowflake {
  readonly database: string;
  /** Account role of the team's people (`members`). */
  readonly teamRole: string;
  /** Account role of the team's service users. */
  readonly pipelineRole: string;
  readonly schemas: readonly TeamSchema[];
  readonly warehouses: readonly TeamWarehouse[];
  /** The datasets the team reads, in config order. */
  readonly reads: readonly TeamRead[];
  readonly serviceUsers: readonly TeamServiceUser[];
  /** Existing Snowflake users who get the team role. */
  readonly members: readonly string[];
  /** Users emailed at the notify thresholds of the team's monitors: the platform's, then the team's, each once. */
  readonly monitorNotifyUsers: readonly string[];
}

export interface TeamSchema {
  readonly name: string;
  readonly comment?: string;
  readonly publishToBi: boolean;
  /** Database roles (inside the team database). */
  readonly readRole: string;
  readonly writeRole: string;
  /** Account role that owns every object in the schema (held by the team and pipeline roles). */
  readonly ownerRole: string;
  readonly workloads: readonly SchemaWorkload[];
  /** The object types the schema holds: tables and views, and those of its workloads (domain/snowflake-privileges.ts). */
  readonly objectTypes: readonly SchemaObjectTypeName[];
}

export interface TeamWarehouse {
  /** Generated name. */
  readonly name: string;
  /** The name as written in the team's file. */
  readonly key: string;
  readonly comment?: string;
  readonly monitorName: string;
  readonly size: WarehouseSize;
  readonly monthlyCreditQuota: number;
  readonly maxClusterCount: number;
  readonly autoSuspendSeconds: number;
  readonly statementTimeoutSeconds: number;
}

export interface TeamRead {
  readonly dataset: DatasetRef;
  /** `<team>.<SCHEMA>`, as written in config. */
  readonly key: string;
  /** The producer's database in this environment. */
  readonly database: string;
  /** The READ database role of the producer's schema. */
  readonly readRole: string;
}

export interface TeamServiceUser {
  /** Generated name. */
  readonly name: string;
  /** The name as written in the team's file. */
  readonly key: string;
  readonly comment?: string;
  readonly rsaPublicKey: string;
  readonly rsaPublicKey2?: string;
  /** Generated name of the user's default warehouse: the one configured, else the team's first. */
  readonly defaultWarehouse?: string;
  readonly allowedIpList?: readonly string[];
  /** Set when `allowedIpList` is. */
  readonly networkPolicyName?: string;
}

export interface TeamAws {
  readonly repositories: readonly TeamRepository[];
  readonly dataBucket?: { readonly bucketName: string; readonly noncurrentVersionExpirationDays: number };
  /** The team's CI role; it exists only when projects may assume it and it has something to access. */
  readonly ciRole: { readonly roleName: string; readonly circleciProjectIds: readonly string[] };
}

export interface TeamRepository {
  /** `<team>/<name>`. */
  readonly repositoryName: string;
  /** The name as written in the team's file. */
  readonly key: string;
  readonly keepTaggedImages: number;
}
