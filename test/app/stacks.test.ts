/**
 * The whole app over the example org: which stacks exist, how each is wired (backend, providers, tags, account pins)
 * and in which order they deploy. Expectations are derived from the config, not copied from output.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig, type PlatformConfig, stackNames } from '../../config';
import type { SynthOptions } from '../../stacks/context';
import { OFFLINE_ENDPOINT } from '../../stacks/providers';
import { synthesizePlatform } from '../../stacks/synth';
import { REQUIRED_TAG_KEYS } from '../../stacks/tags';

type Json = Record<string, any>;

function loadExample(): PlatformConfig {
  const result = loadConfig();
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return result.config;
}

function synth(config: PlatformConfig, options: SynthOptions) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-app-'));
  synthesizePlatform({ config, options, outdir });
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const stacks = new Map<string, Json>();
  for (const name of fs.readdirSync(path.join(outdir, 'stacks'))) {
    stacks.set(name, JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')));
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  return { manifest, stacks };
}

const config = loadExample();
const live = synth(config, { mode: 'live', awsAuth: 'assume-role' });
const offline = synth(config, { mode: 'offline', awsAuth: 'assume-role' });

function expectedStacks(): string[] {
  const names = [stackNames.organization];
  for (const env of config.environments) {
    names.push(stackNames.platformAws(env.name), stackNames.platformSnowflake(env.name));
    for (const team of config.teams.filter((t) => t.environmentNames.includes(env.name))) {
      names.push(stackNames.teamAws(env.name, team.name), stackNames.teamSnowflake(env.name, team.name));
    }
  }
  return names.sort();
}

const awsStacks = () => [...live.stacks.keys()].filter((s) => s === 'organization' || s.endsWith('-aws'));
const snowflakeStacks = () => [...live.stacks.keys()].filter((s) => s.endsWith('-snowflake'));

describe('the example org', () => {
  it('has the three environments and three teams the README describes', () => {
    expect(config.environments.map((e) => e.name)).toEqual(['dev', 'staging', 'prod']);
    expect(config.teams.map((t) => t.name)).toEqual(['data-integration', 'product-analytics', 'telehealth']);
    // The consumer reads the producer's curated schema.
    expect(config.teams.find((t) => t.name === 'product-analytics')?.snowflake.reads).toContain(
      'data-integration.CURATED',
    );
  });

  it('synthesizes exactly one stack per kind, environment and team', () => {
    expect([...live.stacks.keys()].sort()).toEqual(expectedStacks());
    expect(Object.keys(live.manifest.stacks).sort()).toEqual(expectedStacks());
    expect(live.stacks.size).toBe(1 + config.environments.length * (2 + 2 * config.teams.length));
  });
});

describe('state backends', () => {
  it('live: every stack has its own encrypted S3 key containing its name, with S3 lock files', () => {
    const keys = new Set<string>();
    for (const [name, stack] of live.stacks) {
      const s3 = stack.terraform.backend.s3;
      expect(s3).toMatchObject({ bucket: config.platform.stateBackend.bucket, encrypt: true, use_lockfile: true });
      expect(s3.key).toContain(name);
      keys.add(s3.key);
    }
    expect(keys.size).toBe(live.stacks.size);
  });

  it('offline: every stack uses a local backend and no S3 backend', () => {
    for (const stack of offline.stacks.values()) {
      expect(Object.keys(stack.terraform.backend)).toEqual(['local']);
    }
  });
});

describe('AWS providers', () => {
  const accountOf = (stack: string) =>
    stack === 'organization'
      ? config.platform.aws.managementAccountId
      : config.environments.find((e) => stack.startsWith(`${e.name}-`))!.aws.accountId;

  it('set every required tag once through default tags, with the stack and team names', () => {
    for (const name of awsStacks()) {
      const [provider] = live.stacks.get(name)!.provider.aws;
      const tags = provider.default_tags[0].tags;
      expect(Object.keys(tags).sort()).toEqual([...REQUIRED_TAG_KEYS].sort());
      expect(tags.stack).toBe(name);
      const team = config.teams.find((t) => name.endsWith(`-${t.name}-aws`));
      expect(tags.team).toBe(team ? team.name : 'platform');
      expect(tags['cost-center']).toBe(team ? team.costCenter : config.platform.costCenter);
    }
  });

  it('pin each stack to its own account, and assume the member-account role only in member accounts', () => {
    for (const name of awsStacks()) {
      const [provider] = live.stacks.get(name)!.provider.aws;
      expect(provider.allowed_account_ids).toEqual([accountOf(name)]);
      if (name === 'organization') expect(provider.assume_role).toBeUndefined();
      else {
        expect(provider.assume_role[0].role_arn).toBe(
          `arn:aws:iam::${accountOf(name)}:role/${config.platform.aws.memberAccountRoleName}`,
        );
      }
    }
  });

  it('with ambient credentials (CI after OIDC), assume no role', () => {
    const ambient = synth(config, { mode: 'live', awsAuth: 'ambient' });
    for (const name of awsStacks()) expect(ambient.stacks.get(name)!.provider.aws[0].assume_role).toBeUndefined();
  });

  // Offline has no account pin: with skip_requesting_account_id the provider's account id is "", so
  // allowed_account_ids fails ("AWS account ID not allowed") as soon as a stack has a resource.
  it('offline: placeholder credentials, skip flags, a dead loopback proxy for every call, no account pin', () => {
    for (const name of awsStacks()) {
      const [provider] = offline.stacks.get(name)!.provider.aws;
      expect(provider).toMatchObject({
        access_key: 'offline-placeholder',
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: 'true',
      });
      expect(provider.allowed_account_ids).toBeUndefined();
      expect(provider.assume_role).toBeUndefined();
      expect(provider).toMatchObject({ http_proxy: OFFLINE_ENDPOINT, https_proxy: OFFLINE_ENDPOINT, max_retries: 1 });
      expect(provider.no_proxy).not.toMatch(/amazonaws|aws/);
    }
  });
});

describe('Snowflake providers', () => {
  it("connect to the environment's account with key-pair auth and no secret in the config", () => {
    for (const name of snowflakeStacks()) {
      const env = config.environments.find((e) => name.startsWith(`${e.name}-`))!;
      for (const provider of live.stacks.get(name)!.provider.snowflake) {
        expect(provider).toMatchObject({
          organization_name: env.snowflake.organizationName,
          account_name: env.snowflake.accountName,
          authenticator: 'SNOWFLAKE_JWT',
        });
        expect(provider.private_key).toBeUndefined();
        expect(provider.password).toBeUndefined();
      }
    }
  });

  it('team stacks run as the platform admin role, with ACCOUNTADMIN only behind an alias', () => {
    for (const env of config.environments) {
      for (const team of config.teams) {
        const providers = live.stacks.get(stackNames.teamSnowflake(env.name, team.name))!.provider.snowflake;
        const byAlias = new Map(providers.map((p: Json) => [p.alias, p.role]));
        expect(byAlias.get(undefined)).toBe(`${env.snowflakePrefix}PLATFORM_ADMIN`);
        expect(byAlias.get('accountadmin')).toBe('ACCOUNTADMIN');
      }
    }
  });

  it('account-level names never collide where environments share a Snowflake account', () => {
    const byAccount = new Map<string, string[]>();
    for (const env of config.environments) {
      const key = `${env.snowflake.organizationName}.${env.snowflake.accountName}`;
      byAccount.set(key, [...(byAccount.get(key) ?? []), env.snowflakePrefix]);
    }
    for (const prefixes of byAccount.values()) expect(new Set(prefixes).size).toBe(prefixes.length);
  });
});

describe('deploy order', () => {
  const deps = (stack: string): string[] => live.manifest.stacks[stack].dependencies;

  it("organization, then each environment's platform, then its teams", () => {
    for (const env of config.environments) {
      expect(deps(stackNames.platformAws(env.name))).toContain('organization');
      for (const team of config.teams) {
        expect(deps(stackNames.teamAws(env.name, team.name))).toContain(stackNames.platformAws(env.name));
        expect(deps(stackNames.teamSnowflake(env.name, team.name))).toContain(stackNames.platformSnowflake(env.name));
      }
    }
  });

  it('producers deploy before the teams that read their data, and nothing else is ordered between teams', () => {
    for (const env of config.environments) {
      for (const team of config.teams) {
        const producers = [...new Set(team.snowflake.reads.map((r) => r.split('.')[0]))];
        const teamDeps = deps(stackNames.teamSnowflake(env.name, team.name)).filter((d) => !d.includes('-platform-'));
        expect(teamDeps.sort()).toEqual(producers.map((p) => stackNames.teamSnowflake(env.name, p)).sort());
      }
    }
  });
});
