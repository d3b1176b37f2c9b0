/**
 * What a team's file creates in each environment, read from the resolved config (the names the stacks build), so
 * the printed names are the real ones.
 */
import type { PlatformConfig } from '../../config';

export function describeTeam(config: PlatformConfig, teamName: string): string[] {
  const lines: string[] = [];
  for (const env of config.environments) {
    const team = env.teams.find((t) => t.name === teamName);
    if (!team) continue;
    const { snowflake: sf, aws } = team;
    const row = (label: string, value: string) => lines.push(`    ${`${label}:`.padEnd(15)}${value}`);
    lines.push(
      `  ${env.name}  (Snowflake ${env.snowflake.account}, AWS account ${env.aws.accountId} in ${env.aws.region})`,
    );
    row('stacks', `${team.stacks.snowflake}, ${team.stacks.aws}`);
    row('database', `${sf.database} with schemas ${sf.schemas.map((s) => s.name).join(', ')}`);
    row(
      'access roles',
      sf.schemas.flatMap((s) => [s.readRole, s.writeRole]).join(', ') + ` (database roles in ${sf.database})`,
    );
    row('owner roles', sf.schemas.map((s) => s.ownerRole).join(', '));
    row(
      'team roles',
      `${sf.teamRole} (members: ${sf.members.length ? sf.members.join(', ') : 'none yet'}), ${sf.pipelineRole} (service users: ${sf.serviceUsers.length ? sf.serviceUsers.map((u) => u.name).join(', ') : 'none yet'})`,
    );
    if (sf.reads.length) row('reads', sf.reads.map((r) => `${r.database}.${r.readRole}`).join(', '));
    for (const w of sf.warehouses) {
      row('warehouse', `${w.name} (${w.size}, ${w.monthlyCreditQuota} credits/month, monitor ${w.monitorName})`);
    }
    row('bucket', aws.dataBucket ? `s3://${aws.dataBucket.bucketName}` : 'none');
    row('repositories', aws.repositories.length ? aws.repositories.map((r) => r.repositoryName).join(', ') : 'none');
    row(
      'CI role',
      aws.ciRole.circleciProjectIds.length
        ? `${aws.ciRole.roleName} (CircleCI projects ${aws.ciRole.circleciProjectIds.join(', ')})`
        : 'none until aws.circleciProjectIds lists a CircleCI project',
    );
  }
  return lines;
}
