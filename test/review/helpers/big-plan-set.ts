/**
 * A synthetic set of plans the size of a large organization: the environments of the example config × `teams`
 * teams named as bench/org.ts names them × an AWS and a Snowflake stack each (300 teams: 1,800 stacks). Every stack
 * has its usual resources as no-ops; on top, a shared change updates every dev and staging team's CI role policy
 * (security-sensitive, with a diff each), a fifth of the dev warehouses are resized (cost), and exactly three
 * data-bearing resources are destroyed or replaced (the blockers, one in the last environment), so a test can check
 * that all of them survive fitting into GitHub comments.
 */
import { teamName } from '../../../bench/org';
import type { PlanJson, ResourceChange, StackPlan } from '../../../tools/review/index';
import { change, plan } from './plan-builder';

export interface BigPlanSet {
  readonly plans: StackPlan[];
  /** `<stack> <address>` of each blocker. */
  readonly blockers: string[];
  /** `<stack> <address>` of each security-sensitive change. */
  readonly security: string[];
  /** Names of the warehouses whose size changes. */
  readonly warehouses: string[];
}

function policy(team: string, extra: string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'EcrPushPull',
        Effect: 'Allow',
        Action: ['ecr:BatchGetImage', 'ecr:PutImage', ...extra],
        Resource: [`arn:aws:ecr:eu-west-1:111111111111:repository/${team}/jobs`],
      },
      {
        Sid: 'Bucket',
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: [`arn:aws:s3:::acme-dp-${team}-data/*`],
      },
    ],
  });
}

const noop = (address: string, values: Record<string, unknown>): ResourceChange =>
  change(address, ['no-op'], values, values);

export function bigPlanSet(environments: readonly string[], teams = 300): BigPlanSet {
  const plans: StackPlan[] = [];
  const blockers: string[] = [];
  const security: string[] = [];
  const warehouses: string[] = [];
  const last = environments[environments.length - 1];
  // Three blockers in three environments (the last one included), at teams spread over the set.
  const blockerAt = new Map<string, string>([
    [`${environments[0]}:${teamName(7)}`, 'delete-bucket'],
    [`${environments[Math.min(1, environments.length - 1)]}:${teamName(123)}`, 'delete-schema'],
    [`${last}:${teamName(Math.min(250, teams - 1))}`, 'replace-repository'],
  ]);
  for (const env of environments) {
    for (let i = 0; i < teams; i++) {
      const team = teamName(i);
      const kind = blockerAt.get(`${env}:${team}`);
      const awsStack = `${env}-${team}-aws`;
      const sfStack = `${env}-${team}-snowflake`;
      const bucket = { bucket: `acme-dp-${env}-${team}-data`, force_destroy: false };
      const repo = { name: `${team}/jobs`, image_tag_mutability: 'IMMUTABLE' };
      const aws: ResourceChange[] = [
        kind === 'delete-bucket'
          ? change('aws_s3_bucket.data', ['delete'], bucket, null)
          : noop('aws_s3_bucket.data', bucket),
        kind === 'replace-repository'
          ? change(
              'aws_ecr_repository.jobs',
              ['delete', 'create'],
              repo,
              { ...repo, name: `${team}/jobs-v2` },
              { replace_paths: [['name']] },
            )
          : noop('aws_ecr_repository.jobs', repo),
        noop('aws_iam_role.ci', { name: `acme-dp-${team}-ci` }),
      ];
      if (kind)
        blockers.push(
          `${kind === 'delete-bucket' ? awsStack : kind === 'delete-schema' ? sfStack : awsStack} ${kind === 'delete-bucket' ? 'aws_s3_bucket.data' : kind === 'delete-schema' ? 'snowflake_schema.raw' : 'aws_ecr_repository.jobs'}`,
        );
      if (env !== last) {
        aws.push(
          change(
            'aws_iam_role_policy.ci',
            ['update'],
            { name: 'team-resources', policy: policy(team, []) },
            { name: 'team-resources', policy: policy(team, ['ecr:DescribeImages']) },
          ),
        );
        security.push(`${awsStack} aws_iam_role_policy.ci`);
      } else aws.push(noop('aws_iam_role_policy.ci', { name: 'team-resources', policy: policy(team, []) }));
      plans.push({ stack: awsStack, status: 'planned', plan: plan(aws) });

      const warehouse = `${env.toUpperCase()}_${team.toUpperCase().replace(/-/g, '_')}_TRANSFORM`;
      const resized = env === environments[0] && i % 5 === 0;
      if (resized) warehouses.push(warehouse);
      const schema = { name: 'RAW', database: `${env.toUpperCase()}_${team.toUpperCase()}` };
      const sf: ResourceChange[] = [
        kind === 'delete-schema'
          ? change('snowflake_schema.raw', ['delete'], schema, null)
          : noop('snowflake_schema.raw', schema),
        resized
          ? change(
              'snowflake_warehouse.transform',
              ['update'],
              { name: warehouse, warehouse_size: 'XSMALL' },
              { name: warehouse, warehouse_size: 'SMALL' },
            )
          : noop('snowflake_warehouse.transform', { name: warehouse, warehouse_size: 'XSMALL' }),
      ];
      const p: PlanJson = {
        ...plan(sf),
        resource_changes: sf.map((rc) => ({ ...rc, provider_name: 'registry.terraform.io/snowflakedb/snowflake' })),
      };
      plans.push({ stack: sfStack, status: 'planned', plan: p });
    }
  }
  return { plans, blockers, security, warehouses };
}
