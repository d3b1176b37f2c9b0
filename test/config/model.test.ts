/**
 * The resolved model (config/resolve.ts): what the example org's files mean per environment and team, compared with
 * the example written out by hand (test/fixtures/example-org.ts), and how the resolver picks per-environment values,
 * defaults and names when the config changes.
 */
import { type ConfigSources, type PlatformConfig, readConfigSources, validateConfig } from '../../config';
import {
  awsNames,
  CIRCLECI_ORG,
  DEPLOY_ROLE,
  ENV,
  ENVIRONMENTS,
  MANAGEMENT_ACCOUNT,
  OIDC_HOST,
  PLAN_ROLE,
  PLATFORM_NOTIFY_USERS,
  platformSnowflake,
  snowflakeNames,
  TEAM,
  TEAMS,
} from '../fixtures/example-org';

type Sources = { -readonly [K in keyof ConfigSources]: any };
const example = readConfigSources().sources;

function resolved(edit: (s: Sources) => void = () => {}): PlatformConfig {
  const sources = structuredClone(example) as Sources;
  edit(sources);
  const result = validateConfig(sources);
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return result.config;
}

const config = resolved();
const envOf = (c: PlatformConfig, name: string) => c.environments.find((e) => e.name === name)!;
const teamOf = (c: PlatformConfig, env: string, team: string) => envOf(c, env).teams.find((t) => t.name === team)!;

describe('the resolved example org', () => {
  it('has the environments and teams written out in the fixture, every team in every environment', () => {
    expect(config.environments.map((e) => e.name)).toEqual([...ENVIRONMENTS]);
    expect(config.teams.map((t) => t.name)).toEqual([...TEAMS]);
    for (const env of config.environments) expect(env.teams.map((t) => t.name)).toEqual([...TEAMS]);
  });

  it('has the platform-wide names', () => {
    expect(config.platform.names).toEqual({
      planRole: PLAN_ROLE,
      deployRole: DEPLOY_ROLE,
      serviceControlPolicy: 'acme-dp-workload-guardrails',
    });
    expect(config.platform.circleci).toMatchObject({
      issuerUrl: `https://${OIDC_HOST}`,
      oidcHost: OIDC_HOST,
      organizationId: CIRCLECI_ORG,
    });
    expect(config.platform.aws.managementOidcProviderArn).toBe(
      `arn:aws:iam::${MANAGEMENT_ACCOUNT}:oidc-provider/${OIDC_HOST}`,
    );
  });

  it.each(ENVIRONMENTS)('%s: account, protection, CI and registry settings, Snowflake platform names', (name) => {
    const env = envOf(config, name);
    const want = ENV[name];
    const p = platformSnowflake(name);
    expect(env.stacks).toEqual({
      platformAws: `${name}-platform-aws`,
      platformSnowflake: `${name}-platform-snowflake`,
    });
    expect(env.protection).toEqual({
      level: want.protection,
      dataRetentionTimeInDays: want.dataRetentionTimeInDays,
      preventDestroy: want.preventDestroy,
    });
    expect(env.ci).toEqual({ deployFromMainOnly: want.deployFromMainOnly });
    expect(env.ecr).toEqual({ requireImmutableTags: want.requireImmutableTags });
    expect(env.aws).toMatchObject({
      accountId: want.accountId,
      accountName: want.accountName,
      partition: 'aws',
      oidcProviderArn: want.oidcProviderArn,
    });
    expect(env.snowflake).toMatchObject({
      account: want.snowflakeAccount,
      prefix: want.prefix,
      adminRole: p.adminRole,
      userAdminRole: p.userAdminRole,
      biReaderRole: p.biReaderRole,
      biWarehouse: { name: p.biWarehouse, monitorName: p.biMonitor, ...want.biWarehouse },
      edition: want.edition,
      accountAdminUser: want.accountAdminUser,
      deployUserNames: [want.deployUser, want.accountAdminUser],
    });
    expect(env.snowflake.deployUser.name).toBe(want.deployUser);
    expect(env.snowflake.biUsers.map((u) => [u.key, u.name])).toEqual([['LOOKER', p.biUsers[0]]]);
  });

  const cases = ENVIRONMENTS.flatMap((env) => TEAMS.map((team) => [`${env}-${team}`, env, team] as const));

  it.each(cases)('%s: every name and per-environment value', (_n, envName, teamName) => {
    const team = teamOf(config, envName, teamName);
    const want = TEAM[teamName];
    const n = snowflakeNames(envName, teamName);
    const aws = awsNames(envName, teamName);
    expect(team.stacks).toEqual({ aws: `${envName}-${teamName}-aws`, snowflake: `${envName}-${teamName}-snowflake` });
    expect(team.costCenter).toBe(want.costCenter);
    const sf = team.snowflake;
    expect([sf.database, sf.teamRole, sf.pipelineRole]).toEqual([n.database, n.teamRole, n.pipelineRole]);
    expect(sf.schemas.map((s) => [s.name, s.publishToBi, s.readRole, s.writeRole, s.ownerRole, s.workloads])).toEqual(
      want.schemas.map((s) => [
        s.name,
        s.publishToBi,
        `${s.name}_READ`,
        `${s.name}_WRITE`,
        n.ownerRole(s.name),
        s.workloads,
      ]),
    );
    for (const [i, s] of sf.schemas.entries())
      expect([...s.objectTypes].sort()).toEqual([...want.schemas[i].objectTypes].sort());
    expect(sf.warehouses).toEqual(
      want.warehouses[envName].map((x) => ({
        ...x,
        name: n.warehouse(x.key),
        monitorName: n.monitor(x.key),
        comment: undefined,
      })),
    );
    expect(sf.reads).toEqual(
      want.reads.map((r) => ({
        dataset: { team: r.team, schema: r.schema },
        key: `${r.team}.${r.schema}`,
        database: `${ENV[envName].prefix}${r.upper}`,
        readRole: `${r.schema}_READ`,
      })),
    );
    expect(
      sf.serviceUsers.map((u) => [u.key, u.name, u.defaultWarehouse, u.allowedIpList, u.networkPolicyName]),
    ).toEqual(
      want.serviceUsers.map((u) => [
        u.key,
        n.serviceUser(u.key),
        n.warehouse(u.defaultWarehouse),
        u.allowedIpList,
        u.allowedIpList ? n.networkPolicy(u.key) : undefined,
      ]),
    );
    expect(sf.members).toEqual(want.members);
    expect(sf.monitorNotifyUsers).toEqual([...PLATFORM_NOTIFY_USERS, ...want.notifyUsers]);
    expect(team.aws.repositories.map((r) => [r.key, r.repositoryName, r.keepTaggedImages])).toEqual(
      want.repositories.map((r, i) => [r.name, aws.repositories[i], r.keepTaggedImages]),
    );
    expect(team.aws.dataBucket).toEqual(want.dataBucket && { bucketName: aws.dataBucket, ...want.dataBucket });
    expect(team.aws.ciRole).toEqual({ roleName: aws.ciRole, circleciProjectIds: want.circleciProjectIds });
  });

  it('is plain data (it crosses to synthesis workers by structured clone unchanged)', () => {
    expect(structuredClone(config)).toEqual(config);
  });
});

