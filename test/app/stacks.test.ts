/**
 * The whole app over the example org: which stacks exist, how each is wired (backend, providers, tags, account pins)
 * and in which order they deploy. Expectations come from the example written out by hand
 * (test/fixtures/example-org.ts), not from the config's own formulas or copied output.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig, type PlatformConfig } from '../../config';
import type { SynthOptions } from '../../stacks/context';
import { OFFLINE_ENDPOINT } from '../../stacks/providers';
import { synthesizePlatform } from '../../stacks/synth';
import { REQUIRED_TAG_KEYS } from '../../stacks/tags';
import {
  ENV,
  ENVIRONMENTS,
  type Env,
  MANAGEMENT_ACCOUNT,
  platformSnowflake,
  STACKS,
  STATE_BUCKET,
  TEAM,
  TEAMS,
} from '../fixtures/example-org';

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

const expectedStacks = () => [...STACKS].sort();
/** The environment of a stack by its name (`<env>-...`), or undefined for the organization stack. */
const envOfStack = (stack: string) => ENVIRONMENTS.find((e) => stack.startsWith(`${e}-`));

const awsStacks = () => [...live.stacks.keys()].filter((s) => s === 'organization' || s.endsWith('-aws'));
const snowflakeStacks = () => [...live.stacks.keys()].filter((s) => s.endsWith('-snowflake'));

describe('the example org', () => {
  it('has the three environments and three teams the README describes', () => {
    expect(config.environments.map((e) => e.name)).toEqual([...ENVIRONMENTS]);
    expect(config.teams.map((t) => t.name)).toEqual([...TEAMS]);
    // The consumer reads the producer's curated schema.
    expect(config.teams.find((t) => t.name === 'product-analytics')?.reads).toContainEqual({
      team: 'data-integration',
      schema: 'CURATED',
    });
  });

  it('synthesizes exactly one stack per kind, environment and team', () => {
    expect([...live.stacks.keys()].sort()).toEqual(expectedStacks());
    expect(Object.keys(live.manifest.stacks).sort()).toEqual(expectedStacks());
    expect(live.stacks.size).toBe(25);
  });
});

