/**
 * Keys in config: what a value given as an RSA public key really is (`classifyPublicKey`: decoded, never matched by
 * pattern only), and private-key material anywhere in a config file's text (`scanForPrivateKeys`). Node's crypto
 * (OpenSSL) decodes; a few DER bytes are read by hand only where OpenSSL is lenient or cannot help (trailing bytes
 * after a key, truncated private keys, the key's modulus for comparing keys).
 */
import * as crypto from 'node:crypto';

/** Snowflake key-pair authentication: RSA, at least this many bits. */
export const MIN_RSA_BITS = 2048;

export type KeyVerdict =
  | {
      readonly kind: 'ok';
      readonly bits: number;
      /** Snowflake's RSA_PUBLIC_KEY_FP: `SHA256:` + base64 of the SHA-256 of the DER key. */
      readonly fingerprint: string;
      /** The key itself (modulus and exponent, hex), for comparing keys. */
      readonly identity: string;
    }
  | { readonly kind: 'private-key'; readonly form: string }
  | { readonly kind: 'pem-headers' }
  | { readonly kind: 'not-one-line-base64'; readonly detail: string }
  | { readonly kind: 'certificate' }
  | { readonly kind: 'pkcs1-public' }
  | { readonly kind: 'openssh-public' }
  | { readonly kind: 'not-rsa'; readonly keyType: string }
  | { readonly kind: 'too-short'; readonly bits: number }
  | { readonly kind: 'trailing-data'; readonly bytes: number }
  | { readonly kind: 'not-der' }
  | { readonly kind: 'not-a-key' };

/** Base64 exactly as one line: `Buffer.from(s, 'base64')` skips any other character without a word. */
const CANONICAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

// ---------------------------------------------------------------------------------------------- DER, minimally

interface Tlv {
  readonly tag: number;
  /** Offset of the content. */
  readonly start: number;
  /** Declared content length (may run past the buffer when the input is truncated). */
  readonly length: number;
}

/** One DER tag and length at `at`; undefined when the bytes cannot be a DER header. Never reads the content. */
function tlv(der: Uint8Array, at: number): Tlv | undefined {
  const tag = der[at];
  let length = der[at + 1];
  if (tag === undefined || length === undefined) return undefined; // fewer than two bytes left
  let start = at + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4 || start + n > der.length) return undefined;
    length = 0;
    for (const byte of der.subarray(start, start + n)) length = length * 256 + byte;
    start += n;
  }
  return { tag, start, length };
}

/** DER of an OBJECT IDENTIFIER, without its last byte (prefixes of OID families). */
function oidPrefix(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  if (first === undefined || second === undefined) throw new Error(`oidPrefix: "${dotted}" has fewer than two arcs`);
  const bytes = [40 * first + second];
  for (const p of rest) {
    const chunk = [p & 0x7f];
    for (let v = p >>> 7; v > 0; v >>>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return Buffer.from([0x06, bytes.length, ...bytes]).subarray(0, -1);
}

/** Password-based encryption of EncryptedPrivateKeyInfo: PKCS#5 (PBES2 1.2.840.113549.1.5.13, PBES1 .5.1-.5.11), PKCS#12. */
const PBE_PREFIXES = [oidPrefix('1.2.840.113549.1.5.13'), oidPrefix('1.2.840.113549.1.12.1.3')];
const PKCS7_DATA = Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01]);

/**
 * What private-key structure a (possibly truncated) DER byte string starts with, from its first bytes only. Private
 * keys all start SEQUENCE { INTEGER 0|1, ... } (PKCS#8 v1/v2, PKCS#1 RSA, traditional DSA, SEC1 EC); an encrypted
 * PKCS#8 starts SEQUENCE { SEQUENCE { OID <password-based scheme> ... } }; a PKCS#12 keystore SEQUENCE { INTEGER 3,
 * SEQUENCE { OID pkcs7-data ... } }. Public keys (SPKI: SEQUENCE { SEQUENCE { OID <key type> } BIT STRING }, PKCS#1
 * public: SEQUENCE { INTEGER <modulus> ... }) and certificates (SEQUENCE { SEQUENCE { [0] ... } }) never match.
 */