describe('resolving', () => {
  it("falls back to `default`, then to the environment's defaults", () => {
    const c = resolved((s) => {
      const wh = s.teams.find((t: any) => t.value.name === 'telehealth').value.snowflake.warehouses[0];
      wh.size = { default: 'MEDIUM', staging: 'LARGE' };
      delete wh.monthlyCreditQuota;
    });
    const app = (env: string) => teamOf(c, env, 'telehealth').snowflake.warehouses[0];
    expect(['dev', 'staging', 'prod'].map((e) => app(e).size)).toEqual(['MEDIUM', 'LARGE', 'MEDIUM']);
    // No quota at all: environments.ts defaults (dev 10, staging 20, prod 100).
    expect(['dev', 'staging', 'prod'].map((e) => app(e).monthlyCreditQuota)).toEqual([10, 20, 100]);
  });

  it('drops the Snowflake prefix when an environment has its Snowflake account to itself', () => {
    const c = resolved((s) => void (s.environments.value.staging.snowflake.accountName = 'ACME_STAGING'));
    expect(c.environments.map((e) => e.snowflake.prefix)).toEqual(['', '', '']);
    expect(teamOf(c, 'dev', 'telehealth').snowflake.database).toBe('TELEHEALTH');
  });

  it('only has a team in the environments it lists, in environment order', () => {
    const c = resolved((s) => {
      const th = s.teams.find((t: any) => t.value.name === 'telehealth').value;
      th.environments = ['prod', 'dev'];
    });
    expect(c.teams.find((t) => t.name === 'telehealth')!.environmentNames).toEqual(['dev', 'prod']);
    expect(c.environments.map((e) => e.teams.some((t) => t.name === 'telehealth'))).toEqual([true, false, true]);
  });

  it('uses the platform default for repositories that keep no own number of tagged images', () => {
    const c = resolved((s) => void (s.platform.value.ecr.keepTaggedImages = 12));
    expect(teamOf(c, 'dev', 'data-integration').aws.repositories.map((r) => r.keepTaggedImages)).toEqual([12, 50]);
  });

  it('derives ARNs in the partition of the region', () => {
    const c = resolved((s) => {
      s.platform.value.aws.allowedRegions.push('cn-north-1');
      s.environments.value.prod.aws.region = 'cn-north-1';
    });
    expect(envOf(c, 'prod').aws.oidcProviderArn).toBe(`arn:aws-cn:iam::333333333333:oidc-provider/${OIDC_HOST}`);
    expect(envOf(c, 'dev').aws.oidcProviderArn).toBe(ENV.dev.oidcProviderArn);
  });

  it('makes main-only deploys and immutable tags the default of an environment that says nothing', () => {
    const c = resolved((s) => {
      delete s.environments.value.dev.ci;
      delete s.environments.value.dev.ecr;
    });
    expect([envOf(c, 'dev').ci.deployFromMainOnly, envOf(c, 'dev').ecr.requireImmutableTags]).toEqual([true, true]);
  });
});
