/**
 * Runs postReview for a list of scenarios, one after the other (a `concurrent` group at the same time), and prints
 * one JSON line per scenario. A separate process because Octokit is ESM-only and jest runs CommonJS; run with tsx:
 *   tsx test/review/helpers/post-driver.ts '<json: {baseUrl, scenarios: [...]}>'
 */
import { type PostOptions, postReview } from '../../../tools/review/github';
import { formatMarker } from '../../../tools/review/marker';

export interface Scenario {
  readonly token: string;
  readonly pr?: number;
  /** Look the pull request up from this commit instead of naming it. */
  readonly commit?: string;
  /** Text of each part (the marker is put in front). */
  readonly bodies: readonly string[];
  readonly sha?: string;
  readonly pipeline?: number;
  /** Wait this long before starting (to interleave concurrent runs). */
  readonly delayMs?: number;
  readonly options?: Partial<
    Pick<PostOptions, 'retries' | 'requestTimeoutMs' | 'maxRateLimitWaitSeconds' | 'retryBaseMs'>
  >;
}

export type Step = Scenario | { readonly concurrent: readonly Scenario[] };

async function one(baseUrl: string, s: Scenario): Promise<Record<string, unknown>> {
  if (s.delayMs) await new Promise((r) => setTimeout(r, s.delayMs));
  const started = Date.now();
  const log: string[] = [];
  try {
    const result = await postReview({
      target: {
        token: s.token,
        baseUrl,
        pr: s.pr !== undefined ? { owner: 'acme', repo: 'infra', number: s.pr } : undefined,
        commit: s.commit ? { owner: 'acme', repo: 'infra', sha: s.commit } : undefined,
      },
      parts: s.bodies.map(
        (b, i) => `${formatMarker({ sha: s.sha, pipeline: s.pipeline, part: i + 1, parts: s.bodies.length })}\n${b}`,
      ),
      retries: 3,
      retryBaseMs: 1,
      requestTimeoutMs: 20_000,
      writeSpacingMs: 0,
      log: (l) => log.push(l),
      ...s.options,
    });
    return { ok: true, ...result, log, ms: Date.now() - started };
  } catch (e) {
    const err = e as { message: string; status?: number; name: string };
    return { ok: false, name: err.name, status: err.status, message: err.message, log, ms: Date.now() - started };
  }
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2]) as { baseUrl: string; scenarios: Step[] };
  for (const step of input.scenarios) {
    if ('concurrent' in step) {
      const results = await Promise.all(step.concurrent.map((s) => one(input.baseUrl, s)));
      console.log(JSON.stringify({ ok: true, concurrent: results }));
    } else console.log(JSON.stringify(await one(input.baseUrl, step)));
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