export function privateKeyShape(der: Uint8Array): string | undefined {
  const outer = tlv(der, 0);
  if (!outer || outer.tag !== 0x30) return undefined;
  const first = tlv(der, outer.start);
  if (!first) return undefined;
  if (first.tag === 0x02 && first.length === 1) {
    const version = der[first.start];
    const next = tlv(der, first.start + 1);
    if (!next) return undefined;
    if (version === 0 && next.tag === 0x30) return 'PKCS#8';
    if (version === 1 && next.tag === 0x30) return 'PKCS#8 v2';
    if (version === 0 && next.tag === 0x02) return 'PKCS#1 RSA or traditional DSA';
    if (version === 1 && next.tag === 0x04) return 'SEC1 EC';
    if (version === 3 && next.tag === 0x30 && Buffer.from(der.subarray(next.start, next.start + 11)).equals(PKCS7_DATA))
      return 'PKCS#12 keystore';
    return undefined;
  }
  if (first.tag === 0x30) {
    const head = Buffer.from(der.subarray(first.start, first.start + 10));
    if (PBE_PREFIXES.some((p) => head.subarray(0, p.length).equals(p))) return 'encrypted PKCS#8';
  }
  return undefined;
}

/** A private key in DER: Node's decoders for complete keys, then the structure check (truncated ones too). */
function privateKeyForm(der: Buffer): string | undefined {
  for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
    try {
      const key = crypto.createPrivateKey({ key: der, format: 'der', type });
      return `${key.asymmetricKeyType ?? 'unknown'} ${type === 'pkcs8' ? 'PKCS#8' : type === 'pkcs1' ? 'PKCS#1' : 'SEC1'}`;
    } catch (error) {
      // Both PBES2 and PBES1 encrypted PKCS#8 ask for a passphrase: no need to read the algorithm.
      if ((error as { code?: string }).code === 'ERR_MISSING_PASSPHRASE') return 'encrypted PKCS#8';
    }
  }
  return privateKeyShape(der);
}

/** AlgorithmIdentifier { rsaEncryption, NULL }, as DER writes it. */
const RSA_ALGORITHM = Buffer.from('300d06092a864886f70d0101010500', 'hex');

/** One DER element at `at` whose length is in DER's minimal form; undefined otherwise. */
function strictTlv(der: Uint8Array, at: number, tag: number): Tlv | undefined {
  const t = tlv(der, at);
  if (!t || t.tag !== tag || t.start + t.length > der.length) return undefined;
  const lengthBytes = t.start - at - 2;
  const minimal = t.length < 0x80 ? 0 : Math.ceil(Math.log2(t.length + 1) / 8);
  return lengthBytes === minimal ? t : undefined;
}

/**
 * The modulus and exponent (hex) of an RSA SubjectPublicKeyInfo (already decoded by OpenSSL) if it is written in
 * DER exactly, as `openssl rsa -pubout` writes it; undefined for other encodings of a key. OpenSSL also takes BER
 * (long-form lengths, padded integers), where the same key has other texts and another fingerprint.
 */
