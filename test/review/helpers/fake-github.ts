/**
 * A small stand-in for the GitHub REST API on 127.0.0.1 (ephemeral port): issue comments of pull requests, with
 * pagination and scripted failures. Behaviour by pull request number:
 *   401 token "bad"      -> 401 Bad credentials (any PR)
 *   PR 404               -> 404 Not Found
 *   PR 422               -> listing works, creating/updating answers 422 Validation Failed
 *   PR 503               -> the first two requests answer 503, then normal
 *   PR 500               -> always 500
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeComment {
  id: number;
  body: string;
}

export interface FakeGitHub {
  readonly url: string;
  readonly comments: Map<number, FakeComment[]>;
  readonly requests: Array<{ method: string; path: string; status: number }>;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const comments = new Map<number, FakeComment[]>();
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
        requests.push({ method: req.method ?? '', path: url.pathname, status });
        send(res, status, body, headers);
      };
      const auth = req.headers.authorization ?? '';
      if (!/^(token|bearer) \S+$/i.test(auth)) return reply(401, { message: 'Requires authentication' });
      if (auth.split(' ')[1] === 'bad') return reply(401, { message: 'Bad credentials' });

      const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
      const edit = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
      const pr = list
        ? Number(list[3])
        : edit
          ? ([...comments.entries()].find(([, cs]) => cs.some((c) => c.id === Number(edit[3])))?.[0] ?? 0)
          : 0;
      const count = (seen.get(pr) ?? 0) + 1;
      seen.set(pr, count);
      if (pr === 500) return reply(500, { message: 'Server Error' });
      if (pr === 503 && count <= 2) return reply(503, { message: 'Service Unavailable' });
      if (pr === 404 || (!list && !edit)) return reply(404, { message: 'Not Found' });

      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { body?: string }) : {};
      const htmlUrl = (prNumber: number, id: number) =>
        `https://github.com/${list?.[1] ?? 'o'}/${list?.[2] ?? 'r'}/pull/${prNumber}#issuecomment-${id}`;
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
        return reply(
          200,
          slice.map((c) => ({ id: c.id, body: c.body, html_url: htmlUrl(pr, c.id) })),
          headers,
        );
      }
      if (pr === 422) {
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
        const comment = { id: nextId++, body: body.body ?? '' };
        comments.set(pr, [...(comments.get(pr) ?? []), comment]);
        return reply(201, { id: comment.id, body: comment.body, html_url: htmlUrl(pr, comment.id) });
      }
      if (edit && req.method === 'PATCH') {
        const comment = comments.get(pr)!.find((c) => c.id === Number(edit[3]))!;
        comment.body = body.body ?? '';
        return reply(200, { id: comment.id, body: comment.body, html_url: htmlUrl(pr, comment.id) });
      }
      return reply(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    comments,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
