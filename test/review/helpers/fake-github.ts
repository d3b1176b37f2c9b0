/**
 * A small stand-in for the GitHub REST API on 127.0.0.1 (ephemeral port): the authenticated user, issue comments of
 * pull requests (with their authors, pagination, update and delete), pull requests of a commit, and scripted
 * failures. Tokens are users: token `good` is `review-bot`, token `other` is `someone-else`, token `bad` is rejected.
 * Behaviour by pull request number:
 *   PR 404   -> 404 Not Found
 *   PR 422   -> listing works, creating/updating answers 422 Validation Failed
 *   PR 503   -> the first two requests answer 503, then normal
 *   PR 500   -> always 500
 *   PR 429   -> the first request answers 429 with retry-after: 1 (secondary rate limit), then normal
 *   PR 403   -> the first request answers 403 with x-ratelimit-remaining: 0 and x-ratelimit-reset one second ahead
 *   PR 4290  -> always 429 with retry-after: 3600
 *   PR 408   -> never answers (the connection stays open until the server closes)
 * `commitPulls` maps a commit sha to the pull requests GET /repos/{o}/{r}/commits/{sha}/pulls returns.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeComment {
  id: number;
  body: string;
  /** Login of the author; default review-bot. */
  user?: string;
}

export interface FakeGitHub {
  readonly url: string;
  readonly comments: Map<number, FakeComment[]>;
  readonly commitPulls: Map<string, Array<{ number: number; state: 'open' | 'closed'; head: { sha: string } }>>;
  readonly requests: Array<{ method: string; path: string; status: number; at: number }>;
  close(): Promise<void>;
}

const USERS: Record<string, string> = { good: 'review-bot', other: 'someone-else' };

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(status === 204 ? undefined : JSON.stringify(body));
}

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const comments = new Map<number, FakeComment[]>();
  const commitPulls: FakeGitHub['commitPulls'] = new Map();
  const requests: FakeGitHub['requests'] = [];
  const seen = new Map<number, number>();
  let nextId = 1000;
  let base = '';

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', base);
      const reply = (status: number, body: unknown, headers?: Record<string, string>) => {
        requests.push({ method: req.method ?? '', path: url.pathname, status, at: Date.now() });
        send(res, status, body, headers);
      };
      const auth = req.headers.authorization ?? '';
      if (!/^(token|bearer) \S+$/i.test(auth)) return reply(401, { message: 'Requires authentication' });
      const token = auth.split(' ')[1];
      const login = USERS[token];
      if (!login) return reply(401, { message: 'Bad credentials' });
      if (url.pathname === '/user' && req.method === 'GET') return reply(200, { login, id: 1, type: 'User' });

      const pulls = /^\/repos\/([^/]+)\/([^/]+)\/commits\/([0-9a-f]+)\/pulls$/.exec(url.pathname);
      if (pulls && req.method === 'GET') return reply(200, commitPulls.get(pulls[3]) ?? []);

      const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
      const edit = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
      const pr = list
        ? Number(list[3])
        : edit
          ? ([...comments.entries()].find(([, cs]) => cs.some((c) => c.id === Number(edit[3])))?.[0] ?? 0)
          : 0;
      const count = (seen.get(pr) ?? 0) + 1;
      seen.set(pr, count);
      if (pr === 408) {
        requests.push({ method: req.method ?? '', path: url.pathname, status: 0, at: Date.now() });
        return; // never answer
      }
      if (pr === 500) return reply(500, { message: 'Server Error' });
      if (pr === 503 && count <= 2) return reply(503, { message: 'Service Unavailable' });
      if (pr === 429 && count === 1) {
        return reply(
          429,
          {
            message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          },
          { 'retry-after': '1' },
        );
      }
      if (pr === 4290) {
        return reply(429, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '3600' });
      }
      if (pr === 403 && count === 1) {
        return reply(
          403,
          { message: 'API rate limit exceeded for user ID 1.' },
          {
            'x-ratelimit-limit': '5000',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1),
          },
        );
      }
      if (pr === 404 || (!list && !edit)) return reply(404, { message: 'Not Found' });
      if (edit && pr === 0) return reply(404, { message: 'Not Found' });

      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { body?: string }) : {};
      const htmlUrl = (prNumber: number, id: number) =>
        `https://github.com/acme/infra/pull/${prNumber}#issuecomment-${id}`;
      const view = (c: FakeComment) => ({
        id: c.id,
        body: c.body,
        html_url: htmlUrl(pr, c.id),
        user: { login: c.user ?? 'review-bot' },
      });
      if (list && req.method === 'GET') {
        const all = comments.get(pr) ?? [];
        const perPage = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const headers: Record<string, string> = {};
        if (page * perPage < all.length) {
          const next = new URL(url.toString());
          next.searchParams.set('page', String(page + 1));
          headers.link = `<${next.toString()}>; rel="next"`;
        }
        return reply(200, slice.map(view), headers);
      }
      if (pr === 422 && req.method !== 'DELETE') {
        return reply(422, {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'IssueComment',
              code: 'custom',
              field: 'body',
              message: 'body is too long (maximum is 65536 characters)',
            },
          ],
        });
      }
      if (list && req.method === 'POST') {
        const comment = { id: nextId++, body: body.body ?? '', user: login };
        comments.set(pr, [...(comments.get(pr) ?? []), comment]);
        return reply(201, view(comment));
      }
      const target = edit ? comments.get(pr)?.find((c) => c.id === Number(edit[3])) : undefined;
      if (edit && target && (target.user ?? 'review-bot') !== login && req.method !== 'GET')
        return reply(403, { message: 'Must have admin rights to Repository.' });
      if (edit && target && req.method === 'PATCH') {
        target.body = body.body ?? '';
        return reply(200, view(target));
      }
      if (edit && target && req.method === 'DELETE') {
        comments.set(
          pr,
          comments.get(pr)!.filter((c) => c !== target),
        );
        return reply(204, undefined);
      }
      return reply(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    comments,
    commitPulls,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
