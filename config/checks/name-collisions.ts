/** Generated names are unique where the service needs them unique: per Snowflake account, and S3 globally. */
import type { ConfigIssue } from '../errors';
import type { ConfigCheck } from './check';

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
          message: `generates the name "${name}", which ${previous} also generates`,
          given: name,
          fix: 'rename one of them',
        });
      } else seen.set(key, owner);
    };
    for (const env of model.environments) {
      const sf = env.snowflake;
      const account = sf.account;
      for (const n of [sf.adminRole, sf.userAdminRole, sf.biReaderRole])
        seen.set(`${account}/role/${n}`, 'the platform');
      seen.set(`${account}/warehouse/${sf.biWarehouse.name}`, 'the platform');
      for (const u of sf.biUsers) seen.set(`${account}/user/${u.name}`, 'the platform');
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
