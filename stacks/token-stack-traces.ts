/**
 * cdktf records a complete JavaScript stack trace for every token it creates (Intrinsic, Lazy, complex attribute
 * references: ~175 per stack here), only to print "token created at …" if that token later fails to resolve. The
 * capture and its formatting were half of synthesis time and memory (607 stacks: 20 s → 11 s, 500 → 210 MB).
 * cdktf has no switch for it (AWS CDK's CDK_DISABLE_STACK_TRACE has no cdktf counterpart), so this replaces the
 * capturing function of cdktf's private module. `DATA_PLATFORM_TOKEN_STACK_TRACES=1` keeps the traces, for
 * debugging an unresolvable token.
 *
 * Swapping cdktf for its fork (cdktn) may move this module: the function then reports `false` and synthesis is
 * slower but still correct; a unit test (test/stacks/token-stack-traces.test.ts) fails so nobody misses it.
 */

/** The cdktf module every token constructor calls (`(0, stack_trace_1.captureStackTrace)()`, looked up per call). */
const STACK_TRACE_MODULE = 'cdktf/lib/tokens/private/stack-trace';

/** That module, or undefined if it is not where cdktf 0.21 has it. */
const stackTraceModule: { captureStackTrace?: unknown } | undefined = (() => {
  try {
    // A private module: no typings, and a plain CommonJS export object whose property can be reassigned.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(STACK_TRACE_MODULE);
  } catch {
    return undefined;
  }
})();

let disabled = false;

/** Makes cdktf skip stack-trace capture for tokens created from now on; returns whether it is (now) off. */
export function disableTokenStackTraces(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.DATA_PLATFORM_TOKEN_STACK_TRACES === '1') return false;
  if (disabled) return true;
  if (typeof stackTraceModule?.captureStackTrace !== 'function') return false;
  stackTraceModule.captureStackTrace = (): string[] => [];
  disabled = true;
  return true;
}
