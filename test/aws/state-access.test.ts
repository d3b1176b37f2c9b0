/**
 * Who reaches which state keys: the pattern algebra (checked against brute force), the example org's layout
 * (every stack's real backend key belongs to exactly its own pipeline), and the refusal of layouts whose keys
 * overlap. What the statements allow is evaluated in test/access.
 */
import { type ConfigSources, type PlatformConfig, readConfigSources, stackNames, validateConfig } from '../../config';
import { arnPatternMatches, patternsIntersection } from '../../constructs/aws/arn-patterns';
import { scopeOfKey, stateBucketPolicyStatements } from '../../constructs/aws/state-access';
import { platformStackSpecs } from '../../stacks/app';
import { stateAccessLayout } from '../../stacks/state-access';
import { LIVE, synthStacks } from '../safety/addresses';
import { syntheticRsaPublicKey } from '../../bench/synthetic-keys';

type Sources = { -readonly [K in keyof ConfigSources]: any };
const example = readConfigSources().sources;
function configOf(edit: (s: Sources) => void = () => {}): PlatformConfig {
  const sources = structuredClone(example) as Sources;
  edit(sources);
  const result = validateConfig(sources);
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return result.config;
}

describe('patternsIntersection', () => {
  // Independent oracle: every string over the alphabet up to a length both patterns can need.
  const ALPHABET = ['a', 'b', '-'];
  const strings = (max: number): string[] => {
    const out = [''];
    for (let len = 1, layer = ['']; len <= max; len++) {
      layer = layer.flatMap((s) => ALPHABET.map((c) => s + c));
      out.push(...layer);
    }
    return out;
  };
  const universe = strings(6);
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pattern = () =>
    Array.from(
      { length: 1 + Math.floor(random() * 4) },
      () => ['a', 'b', '-', '*', '?'][Math.floor(random() * 5)],
    ).join('');

  it('finds a common string exactly when one exists, and the string matches both', () => {
    for (let i = 0; i < 400; i++) {
      const [p, q] = [pattern(), pattern()];
      const witness = patternsIntersection(p, q);
      const brute = universe.some((s) => arnPatternMatches(p, s) && arnPatternMatches(q, s));
      expect({ p, q, intersects: witness !== undefined }).toEqual({ p, q, intersects: brute });
      if (witness !== undefined)
        expect([arnPatternMatches(p, witness), arnPatternMatches(q, witness)]).toEqual([true, true]);
    }
  });

  it('sees the overlap of one environment name followed by "-" starting another', () => {
    expect(patternsIntersection('k/dev-*-aws.tfstate', 'k/dev-data-*-aws.tfstate')).toBe('k/dev-data--aws.tfstate');
    expect(patternsIntersection('k/dev-*-aws.tfstate', 'k/dev2-*-aws.tfstate')).toBeUndefined();
    expect(patternsIntersection('k/dev-*-aws.tfstate', 'k/dev-*-aws.tfstate.tflock')).toBeUndefined();
  });
});

describe('the state access layout of the example org', () => {
  const config = configOf();
  const layout = stateAccessLayout(config);
  const stacks = synthStacks(config, LIVE);

  it("puts every stack's S3 backend key, and its lock file, in exactly its own pipeline's scope", () => {
    const owner = (stack: string) =>
      stack === stackNames.organization
        ? stackNames.organization
        : config.environments.find((e) => stack.startsWith(`${e.name}-`))!.name;
    expect(stacks.size).toBe(platformStackSpecs(config).length);
    for (const [name, json] of stacks) {
      const key: string = json.terraform.backend.s3.key;
      for (const k of [key, `${key}.tflock`]) {
        const matching = layout.scopes.filter((s) => scopeOfKey({ ...layout, scopes: [s] }, k));
        expect({ key: k, scopes: matching.map((s) => s.name) }).toEqual({ key: k, scopes: [owner(name)] });
      }
    }
  });

  it('keeps the bootstrap state and every other key out of every scope', () => {
    for (const key of [
      'data-platform/bootstrap-state.tfstate',
      'data-platform/deployed/unknown.json',
      'other/dev-x-aws.tfstate',
    ])
      expect(scopeOfKey(layout, key.replace('data-platform', config.platform.stateBackend.keyPrefix))).toBeUndefined();
  });

  it('writes a bucket policy within S3 limits, one set of grants per scope, principals matched by exact ARN', () => {
    const statements = stateBucketPolicyStatements(layout);
    expect(statements).toHaveLength(4 * (config.environments.length + 1));
    for (const s of statements) {
      expect(s.Principal).toEqual({ AWS: '*' });
      expect(Object.keys(s.Condition!.ArnEquals!)).toEqual(['aws:PrincipalArn']);
      for (const arn of s.Condition!.ArnEquals!['aws:PrincipalArn'] as string[]) expect(arn).not.toMatch(/[*?]/);
    }
  });
});

describe('overlapping state keys are refused', () => {
  const dev = (example.environments.value as Record<string, any>).dev;
  const withEnvironment = (name: string, accountId: string) =>
    configOf((s) => {
      s.environments.value[name] = {
        ...structuredClone(dev),
        aws: { ...dev.aws, accountId, accountName: `data-platform-${name}`, accountEmail: `aws+${name}@example.com` },
        // Every environment has its own Snowflake deploy user.
        snowflake: {
          ...dev.snowflake,
          deployUser: {
            name: `${name.toUpperCase().replace(/-/g, '_')}_DEPLOYER`,
            rsaPublicKey: syntheticRsaPublicKey(`state-access/${name}`),
          },
        },
      };
    });

  it('an environment whose name is another one followed by "-" (dev and dev-data)', () => {
    const config = withEnvironment('dev-data', '444444444444');
    expect(() => stateAccessLayout(config)).toThrow(
      /environment "dev"'s state key pattern "data-platform\/dev-\*-aws\.tfstate" also matches environment "dev-data"'s "data-platform\/dev-data-\*-aws\.tfstate" \(e\.g\. "data-platform\/dev-data--aws\.tfstate"\)/,
    );
  });

  it("a scope whose keys would reach a reserved key (the state bucket's own state)", () => {
    const scope = {
      name: 'b',
      label: 'environment "b"',
      stateKeys: ['k/bootstrap-*'],
      recordKey: 'k/deployed/b.json',
      planRoleArn: 'p',
      deployRoleArn: 'd',
    };
    const layout = {
      bucketArn: 'arn:aws:s3:::s',
      scopes: [scope],
      reservedKeys: [{ key: 'k/bootstrap-state.tfstate', label: 'the bootstrap stack' }],
    };
    expect(() => stateBucketPolicyStatements(layout)).toThrow(
      /environment "b"'s state key pattern "k\/bootstrap-\*" also matches the bootstrap stack's "k\/bootstrap-state.tfstate"/,
    );
  });

  it('an environment named "bootstrap" is fine: its keys end in -aws/-snowflake.tfstate', () => {
    expect(() => stateAccessLayout(withEnvironment('bootstrap', '444444444444'))).not.toThrow();
  });

  it('but not environments that merely share a prefix without "-" (dev and dev2)', () => {
    expect(() => stateAccessLayout(withEnvironment('dev2', '444444444444'))).not.toThrow();
  });
});
