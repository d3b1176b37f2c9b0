/**
 * Generated names are unique where the service needs them unique: per Snowflake account, and S3 globally. Names the
 * platform already uses (the deploy user, the state bucket) are claimed first, so no generated name can take them.
 */
import type { ConfigIssue } from '../errors';
import type { EnvironmentConfig, PlatformConfig } from '../model';
import type { ConfigCheck } from './check';

/** A name that exists in every Snowflake account of an environment before any generated name, and who has it. */
export interface ReservedName {
  readonly name: string;
  readonly owner: string;
}

/**
 * The Snowflake users of an environment that no BI or service user may be named like: today the deploy user the
 * pipeline signs in as (the same in every account). Extend this list when users become per environment.
 */
export function reservedSnowflakeUsers(model: PlatformConfig, env: EnvironmentConfig): ReservedName[] {
  // Every environment sharing this Snowflake account signs in with its own users there.
  return model.environments
    .filter((e) => e.snowflake.account === env.snowflake.account)
    .flatMap((e) =>
      e.snowflake.deployUserNames.map((name) => ({
        name,
        owner: `a user the pipeline signs in as in environment "${e.name}" (its snowflake.deployUser or accountAdminUser)`,
      })),
    );
}

/** S3 bucket names the config uses but does not generate per team. */
export function reservedBucketNames(model: PlatformConfig): ReservedName[] {
  return [
    {
      name: model.platform.stateBackend.bucket,
      owner: `the Terraform state bucket (${model.platform.file} › stateBackend.bucket)`,
    },
  ];
}

export const nameCollisions: ConfigCheck = {
  name: 'name-collisions',
  run: ({ model }) => {
    if (!model) return [];
    const issues: ConfigIssue[] = [];
    const seen = new Map<string, string>();
    const claim = (key: string, owner: string, file: string, path: string, name: string) => {
      const previous = seen.get(key);
      if (previous && previous !== owner) {
        issues.push({
          file,
          path,
          message: `generates the name "${name}", which ${previous} also has`,
          given: name,
          fix: 'rename one of them',
        });
      } else seen.set(key, owner);
    };
    for (const b of reservedBucketNames(model)) seen.set(`s3/${b.name}`, b.owner);
    const platformFile = model.platform.file;
    for (const env of model.environments) {
      const sf = env.snowflake;
      const account = sf.account;
      for (const u of reservedSnowflakeUsers(model, env)) seen.set(`${account}/user/${u.name}`, u.owner);
      for (const n of [sf.adminRole, sf.userAdminRole, sf.biReaderRole])
        seen.set(`${account}/role/${n}`, 'the platform');
      seen.set(`${account}/warehouse/${sf.biWarehouse.name}`, 'the platform');
      for (const [i, u] of sf.biUsers.entries())
        claim(`${account}/user/${u.name}`, 'the platform', platformFile, `snowflake.biServiceUsers[${i}].name`, u.name);
      for (const team of env.teams) {
        const owner = `team "${team.name}"`;
        const n = team.snowflake;
        claim(`${account}/database/${n.database}`, owner, team.file, 'name', n.database);
        claim(`${account}/role/${n.teamRole}`, owner, team.file, 'name', n.teamRole);
        claim(`${account}/role/${n.pipelineRole}`, owner, team.file, 'name', n.pipelineRole);
        for (const [i, s] of n.schemas.entries())
          claim(`${account}/role/${s.ownerRole}`, owner, team.file, `snowflake.schemas[${i}].name`, s.ownerRole);
        for (const [i, w] of n.warehouses.entries())
          claim(`${account}/warehouse/${w.name}`, owner, team.file, `snowflake.warehouses[${i}].name`, w.name);
        for (const [i, u] of n.serviceUsers.entries())
          claim(`${account}/user/${u.name}`, owner, team.file, `snowflake.serviceUsers[${i}].name`, u.name);
        const bucket = team.aws.dataBucket?.bucketName;
        if (bucket) claim(`s3/${bucket}`, owner, team.file, 'name', bucket);
      }
    }
    return issues;
  },
};
