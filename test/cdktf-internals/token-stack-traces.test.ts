/**
 * Canary for patch 1 (cdktf-internals/token-stack-traces.ts): cdktf's per-token stack traces are switched off by
 * replacing a function of a private cdktf module. If cdktf (or its fork) moves or changes that module, these tests
 * fail: synthesis would still be right, only slow. Each test gets fresh copies of cdktf and the switch
 * (test/setup.ts has already switched the shared ones off).
 */
import { withDir } from './helpers';

type Cdktf = typeof import('cdktf');
type Switch = typeof import('../../cdktf-internals/token-stack-traces');

function fresh(): { cdktf: Cdktf; disableTokenStackTraces: Switch['disableTokenStackTraces'] } {
  let modules!: { cdktf: Cdktf; disableTokenStackTraces: Switch['disableTokenStackTraces'] };
  jest.isolateModules(() => {
    // A fresh copy of cdktf's module registry per test: only require() can load one inside isolateModules.
    /* eslint-disable @typescript-eslint/no-require-imports */
    modules = {
      cdktf: require('cdktf'),
      disableTokenStackTraces: (require('../../cdktf-internals/token-stack-traces') as Switch).disableTokenStackTraces,
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
  return modules;
}

const creationStackOfNewToken = ({ Lazy, Tokenization }: Cdktf) =>
  Tokenization.reverseString(Lazy.stringValue({ produce: () => 'x' })).firstToken!.creationStack;

/** Builds a stack with `build` in an app of that copy of cdktf and returns its synthesized JSON. */
function synthWith(cdktf: Cdktf, build: (stack: InstanceType<Cdktf['TerraformStack']>) => void): any {
  return withDir((outdir) => {
    const stack = new cdktf.TerraformStack(new cdktf.App({ outdir, stackTraces: false }), 'stack');
    build(stack);
    return JSON.parse(cdktf.Testing.synth(stack));
  });
}

/** The creation stack of a resource attribute reference (`${terraform_data.d.id}`), the most common token. */
function creationStackOfReference(cdktf: Cdktf): string[] {
  let reference = '';
  synthWith(cdktf, (stack) => {
    reference = new cdktf.DataResource(stack, 'd', { input: { x: 1 } }).id;
  });
  return cdktf.Tokenization.reverseString(reference).firstToken!.creationStack;
}

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

  it('are off for attribute references of resources too (the most common token)', () => {
    const before = fresh();
    expect(creationStackOfReference(before.cdktf).length).toBeGreaterThan(0);
    const after = fresh();
    after.disableTokenStackTraces({});
    expect(creationStackOfReference(after.cdktf)).toEqual([]);
  });

  it('leave resolution alone: lazy values and references still resolve into the synthesized JSON', () => {
    const { cdktf, disableTokenStackTraces } = fresh();
    disableTokenStackTraces({});
    const json = synthWith(cdktf, (stack) => {
      const d = new cdktf.DataResource(stack, 'd', { input: { x: 1 } });
      new cdktf.TerraformOutput(stack, 'lazy', { value: cdktf.Lazy.stringValue({ produce: () => 'produced' }) });
      new cdktf.TerraformOutput(stack, 'ref', { value: d.id });
    });
    expect(json.output.lazy.value).toBe('produced');
    expect(json.output.ref.value).toBe('${terraform_data.d.id}');
  });
});
