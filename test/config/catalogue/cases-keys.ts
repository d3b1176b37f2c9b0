/**
 * Keys: every public key is decoded (an RSA SubjectPublicKeyInfo of at least 2048 bits, DER, one line, nothing after
 * it), private keys are refused in every form, and the raw text of every config file is scanned for private-key
 * material (comments included), reported at its line. Key pairs are made at test time (harness.ts).
 */
import {
  type Case,
  CERTIFICATE_BODY,
  DI,
  ENV,
  envs,
  PA,
  PLATFORM,
  platform,
  TH,
  team,
  testKeys,
  uniqueKey,
} from './harness';

const svc = (s: any) => team(s, 'telehealth').snowflake.serviceUsers[0];
const KEY = 'snowflake.serviceUsers[0].rsaPublicKey';
const lines64 = (text: string) => text.match(/.{1,64}/g)!;

/** Wrong values in the public-key field: what each really is. */
const field = (name: string, fragment: string, value: () => string): Case => ({
  name: `public key field: ${name}`,
  file: TH,
  path: KEY,
  fragment,
  mutate: (s) => void (svc(s).rsaPublicKey = value()),
});

export const KEY_CASES: Case[] = [
  // ------------------------------------------------------------------------------------------- private keys
  field(
    "encrypted PKCS#8 body without its header lines (Snowflake's key-pair guide)",
    'is a PRIVATE KEY (encrypted PKCS#8)',
    () => testKeys().rsaEncryptedPkcs8Body,
  ),
  field('encrypted PKCS#8, whole PEM', 'is a PRIVATE KEY (PEM)', () => testKeys().rsaEncryptedPkcs8Pem),
  field('encrypted PKCS#8 body, cut off', 'is a PRIVATE KEY (encrypted PKCS#8)', () =>
    testKeys().rsaEncryptedPkcs8Body.slice(0, 120),
  ),
  field('unencrypted PKCS#8 body', 'is a PRIVATE KEY (rsa PKCS#8)', () => testKeys().rsaPkcs8Body),
  field('PKCS#8 body split over lines', 'is a PRIVATE KEY (rsa PKCS#8)', () =>
    lines64(testKeys().rsaPkcs8Body).join('\n'),
  ),
  field('PKCS#1 RSA private key body', 'is a PRIVATE KEY (rsa PKCS#1)', () => testKeys().rsaPkcs1Body),
  field('PKCS#1 RSA private key PEM', 'is a PRIVATE KEY (PEM)', () => testKeys().rsaPkcs1Pem),
  field('RSA-PSS private key body', 'is a PRIVATE KEY (rsa-pss PKCS#8)', () => testKeys().pssPrivateBody),
  field('DSA private key body', 'is a PRIVATE KEY (dsa PKCS#8)', () => testKeys().dsaPrivateBody),
  field('EC private key body (SEC1)', 'is a PRIVATE KEY (ec SEC1)', () => testKeys().ecPrivateSec1Body),
  field(
    'Ed25519 private key body (64 characters)',
    'is a PRIVATE KEY (ed25519 PKCS#8)',
    () => testKeys().ed25519PrivateBody,
  ),
  // An OpenSSH private key body starts with base64("openssh-key-v1\0"); the rest here is filler, no key.
  field('OpenSSH private key body', 'is a PRIVATE KEY (OpenSSH)', () =>
    Buffer.concat([Buffer.from('openssh-key-v1\0'), Buffer.alloc(60, 7)]).toString('base64'),
  ),
  field('PuTTY private key', 'is a PRIVATE KEY (PuTTY)', () => 'PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none'),
  {
    name: 'private key as the rotation key rsaPublicKey2',
    file: TH,
    path: 'snowflake.serviceUsers[0].rsaPublicKey2',
    fragment: 'is a PRIVATE KEY (encrypted PKCS#8)',
    mutate: (s) => void (svc(s).rsaPublicKey2 = testKeys().rsaEncryptedPkcs8Body),
  },
  {
    name: 'private key as a BI user key (encrypted PKCS#8 body)',
    file: PLATFORM,
    path: 'snowflake.biServiceUsers[0].rsaPublicKey',
    fragment: 'is a PRIVATE KEY (encrypted PKCS#8)',
    mutate: (s) => void (platform(s).snowflake.biServiceUsers[0].rsaPublicKey = testKeys().rsaEncryptedPkcs8Body),
  },

  // ------------------------------------------------------------------------------------------- not an RSA SPKI
  field('X.509 certificate body', 'is an X.509 certificate', () => CERTIFICATE_BODY),
  field('PKCS#1 RSA public key (BEGIN RSA PUBLIC KEY body)', 'in PKCS#1 form', () => testKeys().rsaPkcs1PublicBody),
  field('OpenSSH public key body', 'is an OpenSSH public key', () => testKeys().rsaOpensshPublic),
  field(
    'OpenSSH public key line',
    'is an OpenSSH public key',
    () => `ssh-rsa ${testKeys().rsaOpensshPublic} me@laptop`,
  ),
  field('EC public key', 'is a public key of type EC', () => testKeys().ecPublic),
  field('RSA-PSS public key', 'is a public key of type RSA-PSS', () => testKeys().pssPublic),
  field('Ed25519 public key', 'is a public key of type Ed25519', () => testKeys().ed25519Public),
  field('RSA key of 1024 bits', 'is a 1024-bit RSA key: at least 2048 bits', () => uniqueKey('short', 1024)),
  field('valid key with bytes after it', 'byte(s) of data after the key', () =>
    Buffer.concat([Buffer.from(testKeys().rsaPublic, 'base64'), Buffer.from([0, 0, 0])]).toString('base64'),
  ),
  field('the same key in BER (long-form length), not DER', 'not written in DER', () => {
    const der = Buffer.from(testKeys().rsaPublic, 'base64');
    return Buffer.concat([Buffer.from([0x30, 0x83, 0x00]), der.subarray(2)]).toString('base64');
  }),
  field('key with line breaks', 'on one line: it contains "\\n" (U+000A)', () =>
    lines64(testKeys().rsaPublic).join('\n'),
  ),
  field('key with a zero-width space inside', 'on one line: it contains "\u200b" (U+200B)', () => {
    const k = testKeys().rsaPublic;
    return `${k.slice(0, 50)}\u200b${k.slice(50)}`;
  }),
  field('key cut off', 'is not a valid RSA public key (cut off or damaged?)', () => testKeys().rsaPublic.slice(0, -12)),
  field(
    'key of the right shape, made up',
    'padding is wrong',
    () => `MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA${'q'.repeat(300)}IDAQAB`,
  ),
  field('empty key', 'it is empty', () => ''),

  // ------------------------------------------------------------------------------------------- in other fields
  {
    name: "encrypted private key body in a service user's comment",
    file: TH,
    path: 'snowflake.serviceUsers[0].comment',
    fragment: 'contains a PRIVATE KEY (the base64 body of a private key (encrypted PKCS#8))',
    mutate: (s) => void (svc(s).comment = `loader key ${testKeys().rsaEncryptedPkcs8Body}`),
  },
  {
    name: 'Ed25519 private key body in a team description',
    file: PA,
    path: 'description',
    fragment: 'contains a PRIVATE KEY',
    mutate: (s) => void (team(s, 'product-analytics').description = `Metrics ${testKeys().ed25519PrivateBody}`),
  },
  {
    name: 'PEM private key in an environment description',
    file: ENV,
    path: 'dev.description',
    fragment: 'contains a PRIVATE KEY (a PEM PRIVATE KEY)',
    mutate: (s) => void (envs(s).dev.description = testKeys().rsaPkcs8Pem),
  },
  {
    name: 'private key body in a warehouse comment',
    file: DI,
    path: 'snowflake.warehouses[0].comment',
    fragment: 'contains a PRIVATE KEY',
    mutate: (s) => void (team(s, 'data-integration').snowflake.warehouses[0].comment = testKeys().ecPrivatePkcs8Body),
  },

  // ------------------------------------------------------------------------------------------- in the raw text
  {
    name: 'PEM private key in a // comment of a team file',
    file: TH,
    path: '',
    fragment: 'contains a PRIVATE KEY in its text (a PEM PRIVATE KEY)',
    edit: (c) =>
      c.replace(
        TH,
        "  owners: ['ada.nwosu@example.com'],\n",
        `  owners: ['ada.nwosu@example.com'],\n${testKeys()
          .rsaPkcs8Pem.trim()
          .split('\n')
          .map((l) => `  // ${l}`)
          .join('\n')}\n`,
      ),
    line: (c) => c.lineOf(TH, '-----BEGIN PRIVATE KEY-----'),
  },
  {
    name: 'encrypted PKCS#8 body (no header lines) as // comment lines of a team file',
    file: DI,
    path: '',
    fragment: 'contains a PRIVATE KEY in its text (the base64 body of a private key (encrypted PKCS#8))',
    edit: (c) =>
      c.replace(
        DI,
        "  costCenter: 'CC-1001',\n",
        `  costCenter: 'CC-1001',\n  // old loader key:\n${lines64(testKeys().rsaEncryptedPkcs8Body)
          .map((l) => `  // ${l}`)
          .join('\n')}\n`,
      ),
    line: (c) => c.lineOf(DI, '// old loader key:') + 1,
  },
  {
    name: 'private key body in a block comment of the platform file',
    file: PLATFORM,
    path: '',
    fragment: 'contains a PRIVATE KEY in its text (the base64 body of a private key (PKCS#1 RSA or traditional DSA))',
    edit: (c) =>
      c.replace(
        PLATFORM,
        "  namePrefix: 'acme-dp',\n",
        `  namePrefix: 'acme-dp',\n  /*\n${lines64(testKeys().rsaPkcs1Body)
          .map((l) => `   * ${l}`)
          .join('\n')}\n   */\n`,
      ),
    line: (c) => c.lineOf(PLATFORM, '  /*') + 1,
  },
  {
    name: 'EC private key PEM in a comment of the environments file',
    file: ENV,
    path: '',
    fragment: 'contains a PRIVATE KEY in its text',
    edit: (c) => {
      const pem = `-----BEGIN EC PRIVATE KEY-----\n${lines64(testKeys().ecPrivateSec1Body).join('\n')}\n-----END EC PRIVATE KEY-----`;
      c.replace(ENV, "    protection: 'strict',\n", `    protection: 'strict',\n/*\n${pem}\n*/\n`);
    },
    line: (c) => c.lineOf(ENV, '-----BEGIN EC PRIVATE KEY-----'),
  },
  {
    name: 'OpenSSH private key in a comment of a team file',
    file: PA,
    path: '',
    fragment: 'contains a PRIVATE KEY in its text (a PEM OPENSSH PRIVATE KEY)',
    edit: (c) =>
      c.replace(
        PA,
        "  costCenter: 'CC-2002',\n",
        `  costCenter: 'CC-2002',\n  // -----BEGIN OPENSSH PRIVATE KEY-----\n  // ${Buffer.from('openssh-key-v1\0 test filler').toString('base64')}\n`,
      ),
    line: (c) => c.lineOf(PA, 'BEGIN OPENSSH PRIVATE KEY'),
  },
  {
    name: 'PuTTY private key in a comment of a team file',
    file: PA,
    path: '',
    fragment: 'contains a PRIVATE KEY in its text (a PuTTY private key)',
    edit: (c) =>
      c.replace(
        PA,
        "  costCenter: 'CC-2002',\n",
        "  costCenter: 'CC-2002',\n  // PuTTY-User-Key-File-3: ssh-rsa\n  // Encryption: none\n",
      ),
    line: (c) => c.lineOf(PA, 'PuTTY-User-Key-File-3'),
  },
  {
    name: 'private key in a stray file of config/teams (a .mts, reported as not loaded, is still scanned)',
    file: 'config/teams/growth.mts',
    path: '',
    fragment: 'contains a PRIVATE KEY in its text',
    edit: (c) => c.write('config/teams/growth.mts', `// ${testKeys().rsaEncryptedPkcs8Body}\n`),
    line: () => 1,
  },
  {
    name: "private key in a field's string: reported at the field, with its line, once",
    file: TH,
    path: 'snowflake.schemas[1].comment',
    fragment: 'contains a PRIVATE KEY',
    edit: (c) => c.replace(TH, "{ name: 'MODELS' }", `{ name: 'MODELS', comment: '${testKeys().ed25519PrivateBody}' }`),
    line: (c) => c.lineOf(TH, "{ name: 'MODELS'"),
  },
  {
    name: 'private key in a team file that does not even parse: still found',
    file: TH,
    path: '',
    fragment: 'contains a PRIVATE KEY in its text',
    edit: (c) =>
      c.replace(
        TH,
        "  owners: ['ada.nwosu@example.com'],\n",
        `  owners: ['ada.nwosu@example.com'\n  // ${testKeys().rsaPkcs8Body.slice(0, 200)}\n`,
      ),
    line: (c) => c.lineOf(TH, `// ${testKeys().rsaPkcs8Body.slice(0, 20)}`),
  },
  {
    name: 'pasted private key in a field, found by the schema and not again in the text',
    file: TH,
    path: KEY,
    fragment: 'is a PRIVATE KEY (encrypted PKCS#8)',
    alone: true,
    edit: (c) => {
      const text = c.text(TH);
      const key = /rsaPublicKey:\s*'([^']+)'/.exec(text)![1];
      c.replace(TH, key, testKeys().rsaEncryptedPkcs8Body);
    },
    line: (c) => c.lineOf(TH, 'rsaPublicKey:'),
  },
];
