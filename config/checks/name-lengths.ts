/** Every generated name fits its service's limit once prefixed (names come from the resolved model). */
import type { ConfigIssue } from '../errors';
import { LIMITS } from '../naming';
import type { ConfigCheck } from './check';

function checkLength(
  issues: ConfigIssue[],
  file: string,
  path: string,
  what: string,
  limit: number,
  names: readonly string[],
): void {
  const longest = names.reduce((a, b) => (b.length > a.length ? b : a), '');
  if (longest.length > limit) {
    issues.push({
      file,
      path,
      message: `makes the ${what} "${longest}" ${longest.length} characters long, over the limit of ${limit}`,
      given: longest.length,
      allowed: `at most ${limit} characters once prefixed`,
      fix: 'shorten the name',
    });
  }
}

export const nameLengths: ConfigCheck = {
  name: 'name-lengths',
  run: ({ model }) => {
    if (!model) return [];
    const issues: ConfigIssue[] = [];
    const platformFile = model.platform.file;
    // The i-th BI user's name in every environment (the model lists them in the order of biServiceUsers).
    const biUserNames = new Map<number, string[]>();
    for (const e of model.environments)
      for (const [i, u] of e.snowflake.biUsers.entries()) biUserNames.set(i, [...(biUserNames.get(i) ?? []), u.name]);
    for (const [i, names] of biUserNames) {
      checkLength(
        issues,
        platformFile,
        `snowflake.biServiceUsers[${i}].name`,
        'Snowflake user name',
        LIMITS.snowflakeIdentifier,
        names,
      );
    }
    checkLength(issues, platformFile, 'namePrefix', 'IAM role name', LIMITS.iamRole, [model.platform.names.deployRole]);

    // Team by team, environment by environment, in the order of the team's fields.
    const byFile = model.environments.map((env) => new Map(env.teams.map((t) => [t.file, t])));
    for (const definition of model.teams) {
      for (const teams of byFile) {
        const team = teams.get(definition.file);
        if (!team) continue;
        const { file, snowflake: sf, aws } = team;
        const id = 'Snowflake identifier';
        checkLength(issues, file, 'name', id, LIMITS.snowflakeIdentifier, [sf.database, sf.teamRole, sf.pipelineRole]);
        for (const [i, s] of sf.schemas.entries())
          checkLength(issues, file, `snowflake.schemas[${i}].name`, id, LIMITS.snowflakeIdentifier, [s.ownerRole]);
        for (const [i, w] of sf.warehouses.entries())
          checkLength(issues, file, `snowflake.warehouses[${i}].name`, id, LIMITS.snowflakeIdentifier, [
            w.name,
            w.monitorName,
          ]);
        for (const [i, u] of sf.serviceUsers.entries())
          checkLength(issues, file, `snowflake.serviceUsers[${i}].name`, id, LIMITS.snowflakeIdentifier, [
            u.name,
            ...(u.networkPolicyName ? [u.networkPolicyName] : []),
          ]);
        if (aws.dataBucket)
          checkLength(issues, file, 'name', 'S3 bucket name', LIMITS.s3Bucket, [aws.dataBucket.bucketName]);
        checkLength(issues, file, 'name', 'IAM role name', LIMITS.iamRole, [aws.ciRole.roleName]);
        for (const [i, r] of aws.repositories.entries())
          checkLength(issues, file, `aws.ecrRepositories[${i}].name`, 'ECR repository name', LIMITS.ecrRepository, [
            r.repositoryName,
          ]);
      }
    }
    return issues;
  },
};
