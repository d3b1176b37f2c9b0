/**
 * Every Snowflake user created here has keys of its own: the same public key on two users (a copied team file
 * keeps the original's keys) lets whoever holds the private key sign in as both. Keys are compared decoded (their
 * modulus and exponent), not as text.
 */
import type { ConfigIssue } from '../errors';
import { classifyPublicKey } from '../keys';
import type { ConfigCheck } from './check';

interface KeyUse {
  readonly file: string;
  readonly path: string;
  /** The user, for messages: `BI user LOOKER`, `service user INGEST_SVC of team "data-integration"`. */
  readonly user: string;
  readonly key: string;
}

export const publicKeyReuse: ConfigCheck = {
  name: 'public-key-reuse',
  run: ({ parsed }) => {
    const uses: KeyUse[] = [];
    // The deploy users first: a team user with a deploy key would sign in with the platform's admin roles.
    for (const env of parsed.environments) {
      const { deployUser } = env.snowflake;
      const user = `deploy user ${deployUser.name} of environment "${env.name}"`;
      const at = `${env.name}.snowflake.deployUser`;
      uses.push({ file: parsed.files.environments, path: `${at}.rsaPublicKey`, user, key: deployUser.rsaPublicKey });
      if (deployUser.rsaPublicKey2)
        uses.push({
          file: parsed.files.environments,
          path: `${at}.rsaPublicKey2`,
          user,
          key: deployUser.rsaPublicKey2,
        });
    }
    for (const [i, u] of (parsed.platform?.snowflake.biServiceUsers ?? []).entries())
      uses.push({
        file: parsed.files.platform,
        path: `snowflake.biServiceUsers[${i}].rsaPublicKey`,
        user: `BI user ${u.name}`,
        key: u.rsaPublicKey,
      });
    for (const { file, team } of parsed.teams) {
      for (const [i, u] of team.snowflake.serviceUsers.entries()) {
        const user = `service user ${u.name} of team "${team.name}"`;
        const at = `snowflake.serviceUsers[${i}]`;
        uses.push({ file, path: `${at}.rsaPublicKey`, user, key: u.rsaPublicKey });
        if (u.rsaPublicKey2) uses.push({ file, path: `${at}.rsaPublicKey2`, user, key: u.rsaPublicKey2 });
      }
    }
    const issues: ConfigIssue[] = [];
    const first = new Map<string, KeyUse>();
    for (const use of uses) {
      const verdict = classifyPublicKey(use.key);
      if (verdict.kind !== 'ok') continue; // the field's own schema reports it
      const previous = first.get(verdict.identity);
      if (!previous) {
        first.set(verdict.identity, use);
        continue;
      }
      const sameUser = previous.user === use.user && previous.file === use.file;
      issues.push({
        file: use.file,
        path: use.path,
        message: sameUser
          ? 'is the same key as rsaPublicKey of this user: rsaPublicKey2 holds the next key while rotating'
          : `is the same public key as ${previous.user} (${previous.file} › ${previous.path}): whoever holds its private key could sign in as both`,
        given: verdict.fingerprint,
        fix: sameUser
          ? 'remove rsaPublicKey2, or set it to the new key'
          : 'make a key pair for each user (a copied team file keeps the keys of the original)',
      });
    }
    return issues;
  },
};