function derRsaKey(der: Buffer): { n: string; e: string } | undefined {
  const spki = strictTlv(der, 0, 0x30);
  if (!spki || spki.start + spki.length !== der.length) return undefined;
  if (!der.subarray(spki.start, spki.start + RSA_ALGORITHM.length).equals(RSA_ALGORITHM)) return undefined;
  const bits = strictTlv(der, spki.start + RSA_ALGORITHM.length, 0x03);
  if (!bits || bits.start + bits.length !== der.length || der[bits.start] !== 0) return undefined;
  const key = strictTlv(der, bits.start + 1, 0x30);
  if (!key || key.start + key.length !== der.length) return undefined;
  const integer = (at: number) => {
    const t = strictTlv(der, at, 0x02);
    if (!t || t.length === 0) return undefined;
    // strictTlv keeps the content inside `der`: `first` is there, `second` too when the length is over 1.
    const [first, second] = [der[t.start], der[t.start + 1]];
    if (first === undefined || first & 0x80) return undefined; // negative
    if (first === 0 && second !== undefined && t.length > 1 && !(second & 0x80)) return undefined; // padded
    return t;
  };
  const n = integer(key.start);
  const e = n && integer(n.start + n.length);
  if (!n || !e || e.start + e.length !== der.length) return undefined;
  const hex = (t: Tlv) =>
    der
      .subarray(t.start, t.start + t.length)
      .toString('hex')
      .replace(/^00/, '');
  return { n: hex(n), e: hex(e) };
}

