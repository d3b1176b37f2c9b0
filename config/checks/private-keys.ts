/**
 * A private key anywhere in a config file would be committed: in any field (a comment, a description...), and in
 * the file's text itself (a `//` comment, a block comment, a string never read), also of a stray file in teams/. Found by structure, in every common
 * form (config/keys.ts); the words "private key" in a comment are fine. Never echoes the key.
 */
import { isRecord } from '../../domain/json';
import { type ConfigIssue, formatPath } from '../errors';
import { classifyPublicKey, PUBLIC_KEY_COMMAND, scanForPrivateKeys } from '../keys';
import type { ConfigSource } from '../sources';
import type { ConfigCheck } from './check';

/** Fields whose schema already reports a private key, with a precise message. */
const KEY_FIELDS = ['rsaPublicKey', 'rsaPublicKey2'];

const ROTATE =
  'treat the key as leaked: make a new key pair, remove this one from the file and from git history, and paste only public keys (' +
  PUBLIC_KEY_COMMAND +
  ')';

/** Every string value of `value` with its field path. */
function strings(value: unknown, path: PropertyKey[], out: Array<[PropertyKey[], string]>): void {
  if (path.length > 20) return;
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, [...path, i], out));
  else if (isRecord(value)) for (const [k, v] of Object.entries(value)) strings(v, [...path, k], out);
}

function check(source: ConfigSource): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  /** Lines already reported through a field: the text scan does not report them again. */
  const reported: Array<[number, number]> = [];
  const covered = (path: string) => {
    const at = source.locations?.get(path);
    if (at) reported.push([at.line, at.endLine]);
  };
  const found: Array<[PropertyKey[], string]> = [];
  strings(source.value, [], found);
  for (const [path, text] of found) {
    const at = formatPath(path);
    if (KEY_FIELDS.includes(String(path[path.length - 1]))) {
      if (classifyPublicKey(text).kind === 'private-key') covered(at);
      continue;
    }
    const [finding] = scanForPrivateKeys(text);
    if (!finding) continue;
    covered(at);
    issues.push({
      file: source.file,
      path: at,
      message: `contains a PRIVATE KEY (${finding.what}). Never commit a private key`,
      fix: ROTATE,
    });
  }
  if (source.text === undefined) return issues;
  for (const finding of scanForPrivateKeys(source.text)) {
    if (reported.some(([from, to]) => finding.line >= from && finding.line <= to)) continue;
    issues.push({
      file: source.file,
      path: '',
      line: finding.line,
      column: 1,
      message: `contains a PRIVATE KEY in its text (${finding.what}), e.g. in a comment. Never commit a private key`,
      fix: ROTATE,
    });
  }
  return issues;
}

export const privateKeys: ConfigCheck = {
  name: 'private-keys',
  run: ({ sources }) =>
    [sources.environments, sources.platform, ...sources.teams, ...(sources.otherFiles ?? [])].flatMap(check),
};
