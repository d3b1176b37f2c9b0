/** A private key pasted anywhere (a comment, a description...) would be committed: find it in every string. */
import { isRecord } from '../../domain/json';
import { type ConfigIssue, formatPath } from '../errors';
import type { ConfigCheck } from './check';

/** Fields whose schema already rejects a private key with a precise message. */
const KEY_FIELDS = ['rsaPublicKey', 'rsaPublicKey2'];

function find(issues: ConfigIssue[], file: string, value: unknown, path: PropertyKey[] = []): void {
  if (path.length > 20) return;
  if (typeof value === 'string') {
    if (/PRIVATE KEY/i.test(value) && !KEY_FIELDS.includes(String(path[path.length - 1]))) {
      issues.push({
        file,
        path: formatPath(path),
        message:
          'contains a PRIVATE KEY. Never commit a private key: rotate this key pair now and remove it from the file (and from git history)',
      });
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => find(issues, file, v, [...path, i]));
  } else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) find(issues, file, v, [...path, k]);
  }
}

export const privateKeys: ConfigCheck = {
  name: 'private-keys',
  run: ({ sources }) => {
    const issues: ConfigIssue[] = [];
    for (const source of [sources.environments, sources.platform, ...sources.teams])
      find(issues, source.file, source.value);
    return issues;
  },
};
