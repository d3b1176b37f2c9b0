/**
 * Valid, unique RSA public keys for benchmarks and tests, made in microseconds: a SubjectPublicKeyInfo around a
 * modulus derived from `seed` with SHA-256 (odd, exactly `bits` long, exponent 65537). OpenSSL decodes it as an RSA
 * key of that size, which is all config validation can check; it is no real key pair (nobody has a private key for
 * it, and the modulus is no product of two primes), so it can only ever stand in where Snowflake is never asked.
 * Generating real RSA keys takes 0.2-0.5 s each.
 */
import * as crypto from 'node:crypto';

const length = (n: number) => (n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff]);
const der = (tag: number, body: Buffer) => Buffer.concat([Buffer.from([tag, ...length(body.length)]), body]);
/** AlgorithmIdentifier { rsaEncryption, NULL }. */
const RSA_ENCRYPTION = Buffer.from('300d06092a864886f70d0101010500', 'hex');

/** The one-line base64 body of an RSA public key that is the same for the same seed and different for others. */
export function syntheticRsaPublicKey(seed: string, bits = 2048): string {
  if (!Number.isInteger(bits) || bits < 8 || bits % 8 !== 0) {
    throw new RangeError(`syntheticRsaPublicKey: bits must be a positive multiple of 8, got ${bits}`);
  }
  const modulus = Buffer.alloc(bits / 8);
  for (let i = 0, block = 0; i < modulus.length; block++) {
    const hash = crypto.createHash('sha256').update(`${seed}/${block}`).digest();
    hash.copy(modulus, i);
    i += hash.length;
  }
  const last = modulus.length - 1;
  modulus.writeUInt8(modulus.readUInt8(0) | 0x80, 0); // exactly `bits` bits
  modulus.writeUInt8(modulus.readUInt8(last) | 1, last); // odd
  const rsaPublicKey = der(
    0x30,
    Buffer.concat([der(0x02, Buffer.concat([Buffer.from([0]), modulus])), der(0x02, Buffer.from([1, 0, 1]))]),
  );
  const spki = der(0x30, Buffer.concat([RSA_ENCRYPTION, der(0x03, Buffer.concat([Buffer.from([0]), rsaPublicKey]))]));
  return spki.toString('base64');
}
