/**
 * Every generated name, derived deterministically from config. The resolver (resolve.ts) calls these once; validation
 * checks the results against the services' limits and stacks pass them to constructs, so both always agree.
 * Changing a function here renames real resources.
 */

export const LIMITS = {
  s3Bucket: 63,
  iamRole: 64,
  ecrRepository: 256,
  snowflakeIdentifier: 255,
} as const;

/** `data-integration` -> `DATA_INTEGRATION`. */
export function snowflakeCase(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}

export const stackNames = {
  organization: 'organization',
  platformAws: (env: string) => `${env}-platform-aws`,
  platformSnowflake: (env: string) => `${env}-platform-snowflake`,
  teamAws: (env: string, team: string) => `${env}-${team}-aws`,
  teamSnowflake: (env: string, team: string) => `${env}-${team}-snowflake`,
};

/**
 * Prefix of account-level Snowflake objects: `DEV_` when the environment shares its Snowflake account with another
 * environment (so names never collide there), empty when it has the account to itself.
 */
export function snowflakePrefix(env: string, sharesAccount: boolean): string {
  return sharesAccount ? `${snowflakeCase(env)}_` : '';
}

export function platformSnowflakeNames(prefix: string) {
  return {
    /** Object administration: owns team databases, schemas, database roles, warehouses; granted to SYSADMIN. */
    adminRole: `${prefix}PLATFORM_ADMIN`,
    /** Identity administration: owns team account roles and service users; granted to USERADMIN, not SYSADMIN. */
    userAdminRole: `${prefix}PLATFORM_USERADMIN`,
    /** Holds the READ roles of schemas teams publish for BI; granted to BI service users. */
    biReaderRole: `${prefix}BI_READER`,
    biWarehouse: `${prefix}BI`,
    biMonitor: `${prefix}BI_MONITOR`,
    biUser: (name: string) => `${prefix}${name}`,
  };
}

export function teamSnowflakeNames(prefix: string, team: string) {
  const t = `${prefix}${snowflakeCase(team)}`;
  return {
    database: t,
    teamRole: `${t}_TEAM`,
    pipelineRole: `${t}_PIPELINE`,
    warehouse: (name: string) => `${t}_${name}`,
    monitor: (name: string) => `${t}_${name}_MONITOR`,
    serviceUser: (name: string) => `${t}_${name}`,
    networkPolicy: (user: string) => `${t}_${user}_POLICY`,
    /** The account role that owns every object of one schema. */
    schemaOwnerRole: (schema: string) => `${t}_${schema}_OWNER`,
    /** Database roles live inside the team database, so they need no prefix. */
    accessRole: (schema: string, level: 'READ' | 'WRITE') => `${schema}_${level}`,
  };
}

export function teamAwsNames(namePrefix: string, env: string, team: string) {
  return {
    dataBucket: `${namePrefix}-${env}-${team}-data`,
    ciRole: `${namePrefix}-${team}-ci`,
    ecrRepository: (name: string) => `${team}/${name}`,
  };
}

export function platformAwsNames(namePrefix: string) {
  return {
    planRole: `${namePrefix}-platform-plan`,
    deployRole: `${namePrefix}-platform-deploy`,
    serviceControlPolicy: `${namePrefix}-workload-guardrails`,
  };
}

export function circleciOidc(organizationId: string) {
  const host = `oidc.circleci.com/org/${organizationId}`;
  return {
    issuerUrl: `https://${host}`,
    /** The IAM condition-key prefix of this provider's claims, e.g. `${host}:sub`. */
    host,
    /** The provider's ARN in an account; `partition` is the account's (domain/aws.ts awsPartition). */
    providerArn: (partition: string, accountId: string) => `arn:${partition}:iam::${accountId}:oidc-provider/${host}`,
  };
}
