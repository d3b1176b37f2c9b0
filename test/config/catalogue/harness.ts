/**
 * What the bad-input catalogue's cases are made of: the example config (loaded once), helpers to change it in
 * memory or on disk, and key material made at test time (no private key is committed; the one fixed input, a
 * self-signed certificate, is public material).
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { syntheticRsaPublicKey } from '../../../bench/synthetic-keys';
import { type ConfigSources, readConfigSources } from '../../../config';

export type Sources = { -readonly [K in keyof ConfigSources]: any };

export const { sources: example, issues: loadIssues } = readConfigSources();

export const ENV = 'config/environments.ts';
export const PLATFORM = 'config/platform.ts';
export const DI = 'config/teams/data-integration.ts';
export const PA = 'config/teams/product-analytics.ts';
export const TH = 'config/teams/telehealth.ts';

export const envs = (s: Sources) => s.environments.value;
export const platform = (s: Sources) => s.platform.value;
export const team = (s: Sources, name: string) => s.teams.find((t: any) => t.value?.name === name)!.value;
export const addTeam = (s: Sources, file: string, value: any) => s.teams.push({ file, value });
export const copyOf = (s: Sources, name: string) => structuredClone(team(s, name));
export const long = (n: number) => 'a'.repeat(n);

/** A copy of the example's config files on disk, for cases about the text of a file (read by the real loader). */
export class ConfigCopy {
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), 'dp-catalogue-'));
  readonly configDir = path.join(this.root, 'config');

  constructor() {
    const repoConfig = path.resolve(__dirname, '..', '..', '..', 'config');
    fs.mkdirSync(path.join(this.configDir, 'teams'), { recursive: true });
    for (const f of ['environments.ts', 'platform.ts', 'define.ts'])
      fs.copyFileSync(path.join(repoConfig, f), path.join(this.configDir, f));
    for (const f of fs.readdirSync(path.join(repoConfig, 'teams')))
      fs.copyFileSync(path.join(repoConfig, 'teams', f), path.join(this.configDir, 'teams', f));
  }

  /** `config/teams/x.ts` inside the copy. */
  where(file: string): string {
    return path.join(this.root, file);
  }

  text(file: string): string {
    return fs.readFileSync(this.where(file), 'utf8');
  }

  write(file: string, text: string): void {
    fs.mkdirSync(path.dirname(this.where(file)), { recursive: true });
    fs.writeFileSync(this.where(file), text);
  }

  /** Replaces the one occurrence of `from` (a case that matches nothing, or twice, is a broken case). */
  replace(file: string, from: string, to: string): void {
    const text = this.text(file);
    const at = text.indexOf(from);
    if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`${file}: "${from}" is not in it exactly once`);
    this.write(file, text.slice(0, at) + to + text.slice(at + from.length));
  }

  /** The 1-based line of the `nth` occurrence (default: the last) of `snippet` in the file as it is now. */
  lineOf(file: string, snippet: string, nth?: number): number {
    const text = this.text(file);
    const positions: number[] = [];
    for (let i = text.indexOf(snippet); i >= 0; i = text.indexOf(snippet, i + 1)) positions.push(i);
    if (positions.length === 0) throw new Error(`${file}: "${snippet}" not found`);
    const at = positions[nth === undefined ? positions.length - 1 : nth];
    return text.slice(0, at).split('\n').length;
  }

  remove(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

export interface Case {
  readonly name: string;
  /** The file as printed (repository-relative; a copy on disk is printed with its directory in front). */
  readonly file: string;
  /** The field path as printed after "›"; '' for the file as a whole. */
  readonly path: string;
  readonly fragment: string;
  /** Changes the loaded example's values in memory. */
  readonly mutate?: (s: Sources) => void;
  /** Changes the text of a copy of config/ on disk, which the real loader then reads. */
  readonly edit?: (c: ConfigCopy) => void;
  /** The line the problem must be reported at, found in the edited text (cases about the text of a file). */
  readonly line?: (c: ConfigCopy) => number;
  /** The problem is the only one reported (it is not reported twice, by two checks). */
  readonly alone?: boolean;
}

// ---------------------------------------------------------------------------------------------- keys

/** Base64 DER, one line. */
const b64 = (der: Buffer | string) => (typeof der === 'string' ? der : der.toString('base64'));

/**
 * A self-signed test certificate (`openssl req -x509 -subj "/CN=data-platform test certificate (public material)"`):
 * public material only, its private key was never kept.
 */
export const CERTIFICATE_BODY =
  'MIIDVzCCAj+gAwIBAgIUZUDxn/Gj9qDaLuR3SrZIy9+S6hwwDQYJKoZIhvcNAQELBQAwOzE5MDcGA1UEAwwwZGF0YS1wbGF0Zm9ybSB0ZXN0IGNlcnRpZmljYXRlIChwdWJsaWMgbWF0ZXJpYWwpMB4XDTI2MTIwMzA3MzIyNVoXDTM2MTEzMDA3MzIyNVowOzE5MDcGA1UEAwwwZGF0YS1wbGF0Zm9ybSB0ZXN0IGNlcnRpZmljYXRlIChwdWJsaWMgbWF0ZXJpYWwpMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAkTwZszrRvHoktQha4KD6rh2oldihlHvFxOiW5pHchEBsdR+C8nkieLKxSQDEZxnqCBgq7EVse+PBNljTlhcu7f4OqbqzbHa7xKBaQajSQN8QJtwCynNF5Ax60iQQafW/wiegMYBeWmj6Aw+KCU7npjwKn9VoVpRYG09tdbMq4q17FPCruMum7pB+TJ8RqiaxAhNKwOb1TG7tAWE9OzBgn683xFTffd1CFvldiGn25ocSJ5jX7EoiZ3ZsRuAf+D2ycvpqL/L3N3nZQ5IvqImsl/EnPAEEIJ1h0RFRn+AE0Tl/mZZkDnuvkr5Y96W+zmza9XNRgnKZIWPE2jK5Ihg/rQIDAQABo1MwUTAdBgNVHQ4EFgQUKuty3xwAYQ7xYM0uzMAIiau5IYYwHwYDVR0jBBgwFoAUKuty3xwAYQ7xYM0uzMAIiau5IYYwDwYDVR0TAQH/BAUwAwEB/zANBgkqhkiG9w0BAQsFAAOCAQEAVKsuGJMb/Befv6yV3ZD32O3maM/rnDxZACI+eizNGmmcYmncYdgQC7Hm4Cvh6zjzf87OxDeD1bhalbrmI2HvlIl7mQgL+d+XL2fHoV8iYT6ozCjhx6mLQk89QGiarKvhZT1G0tK6si2TmXGFqk13yBBNg/TipJAD5PXyWf817mkPf9dX9QoEw4QHeOdQDahkC0rth+NTm1SaOqlm44M6+BoETqYU44ylkmO/PMNHuyhnJcq8mOl5kwLUJV9/qQGa7OvzQ35MeHLdxN4Qj7Tfoh4nOtEfVF8slowHR2BzR+KtBa4tZWYbp2auOIYAszr9PlR1ENx6qHndDASQ7tHEuA==';

export interface TestKeys {
  readonly rsaPublic: string;
  readonly rsaPkcs8Pem: string;
  readonly rsaPkcs8Body: string;
  /** What Snowflake's key-pair guide makes: `openssl pkcs8 -topk8 -v2 aes256`, here its body without headers. */
  readonly rsaEncryptedPkcs8Body: string;
  readonly rsaEncryptedPkcs8Pem: string;
  readonly rsaPkcs1Pem: string;
  readonly rsaPkcs1Body: string;
  readonly rsaPkcs1PublicBody: string;
  readonly rsaOpensshPublic: string;
  readonly pssPrivateBody: string;
  readonly pssPublic: string;
  readonly dsaPrivateBody: string;
  readonly ecPrivateSec1Body: string;
  readonly ecPrivatePkcs8Body: string;
  readonly ecPublic: string;
  readonly ed25519PrivateBody: string;
  readonly ed25519Public: string;
}

let made: TestKeys | undefined;

/** Key pairs made once per test file, at test time (RSA 2048, RSA-PSS and DSA take a few tenths of a second each). */
export function testKeys(): TestKeys {
  if (made) return made;
  const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pss = crypto.generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
  const dsa = crypto.generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 });
  const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ed = crypto.generateKeyPairSync('ed25519');
  const spki = (k: crypto.KeyObject) => b64(k.export({ type: 'spki', format: 'der' }));
  const pkcs8 = (k: crypto.KeyObject) => b64(k.export({ type: 'pkcs8', format: 'der' }));
  const encrypted = { type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'test only' } as const;
  const jwk = rsa.publicKey.export({ format: 'jwk' });
  const part = (b: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return Buffer.concat([len, b]);
  };
  const mpint = (b64url: string) => {
    const raw = Buffer.from(b64url, 'base64url');
    return part(raw[0] & 0x80 ? Buffer.concat([Buffer.from([0]), raw]) : raw);
  };
  made = {
    rsaPublic: spki(rsa.publicKey),
    rsaPkcs8Pem: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    rsaPkcs8Body: pkcs8(rsa.privateKey),
    rsaEncryptedPkcs8Body: b64(rsa.privateKey.export({ ...encrypted, format: 'der' })),
    rsaEncryptedPkcs8Pem: rsa.privateKey.export({ ...encrypted, format: 'pem' }) as string,
    rsaPkcs1Pem: rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
    rsaPkcs1Body: b64(rsa.privateKey.export({ type: 'pkcs1', format: 'der' })),
    rsaPkcs1PublicBody: b64(rsa.publicKey.export({ type: 'pkcs1', format: 'der' })),
    rsaOpensshPublic: Buffer.concat([part(Buffer.from('ssh-rsa')), mpint(jwk.e!), mpint(jwk.n!)]).toString('base64'),
    pssPrivateBody: pkcs8(pss.privateKey),
    pssPublic: spki(pss.publicKey),
    dsaPrivateBody: pkcs8(dsa.privateKey),
    ecPrivateSec1Body: b64(ec.privateKey.export({ type: 'sec1', format: 'der' })),
    ecPrivatePkcs8Body: pkcs8(ec.privateKey),
    ecPublic: spki(ec.publicKey),
    ed25519PrivateBody: pkcs8(ed.privateKey),
    ed25519Public: spki(ed.publicKey),
  };
  return made;
}

/** A valid, unique RSA public key (bench/synthetic-keys.ts), e.g. for a copied team's users. */
export const uniqueKey = (seed: string, bits = 2048) => syntheticRsaPublicKey(`catalogue/${seed}`, bits);
