/**
 * cdktf's per-token stack traces are switched off for synthesis by replacing a function of a private cdktf module.
 * If cdktf (or its fork) moves or changes that module, these tests fail: synthesis would still be right, only slow.
 */
import { Lazy, TerraformOutput, Testing, Tokenization } from 'cdktf';
import { disableTokenStackTraces } from '../../stacks/token-stack-traces';

const creationStackOfNewToken = () => Tokenization.reverseString(Lazy.stringValue({ produce: () => 'x' })).firstToken!.creationStack;

describe('token stack traces', () => {
  it('are recorded by cdktf by default, and kept when DATA_PLATFORM_TOKEN_STACK_TRACES=1', () => {
    expect(disableTokenStackTraces({ DATA_PLATFORM_TOKEN_STACK_TRACES: '1' })).toBe(false);
    expect(creationStackOfNewToken().length).toBeGreaterThan(0);
  });

  it('are off for tokens created after disableTokenStackTraces(), which is idempotent', () => {
    expect(disableTokenStackTraces({})).toBe(true);
    expect(creationStackOfNewToken()).toEqual([]);
    expect(disableTokenStackTraces({})).toBe(true);
  });

  it('leave resolution alone: a lazy value still resolves into the synthesized JSON', () => {
    disableTokenStackTraces({});
    const json = JSON.parse(Testing.synthScope((scope) => new TerraformOutput(scope, 'out', { value: Lazy.stringValue({ produce: () => 'produced' }) })));
    expect(json.output.out.value).toBe('produced');
  });
});