function codePoint(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

// ---------------------------------------------------------------------------------------------- the public-key field

const verdicts = new Map<string, KeyVerdict>();

/**
 * What `value`, given where an RSA public key belongs, is: `ok` only for the base64 body of an RSA
 * SubjectPublicKeyInfo (`-----BEGIN PUBLIC KEY-----`) of at least 2048 bits, on one line, nothing after it.
 * Private keys are recognised first in every form (complete, truncated, encrypted, split over lines), because
 * `createPublicKey` given a private key would quietly derive its public half.
 */
export function classifyPublicKey(value: string): KeyVerdict {
  const known = verdicts.get(value);
  if (known) return known;
  const verdict = classify(value);
  if (verdicts.size > 10_000) verdicts.clear();
  verdicts.set(value, verdict);
  return verdict;
}

function classify(value: string): KeyVerdict {
  if (/-{4,5} ?BEGIN [A-Z0-9 ]*PRIVATE KEY/.test(value)) return { kind: 'private-key', form: 'PEM' };
  if (/PuTTY-User-Key-File-\d+:/.test(value)) return { kind: 'private-key', form: 'PuTTY' };
  if (/-----(BEGIN|END)/.test(value)) return { kind: 'pem-headers' };
  if (/^(ssh-rsa|ssh-ed25519|ssh-dss|ecdsa-sha2-[a-z0-9]+) /.test(value)) return { kind: 'openssh-public' };
  if (!CANONICAL_BASE64.test(value)) {
    // A private key split over lines (or with spaces) is a private key before it is badly formatted.
    const form = privateKeyForm(Buffer.from(value.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'));
    if (form) return { kind: 'private-key', form };
    const bad = [...value].find((c) => !/[A-Za-z0-9+/=]/.test(c));
    return {
      kind: 'not-one-line-base64',
      detail:
        bad === undefined
          ? 'its length or "=" padding is wrong (cut off?)'
          : `it contains ${JSON.stringify(bad)} (${codePoint(bad)})`,
    };
  }
  if (value === '') return { kind: 'not-one-line-base64', detail: 'it is empty' };
  if (value.startsWith('b3BlbnNzaC1rZXktdjE')) return { kind: 'private-key', form: 'OpenSSH' }; // "openssh-key-v1"
  if (value.startsWith('AAAAB3NzaC1yc2E') || value.startsWith('AAAAC3NzaC1lZDI1NTE5'))
    return { kind: 'openssh-public' }; // "\0\0\0\x07ssh-rsa", "\0\0\0\x0bssh-ed25519"
  const der = Buffer.from(value, 'base64');
  let key: crypto.KeyObject | undefined;
  try {
    key = crypto.createPublicKey({ key: der, format: 'der', type: 'spki' });
  } catch {
    // not a SubjectPublicKeyInfo: what is it instead?
  }
  if (key) {
    // OpenSSL ignores bytes after the key: insist on exactly one DER value.
    const outer = tlv(der, 0);
    const end = outer ? outer.start + outer.length : 0;
    if (end !== der.length) return { kind: 'trailing-data', bytes: der.length - end };
    if (key.asymmetricKeyType !== 'rsa') return { kind: 'not-rsa', keyType: key.asymmetricKeyType ?? 'unknown' };
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) return { kind: 'too-short', bits };
    const rsa = derRsaKey(der);
    if (!rsa) return { kind: 'not-der' };
    const fingerprint = `SHA256:${crypto.createHash('sha256').update(der).digest('base64')}`;
    return { kind: 'ok', bits, fingerprint, identity: `${rsa.n}:${rsa.e}` };
  }
  // Private before PKCS#1 public: createPublicKey({ type: 'pkcs1' }) derives the public key of a private one.
  const form = privateKeyForm(der);
  if (form) return { kind: 'private-key', form };
  try {
    new crypto.X509Certificate(der);
    return { kind: 'certificate' };
  } catch {
    // not a certificate
  }
  try {
    crypto.createPublicKey({ key: der, format: 'der', type: 'pkcs1' });
    return { kind: 'pkcs1-public' };
  } catch {
    return { kind: 'not-a-key' };
  }
}

/** Node's key type names as people write them. */
const KEY_TYPE_NAMES: Readonly<Record<string, string>> = {
  ec: 'EC',
  dsa: 'DSA',
  dh: 'DH',
  'rsa-pss': 'RSA-PSS',
  ed25519: 'Ed25519',
  ed448: 'Ed448',
  x25519: 'X25519',
  x448: 'X448',
};

/** The one-line public key body of a key pair, as README, scaffold and messages tell people to make it. */
export const PUBLIC_KEY_COMMAND = 'openssl rsa -in key.p8 -pubout -outform DER | openssl base64 -A';

/** A key verdict as a config issue's message and fix; undefined for a usable key. */
export function keyProblem(verdict: KeyVerdict): { message: string; fix: string } | undefined {
  const body = `paste the one-line body of the RSA public key: ${PUBLIC_KEY_COMMAND}`;
  switch (verdict.kind) {
    case 'ok':
      return undefined;
    case 'private-key':
      return {
        message: `is a PRIVATE KEY (${verdict.form}), not a public key. Never commit a private key`,
        fix: `treat it as leaked: make a new key pair and ${body} (remove this one from git history too)`,
      };
    case 'pem-headers':
      return {
        message: 'must be the key body only, without the -----BEGIN/END PUBLIC KEY----- lines',
        fix: body,
      };
    case 'not-one-line-base64':
      return { message: `must be the base64 body of an RSA public key on one line: ${verdict.detail}`, fix: body };
    case 'certificate':
      return {
        message: 'is an X.509 certificate, not a public key',
        fix: 'take the public key out of it (openssl x509 -in cert.pem -pubkey -noout) and paste its body on one line',
      };
    case 'pkcs1-public':
      return {
        message:
          'is an RSA public key in PKCS#1 form (-----BEGIN RSA PUBLIC KEY-----); Snowflake takes the SubjectPublicKeyInfo form (-----BEGIN PUBLIC KEY-----)',
        fix: 'convert it: openssl rsa -RSAPublicKey_in -in key.pub -pubout -outform DER | openssl base64 -A',
      };
    case 'openssh-public':
      return {
        message: 'is an OpenSSH public key (ssh-rsa ...), not the PEM body Snowflake takes',
        fix: 'convert it: ssh-keygen -e -m PKCS8 -f key.pub, then paste the body between the BEGIN/END lines on one line',
      };
    case 'not-rsa':
      return {
        message: `is a public key of type ${KEY_TYPE_NAMES[verdict.keyType] ?? verdict.keyType}: Snowflake key-pair authentication takes RSA keys`,
        fix: `make an RSA key pair (openssl genrsa 2048 | openssl pkcs8 -topk8 -v2 aes256 -out key.p8) and ${body}`,
      };
    case 'too-short':
      return {
        message: `is a ${verdict.bits}-bit RSA key: at least ${MIN_RSA_BITS} bits are required`,
        fix: `make a new key pair of ${MIN_RSA_BITS} bits or more and ${body}`,
      };
    case 'trailing-data':
      return {
        message: `has ${verdict.bytes} byte(s) of data after the key (a second paste or stray characters?)`,
        fix: body,
      };
    case 'not-der':
      return {
        message:
          'is an RSA public key, but not written in DER as openssl writes it (OpenSSL reads such BER, and the same key then has another text and fingerprint)',
        fix: body,
      };
    case 'not-a-key':
      return { message: 'is not a valid RSA public key (cut off or damaged?)', fix: body };
  }
}

// ---------------------------------------------------------------------------------------------- raw text

export interface PrivateKeyFinding {
  /** 1-based line of the file's text. */
  readonly line: number;
  readonly what: string;
}

/** PEM private keys of every kind, SSH2 (`---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----`) and PGP private key blocks. */
const PEM_PRIVATE = /-{4,5} ?BEGIN ([A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?) ?-{4,5}/g;
const PUTTY = /PuTTY-User-Key-File-\d+:|^Private-Lines: \d+/gm;
/** base64 of "openssh-key-v1", the start of an OpenSSH private key body. */
const OPENSSH_BODY = /b3BlbnNzaC1rZXktdjE/g;
/**
 * A run of base64 characters (40 or more: an Ed25519 private key is 64), continued over following lines or string
 * pieces separated only by blanks, quotes, `+` or `,`. Run on the text with comment markers and `\n` escapes
 * blanked (same length, so lines stay right): finds a body on one line, in `//` or block comments, in `'...' +`
 * concatenations and in `'...\n...'` strings.
 */
const BASE64_RUN = /[A-Za-z0-9+/]{40,}={0,2}(?:[\s'"`+,]+[A-Za-z0-9+/]{16,}={0,2})*/g;
const GLUE = /[\s'"`+,]+/g;

function blankNoise(text: string): string {
  const blank = (m: string) => ' '.repeat(m.length);
  return text
    .replace(/\\[nrt]/g, blank)
    .replace(/(?<=^|[\s,;(){}[\]])(?:\/\/+|\/\*+|\*+\/|#)/gm, blank)
    .replace(/^(\s*)\*+/gm, (m, ws: string) => ws + blank(m.slice(ws.length)));
}

/**
 * Private-key material in `text`, by line: PEM headers of private keys, PuTTY and OpenSSH keys, and base64 DER
 * bodies of private keys without their headers (found by structure, so public keys and certificates never count,
 * and neither do the words "private key" in a comment).
 */
export function scanForPrivateKeys(text: string): PrivateKeyFinding[] {
  // Most strings are short field values: nothing shorter than 40 characters can hold a key or its body, only a header.
  if (text.length < 40 && !/PRIVATE|PuTTY|Private-Lines/.test(text)) return [];
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (index: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1; // lo < mid <= hi: an index of lineStarts
      if (lineStarts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const found = new Map<number, string>();
  const add = (index: number, what: string) => {
    const line = lineOf(index);
    if (!found.has(line)) found.set(line, what);
  };
  for (const m of text.matchAll(PEM_PRIVATE)) add(m.index, `a PEM ${m[1]}`);
  for (const m of text.matchAll(PUTTY)) add(m.index, 'a PuTTY private key');
  for (const m of text.matchAll(OPENSSH_BODY)) add(m.index, 'the body of an OpenSSH private key');
  for (const m of blankNoise(text).matchAll(BASE64_RUN)) {
    if (m[0][0] !== 'M') continue; // every DER key starts with SEQUENCE (0x30): base64 "M"
    const shape = privateKeyShape(Buffer.from(m[0].replace(GLUE, '').slice(0, 64), 'base64'));
    if (shape) add(m.index, `the base64 body of a private key (${shape})`);
  }
  return [...found].map(([line, what]) => ({ line, what })).sort((a, b) => a.line - b.line);
}
