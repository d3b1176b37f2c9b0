/** IPv4 addresses and CIDR ranges of Snowflake network policies, parsed with ipaddr.js (Snowflake takes IPv4 only). */
import ipaddr from 'ipaddr.js';

export type Ipv4Range =
  | { readonly ok: true; readonly network: string; readonly prefixLength: number }
  | { readonly ok: false; readonly message: string; readonly fix: string };

const FIX = 'write an IPv4 address (203.0.113.10) or a CIDR range (203.0.113.0/24)';

/**
 * `a.b.c.d` (one address, /32) or `a.b.c.d/n` with n from 0 to 32. Strict: four decimal parts of 0-255 without
 * leading zeros (ipaddr.js's `isValid` would also take `127.1`, `0x7f.0.0.1` and `010.0.0.1`), and no host bits set
 * in a range (`10.0.0.1/24` is ambiguous: the network 10.0.0.0/24, or the address 10.0.0.1?).
 */
export function parseIpv4Range(text: string): Ipv4Range {
  // Split at the first "/" (a regex with `.` would not match a newline after it, and crash on "10.0.0.0/8\n");
  // the parts are quoted as JSON in messages, so a newline in them cannot break the one-line report.
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const prefix = slash < 0 ? undefined : text.slice(slash + 1);
  if (!ipaddr.IPv4.isValidFourPartDecimal(address)) {
    if (ipaddr.IPv6.isValid(address))
      return { ok: false, message: 'is an IPv6 address: Snowflake network policies take IPv4 only', fix: FIX };
    return {
      ok: false,
      message: `must be an IPv4 address (four numbers 0-255, e.g. 203.0.113.10) or CIDR range: ${JSON.stringify(address)} is not one`,
      fix: FIX,
    };
  }
  if (prefix !== undefined && !/^(0|[1-9]\d?)$/.test(prefix))
    return {
      ok: false,
      message: `has the prefix length ${JSON.stringify(`/${prefix}`)}: a prefix length is 0 to 32`,
      fix: FIX,
    };
  const prefixLength = prefix === undefined ? 32 : Number(prefix);
  if (prefixLength > 32)
    return { ok: false, message: `has the prefix length /${prefixLength}: an IPv4 prefix length is 0 to 32`, fix: FIX };
  const network = ipaddr.IPv4.networkAddressFromCIDR(`${address}/${prefixLength}`).toString();
  if (network !== address)
    return {
      ok: false,
      message: `has host bits set: ${text} is inside the network ${network}/${prefixLength}`,
      fix: `write ${network}/${prefixLength} for the whole network, or ${address}/32 for that one address`,
    };
  return { ok: true, network, prefixLength };
}
