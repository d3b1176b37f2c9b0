/**
 * What a team's file creates in each environment, named by config/naming.ts (the same functions the stacks use),
 * so the printed names are the real ones.
 */
import {
  forEnvironment,
  type PlatformConfig,
  stackNames,
  teamAwsNames,
  type TeamConfig,
  teamSnowflakeNames,
} from '../../config';

export function describeTeam(config: PlatformConfig, team: TeamConfig): string[] {
  const lines: string[] = [];
  const sf = team.snowflake;
  for (const env of config.environments.filter((e) => team.environmentNames.includes(e.name))) {
    const n = teamSnowflakeNames(env.snowflakePrefix, team.name);
    const aws = teamAwsNames(config.platform.namePrefix, env.name, team.name);
    const row = (label: string, value: string) => lines.push(`    ${`${label}:`.padEnd(15)}${value}`);
    lines.push(
      `  ${env.name}  (Snowflake ${env.snowflake.organizationName}.${env.snowflake.accountName}, AWS account ${env.aws.accountId} in ${env.aws.region})`,
    );
    row('stacks', `${stackNames.teamSnowflake(env.name, team.name)}, ${stackNames.teamAws(env.name, team.name)}`);
    row('database', `${n.database} with schemas ${sf.schemas.map((s) => s.name).join(', ')}`);
    row(
      'access roles',
      sf.schemas.flatMap((s) => [n.accessRole(s.name, 'READ'), n.accessRole(s.name, 'WRITE')]).join(', ') +
        ` (database roles in ${n.database})`,
    );
    row(
      'team roles',
      `${n.teamRole} (members: ${sf.members.length ? sf.members.join(', ') : 'none yet'}), ${n.pipelineRole} (service users: ${sf.serviceUsers.length ? sf.serviceUsers.map((u) => n.serviceUser(u.name)).join(', ') : 'none yet'})`,
    );
    if (sf.reads.length) {
      row(
        'reads',
        sf.reads
          .map((ref) => {
            const [producer, schema] = ref.split('.');
            return `${teamSnowflakeNames(env.snowflakePrefix, producer).database}.${n.accessRole(schema, 'READ')}`;
          })
          .join(', '),
      );
    }
    for (const w of sf.warehouses) {
      const size = forEnvironment(w.size, env.name) ?? env.defaults.warehouseSize;
      const quota = forEnvironment(w.monthlyCreditQuota, env.name) ?? env.defaults.monthlyCreditQuota;
      row('warehouse', `${n.warehouse(w.name)} (${size}, ${quota} credits/month, monitor ${n.monitor(w.name)})`);
    }
    row('bucket', team.aws.dataBucket ? `s3://${aws.dataBucket}` : 'none');
    row(
      'repositories',
      team.aws.ecrRepositories.length
        ? team.aws.ecrRepositories.map((r) => aws.ecrRepository(r.name)).join(', ')
        : 'none',
    );
    row(
      'CI role',
      team.aws.circleciProjectIds.length
        ? `${aws.ciRole} (CircleCI projects ${team.aws.circleciProjectIds.join(', ')})`
        : 'none until aws.circleciProjectIds lists a CircleCI project',
    );
  }
  return lines;
}
