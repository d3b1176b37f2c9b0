/**
 * Runs upsertReviewComment for a list of scenarios, one after the other, and prints one JSON line per scenario.
 * A separate process because Octokit is ESM-only and jest runs CommonJS; run with tsx:
 *   tsx test/review/helpers/post-driver.ts '<json: {baseUrl, scenarios: [{token, pr, body}]}>'
 */
import { upsertReviewComment } from '../../../tools/review/github';
import { REVIEW_MARKER } from '../../../tools/review/render';

interface Scenario {
  readonly token: string;
  readonly pr: number;
  readonly body: string;
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2]) as { baseUrl: string; scenarios: Scenario[] };
  for (const s of input.scenarios) {
    const started = Date.now();
    try {
      const result = await upsertReviewComment({
        target: { token: s.token, baseUrl: input.baseUrl, pr: { owner: 'acme', repo: 'infra', number: s.pr } },
        body: `${REVIEW_MARKER}\n${s.body}`,
        marker: REVIEW_MARKER,
        retries: 3,
        retryBaseMs: 1,
        timeoutMs: 20_000,
      });
      console.log(JSON.stringify({ ok: true, ...result, ms: Date.now() - started }));
    } catch (e) {
      const err = e as { message: string; status?: number; name: string };
      console.log(
        JSON.stringify({
          ok: false,
          name: err.name,
          status: err.status,
          message: err.message,
          ms: Date.now() - started,
        }),
      );
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
