/**
 * Patch 1 of cdktf-internals: no stack trace per token.
 *
 * cdktf records a complete JavaScript stack trace for every token it creates (Intrinsic, Lazy, complex attribute
 * references: many per stack), only to print "token created at …" if that token later fails to resolve. The capture
 * and its formatting were a large share of synthesis time and memory (docs/benchmarks.md). cdktf has no switch for
 * it (AWS CDK's CDK_DISABLE_STACK_TRACE has no cdktf counterpart), so this replaces the capturing function of
 * cdktf's private module. `DATA_PLATFORM_TOKEN_STACK_TRACES=1` keeps the traces, for debugging an unresolvable token.
 *
 * Relies on: the module `cdktf/lib/tokens/private/stack-trace` exporting `captureStackTrace`, and every token
 * constructor calling it through that export object. If either changes, synthesis stays correct but slower;
 * test/cdktf-internals/token-stack-traces.test.ts fails to say so.
 */
import './version';

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
