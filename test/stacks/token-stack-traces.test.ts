/**
 * cdktf's per-token stack traces are switched off for synthesis by replacing a function of a private cdktf module.
 * If cdktf (or its fork) moves or changes that module, these tests fail: synthesis would still be right, only slow.
 * Each test gets fresh copies of cdktf and the switch (test/setup.ts has already switched the shared ones off).
 */
type Cdktf = typeof import('cdktf');
type Switch = typeof import('../../stacks/token-stack-traces');

function fresh(): { cdktf: Cdktf; disableTokenStackTraces: Switch['disableTokenStackTraces'] } {
  let modules!: { cdktf: Cdktf; disableTokenStackTraces: Switch['disableTokenStackTraces'] };
  jest.isolateModules(() => {
    // A fresh copy of cdktf's module registry per test: only require() can load one inside isolateModules.
    /* eslint-disable @typescript-eslint/no-require-imports */
    modules = {
      cdktf: require('cdktf'),
      disableTokenStackTraces: (require('../../stacks/token-stack-traces') as Switch).disableTokenStackTraces,
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
  return modules;
}

const creationStackOfNewToken = ({ Lazy, Tokenization }: Cdktf) =>
  Tokenization.reverseString(Lazy.stringValue({ produce: () => 'x' })).firstToken!.creationStack;

describe('token stack traces', () => {
  it('are recorded by cdktf by default, and kept when DATA_PLATFORM_TOKEN_STACK_TRACES=1', () => {
    const { cdktf, disableTokenStackTraces } = fresh();
    expect(creationStackOfNewToken(cdktf).length).toBeGreaterThan(0);
    expect(disableTokenStackTraces({ DATA_PLATFORM_TOKEN_STACK_TRACES: '1' })).toBe(false);
    expect(creationStackOfNewToken(cdktf).length).toBeGreaterThan(0);
  });

  it('are off for tokens created after disableTokenStackTraces(), which is idempotent', () => {
    const { cdktf, disableTokenStackTraces } = fresh();
    expect(disableTokenStackTraces({})).toBe(true);
    expect(creationStackOfNewToken(cdktf)).toEqual([]);
    expect(disableTokenStackTraces({})).toBe(true);
  });

  it('leave resolution alone: a lazy value still resolves into the synthesized JSON', () => {
    const { cdktf, disableTokenStackTraces } = fresh();
    disableTokenStackTraces({});
    const { Lazy, TerraformOutput, Testing } = cdktf;
    const json = JSON.parse(
      Testing.synthScope(
        (scope) => new TerraformOutput(scope, 'out', { value: Lazy.stringValue({ produce: () => 'produced' }) }),
      ),
    );
    expect(json.output.out.value).toBe('produced');
  });
});
