/**
 * State safety and deletion protection over the example org: unique backend keys per stack, AWS providers pinned
 * to their environment's account, and lifecycle.prevent_destroy on every data-bearing resource of strict
 * environments. Expectations come from the example written out by hand (test/fixtures/example-org.ts).
 */
import { loadConfig, type PlatformConfig } from '../../config';
import { DATA_BEARING_TYPES } from '../../domain/data-bearing-resources';
import { ENV, ENVIRONMENTS, MANAGEMENT_ACCOUNT, STACKS, STATE_BUCKET, STATE_KEY_PREFIX } from '../fixtures/example-org';
import { type Json, LIVE, OFFLINE, synthStacks } from './addresses';

function example(): PlatformConfig {
  const result = loadConfig();
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return result.config;
}

const config = example();
const live = synthStacks(config, LIVE);
const offline = synthStacks(config, OFFLINE);

/** The AWS account each AWS stack must be pinned to: the management account, or its environment's. */
function expectedAccounts(): Map<string, string> {
  const accounts = new Map<string, string>([['organization', MANAGEMENT_ACCOUNT]]);
  for (const env of ENVIRONMENTS)
    for (const stack of STACKS.filter((s) => s.startsWith(`${env}-`) && s.endsWith('-aws')))
      accounts.set(stack, ENV[env].accountId);
  return accounts;
}

const awsProviders = (stack: Json): Json[] => stack.provider?.aws ?? [];

describe('state backends', () => {
  it('every stack has its own S3 state key containing the stack name, encrypted, with S3 lock files', () => {
    const keys = new Map<string, string>();
    for (const [name, stack] of live) {
      const s3 = stack.terraform.backend.s3;
      expect(s3).toMatchObject({
        bucket: STATE_BUCKET,
        region: 'eu-west-1',
        encrypt: true,
        use_lockfile: true,
      });
      expect(s3.key).toBe(`${STATE_KEY_PREFIX}/${name}.tfstate`);
      expect(keys.get(s3.key)).toBeUndefined();
      keys.set(s3.key, name);
    }
    expect(keys.size).toBe(live.size);
    expect([...live.keys()].sort()).toEqual([...STACKS].sort());
  });
});

describe('AWS account pinning', () => {
  it("live: every AWS provider of every AWS stack has allowed_account_ids = its environment's account", () => {
    const expected = expectedAccounts();
    const withAws = [...live]
      .filter(([, s]) => awsProviders(s).length > 0)
      .map(([n]) => n)
      .sort();
    expect(withAws).toEqual([...expected.keys()].sort());
    for (const [name, account] of expected) {
      const providers = awsProviders(live.get(name)!);
      expect(providers.length).toBeGreaterThan(0);
      for (const p of providers) expect({ name, allowed: p.allowed_account_ids }).toEqual({ name, allowed: [account] });
    }
  });

  it('offline: no AWS provider can reach an account (placeholder credentials, a loopback proxy for every call)', () => {
    for (const [name] of expectedAccounts()) {
      for (const p of awsProviders(offline.get(name)!)) {
        expect(p.access_key).toBe('offline-placeholder');
        for (const url of [p.http_proxy, p.https_proxy]) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:/);
      }
    }
  });

  it('Snowflake stacks configure no AWS provider (they cannot touch an AWS account)', () => {
    for (const [name, stack] of live) if (name.endsWith('-snowflake')) expect(awsProviders(stack)).toEqual([]);
  });
});

describe('deletion protection', () => {
  const strictEnvs = ENVIRONMENTS.filter((e) => ENV[e].preventDestroy);
  const standardEnvs = ENVIRONMENTS.filter((e) => !ENV[e].preventDestroy);
  const dataBearing = (stack: Json): Array<[string, Json]> =>
    Object.entries((stack.resource ?? {}) as Record<string, Record<string, Json>>)
      .filter(([type]) => DATA_BEARING_TYPES.includes(type))
      .flatMap(([type, byName]) =>
        Object.entries(byName).map(([name, body]) => [`${type}.${name}`, body] as [string, Json]),
      );

  it('the example has a strict (prod) environment and a standard one', () => {
    expect(strictEnvs).toEqual(['prod']);
    expect(standardEnvs.length).toBeGreaterThan(0);
  });

  it("every data-bearing resource in the strict environments' stacks has lifecycle.prevent_destroy", () => {
    const seenTypes = new Set<string>();
    for (const env of strictEnvs) {
      for (const [name, stack] of live) {
        if (!name.startsWith(`${env}-`)) continue;
        for (const [address, body] of dataBearing(stack)) {
          seenTypes.add(address.split('.')[0]);
          expect({ address: `${name} ${address}`, preventDestroy: body.lifecycle?.prevent_destroy }).toEqual({
            address: `${name} ${address}`,
            preventDestroy: true,
          });
        }
      }
    }
    // Not vacuous: every kind of data-bearing resource the example has in prod was checked.
    expect([...seenTypes].sort()).toEqual([
      'aws_ecr_repository',
      'aws_s3_bucket',
      'snowflake_database',
      'snowflake_schema',
    ]);
  });

  it('the member accounts of strict environments have lifecycle.prevent_destroy in the organization stack', () => {
    const accounts = dataBearing(live.get('organization')!).filter(([a]) => a.startsWith('aws_organizations_account.'));
    for (const env of strictEnvs) {
      const account = accounts.find(([, body]) => body.name === ENV[env].accountName);
      expect(account).toBeDefined();
      expect(account![1].lifecycle?.prevent_destroy).toBe(true);
    }
  });

  it("the Snowflake databases of strict environments keep the strict level's Time Travel", () => {
    for (const env of strictEnvs) {
      const days = ENV[env].dataRetentionTimeInDays;
      for (const [name, stack] of live) {
        if (!name.startsWith(`${env}-`)) continue;
        for (const body of Object.values((stack.resource?.snowflake_database ?? {}) as Record<string, Json>))
          expect(body.data_retention_time_in_days).toBeGreaterThanOrEqual(days);
      }
    }
  });
});
