/**
 * Real `terraform validate` of every AWS stack of the example org (organization, each environment's platform
 * stack, each team's AWS stack), with the provider from the local mirror. Snowflake stacks are not validated:
 * no Snowflake provider binary exists on these machines; they are synthesized and asserted in test/snowflake.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stackNames } from '../../config';
import {
  formatDiagnostic,
  isAwsStack,
  listSynthesizedStacks,
  type SynthesizedStack,
  validateStack,
  validateStacksTogether,
} from '../../tools/terraform';
import { addBrokenStack, exampleConfig, requireTerraform, timer } from './helpers';
import { copySynth, sharedSynth } from './shared';

const config = exampleConfig();
const clock = timer();
let outdir: string;
let all: SynthesizedStack[];

beforeAll(async () => {
  requireTerraform();
  // A copy of this run's offline synth (test/terraform/shared.ts): the broken stacks below are added to it.
  outdir = copySynth(await sharedSynth(), fs.mkdtempSync(path.join(os.tmpdir(), 'dp-tf-validate-')));
  all = listSynthesizedStacks(outdir);
}, 120_000);

afterAll(() => {
  if (outdir) fs.rmSync(outdir, { recursive: true, force: true });

  if (clock.summary()) console.log(`terraform validate timings: ${clock.summary()}`);
});

describe('terraform validate (real terraform, offline)', () => {
  it('covers exactly the AWS stacks of the example org: organization, and per environment the platform and team AWS stacks', () => {
    const expected = [stackNames.organization];
    for (const env of config.environments) {
      expected.push(stackNames.platformAws(env.name));
      for (const team of config.teams.filter((t) => t.environmentNames.includes(env.name)))
        expected.push(stackNames.teamAws(env.name, team.name));
    }
    expect(
      all
        .filter(isAwsStack)
        .map((s) => s.name)
        .sort(),
    ).toEqual(expected.sort());
    expect(expected).toHaveLength(13);
    // The rest are Snowflake stacks, which are not validated here (no provider binary on this machine).
    expect(all.filter((s) => !isAwsStack(s)).every((s) => s.name.endsWith('-snowflake'))).toBe(true);
  });

  // One terraform run for everything: the 13 real stacks plus two deliberately broken copies. The broken ones prove
  // that errors of several child modules are all reported and attributed to their stack, so "no diagnostic for
  // a real stack" really means that stack is valid.
  it('finds every AWS stack valid, with one init and one validate for all of them (plus two broken copies)', async () => {
    addBrokenStack(outdir, stackNames.teamAws('dev', 'telehealth'), 'zz-broken-a-aws', 'schema');
    addBrokenStack(outdir, stackNames.organization, 'zz-broken-b-aws', 'schema');
    const real = all.filter(isAwsStack);
    const withBroken = listSynthesizedStacks(outdir).filter(isAwsStack);
    expect(withBroken).toHaveLength(real.length + 2);
    const result = await clock.time(`validate ${withBroken.length} stacks together`, () =>
      validateStacksTogether(withBroken),
    );

    expect(result.valid).toBe(false);
    const diagnostics = [...result.errors, ...result.warnings];
    expect(diagnostics.filter((d) => !d.stack?.startsWith('zz-broken-')).map(formatDiagnostic)).toEqual([]);
    for (const broken of ['zz-broken-a-aws', 'zz-broken-b-aws']) {
      const own = result.errors.filter((e) => e.stack === broken);
      expect(own.map((e) => `${e.summary}: ${e.detail}`)).toEqual([expect.stringMatching(/not_an_argument/)]);
    }
  });

  it('validates one stack at a time too (its own init and validate), reporting its errors', async () => {
    const broken = await clock.time('validate 1 broken stack alone', () =>
      validateStack(path.join(outdir, 'stacks', 'zz-broken-a-aws')),
    );
    expect(broken.valid).toBe(false);
    expect(broken.errors.map((e) => `${e.location}: ${e.detail}`)).toEqual([
      expect.stringMatching(/^cdk\.tf\.json:\d+: .*not_an_argument/),
    ]);
  });
});