describe('state backends', () => {
  it('live: every stack has its own encrypted S3 key containing its name, with S3 lock files', () => {
    const keys = new Set<string>();
    for (const [name, stack] of live.stacks) {
      const s3 = stack.terraform.backend.s3;
      expect(s3).toMatchObject({ bucket: STATE_BUCKET, encrypt: true, use_lockfile: true });
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
  const accountOf = (stack: string) => {
    const env = envOfStack(stack);
    return env ? ENV[env].accountId : MANAGEMENT_ACCOUNT;
  };

  it('set every required tag once through default tags, with the stack and team names', () => {
    for (const name of awsStacks()) {
      const [provider] = live.stacks.get(name)!.provider.aws;
      const tags = provider.default_tags[0].tags;
      expect(Object.keys(tags).sort()).toEqual([...REQUIRED_TAG_KEYS].sort());
      expect(tags.stack).toBe(name);
      const team = TEAMS.find((t) => name.endsWith(`-${t}-aws`));
      expect(tags.team).toBe(team ?? 'platform');
      expect(tags['cost-center']).toBe(team ? TEAM[team].costCenter : 'data-platform');
    }
  });

  it('pin each stack to its own account, and assume the member-account role only in member accounts', () => {
    for (const name of awsStacks()) {
      const [provider] = live.stacks.get(name)!.provider.aws;
      expect(provider.allowed_account_ids).toEqual([accountOf(name)]);
      if (name === 'organization') expect(provider.assume_role).toBeUndefined();
      else {
        expect(provider.assume_role[0].role_arn).toBe(
          `arn:aws:iam::${accountOf(name)}:role/OrganizationAccountAccessRole`,
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
      const [organization, account] = ENV[envOfStack(name)!].snowflakeAccount.split('.');
      for (const provider of live.stacks.get(name)!.provider.snowflake) {
        expect(provider).toMatchObject({
          organization_name: organization,
          account_name: account,
          authenticator: 'SNOWFLAKE_JWT',
        });
        // The deploy user's key comes from SNOWFLAKE_PRIVATE_KEY; the account-admin user's from an ephemeral
        // variable (never written to plans or state). No key or password is ever a literal.
        if (provider.role === 'ACCOUNTADMIN')
          expect(provider.private_key).toBe('${var.snowflake_accountadmin_private_key}');
        else expect(provider.private_key).toBeUndefined();
        expect(provider.password).toBeUndefined();
      }
      const variables = live.stacks.get(name)!.variable as Record<string, Json> | undefined;
      expect(Object.keys(variables ?? {})).toEqual(['snowflake_accountadmin_private_key']);
      expect(variables!.snowflake_accountadmin_private_key).toMatchObject({ ephemeral: true, sensitive: true });
    }
  });

  it('team stacks run as the platform admin role and the user admin role (deploy user), ACCOUNTADMIN as another user', () => {
    for (const env of ENVIRONMENTS) {
      for (const team of TEAMS) {
        const providers = live.stacks.get(`${env}-${team}-snowflake`)!.provider.snowflake;
        const byAlias = new Map(providers.map((p: Json) => [p.alias, [p.role, p.user]]));
        expect(byAlias.get(undefined)).toEqual([platformSnowflake(env).adminRole, ENV[env].deployUser]);
        expect(byAlias.get('useradmin')).toEqual([platformSnowflake(env).userAdminRole, ENV[env].deployUser]);
        expect(byAlias.get('accountadmin')).toEqual(['ACCOUNTADMIN', ENV[env].accountAdminUser]);
      }
    }
  });

  it('account-level names never collide where environments share a Snowflake account', () => {
    // dev and staging share ACME_NONPROD: their platform roles differ by prefix; prod has its account to itself.
    const adminRoles = (env: Env) =>
      live.stacks.get(`${env}-platform-snowflake`)!.resource.snowflake_account_role as Record<string, Json>;
    const names = (env: Env) => Object.values(adminRoles(env)).map((r) => r.name);
    expect(names('dev').sort()).toEqual(['DEV_BI_READER', 'DEV_PLATFORM_ADMIN', 'DEV_PLATFORM_USERADMIN']);
    expect(names('staging').sort()).toEqual([
      'STAGING_BI_READER',
      'STAGING_PLATFORM_ADMIN',
      'STAGING_PLATFORM_USERADMIN',
    ]);
    expect(names('prod').sort()).toEqual(['BI_READER', 'PLATFORM_ADMIN', 'PLATFORM_USERADMIN']);
  });
});

describe('deploy order', () => {
  const deps = (stack: string): string[] => live.manifest.stacks[stack].dependencies;

  it("organization, then each environment's platform, then its teams", () => {
    for (const env of ENVIRONMENTS) {
      expect(deps(`${env}-platform-aws`)).toContain('organization');
      for (const team of TEAMS) {
        expect(deps(`${env}-${team}-aws`)).toContain(`${env}-platform-aws`);
        expect(deps(`${env}-${team}-snowflake`)).toContain(`${env}-platform-snowflake`);
      }
    }
  });

  it('producers deploy before the teams that read their data, and nothing else is ordered between teams', () => {
    for (const env of ENVIRONMENTS) {
      for (const team of TEAMS) {
        const producers = [...new Set(TEAM[team].reads.map((r) => r.team))];
        const teamDeps = deps(`${env}-${team}-snowflake`).filter((d) => !d.includes('-platform-'));
        expect(teamDeps.sort()).toEqual(producers.map((p) => `${env}-${p}-snowflake`).sort());
      }
    }
    expect(deps('prod-telehealth-snowflake').sort()).toEqual([
      'prod-data-integration-snowflake',
      'prod-platform-snowflake',
      'prod-product-analytics-snowflake',
    ]);
  });
});
