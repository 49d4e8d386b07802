/**
 * IP address parsing for the country lookup, in plain code (no `node:net`, no regex) so the core
 * stays runtime-neutral and the hot path allocates nothing for an ordinary IPv4 address.
 */

/**
 * The address to look up in a country database, or null when `ip` is no valid bare address
 * (brackets, ports and zone ids are refused) or is not on the public internet: private, loopback,
 * link-local, shared (CGNAT), documentation, benchmarking, multicast or reserved. Such addresses
 * have no country, and some country databases wrongly give them one.
 *
 * IPv6 addresses that carry an IPv4 address (mapped `::ffff:1.2.3.4`, NAT64 `64:ff9b::/96`,
 * 6to4 `2002::/16`) are answered for that IPv4 address, in dotted form.
 */
export function publicAddress(ip: string): string | null {
  if (ip.includes(':')) return publicIpv6(ip);
  const v4 = parseIpv4(ip, 0, ip.length);
  return v4 >= 0 && isPublicIpv4(v4) ? ip : null;
}

/** [network, prefix length] of the IPv4 ranges that are not globally routable (RFC 6890 and kin). */
const NON_PUBLIC_V4: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // shared address space (carrier-grade NAT)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation (TEST-NET-1)
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation (TEST-NET-2)
  ['203.0.113.0', 24], // documentation (TEST-NET-3)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
];
const RANGES = NON_PUBLIC_V4.map(([network, bits]) => ({
  shift: 32 - bits,
  prefix: parseIpv4(network) >>> (32 - bits),
}));

function isPublicIpv4(address: number): boolean {
  for (const { shift, prefix } of RANGES) if (address >>> shift === prefix) return false;
  return true;
}

/**
 * Strict dotted-decimal IPv4 in `s[from, to)`, as an unsigned 32-bit number, or -1. Leading zeros
 * are refused because some parsers read them as octal (`010` = 8).
 */
function parseIpv4(s: string, from = 0, to = s.length): number {
  let address = 0;
  let dots = 0;
  let octet = 0;
  let digits = 0;
  for (let i = from; i < to; i++) {
    const code = s.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) {
      if (digits > 0 && octet === 0) return -1;
      octet = octet * 10 + (code - 0x30);
      digits++;
      if (octet > 255) return -1;
    } else if (code === 0x2e && digits > 0 && dots < 3) {
      address = address * 256 + octet;
      dots++;
      octet = 0;
      digits = 0;
    } else {
      return -1;
    }
  }
  return dots === 3 && digits > 0 ? address * 256 + octet : -1;
}

// Reused between calls: the lookup is synchronous, so no two calls can share it at once.
const groups = new Uint16Array(8);

function publicIpv6(ip: string): string | null {
  if (!parseIpv6(ip, groups)) return null;
  // Indexed reads, not destructuring: that would go through the iterator protocol.
  const g0 = group(0);
  const g1 = group(1);
  const g2 = group(2);
  const g3 = group(3);
  const g4 = group(4);
  const g5 = group(5);
  const low32 = group(6) * 0x10000 + group(7);
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) return publicEmbedded(low32);
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return publicEmbedded(low32);
  if (g0 === 0x2002) return publicEmbedded(g1 * 0x10000 + g2);
  if (g0 < 0x100) return null; // ::/8: unspecified, loopback, IPv4-compatible (deprecated)
  if (g0 === 0x100 && g1 === 0 && g2 === 0 && g3 === 0) return null; // discard-only
  if (g0 === 0x2001 && g1 === 0xdb8) return null; // documentation
  if (g0 === 0x3fff && g1 < 0x1000) return null; // documentation (RFC 9637)
  if ((g0 & 0xfe00) === 0xfc00) return null; // unique local
  if ((g0 & 0xff80) === 0xfe80) return null; // link-local, and the deprecated site-local
  if ((g0 & 0xff00) === 0xff00) return null; // multicast
  return ip;
}

function group(index: number): number {
  return groups[index] ?? 0;
}

function publicEmbedded(v4: number): string | null {
  if (!isPublicIpv4(v4)) return null;
  return `${v4 >>> 24}.${(v4 >>> 16) & 255}.${(v4 >>> 8) & 255}.${v4 & 255}`;
}

/**
 * Parses IPv6 text (RFC 4291 §2.2: hex groups, one `::`, an optional dotted IPv4 tail) into
 * `out`. False for anything else, zone ids (`%eth0`) included.
 */
function parseIpv6(s: string, out: Uint16Array): boolean {
  const length = s.length;
  let count = 0;
  let gap = -1;
  let i = 0;
  if (s.startsWith('::')) {
    gap = 0;
    i = 2;
  }
  while (i < length) {
    const start = i;
    let value = 0;
    for (let digit = hexDigit(s.charCodeAt(i)); digit >= 0 && i - start < 5; digit = hexDigit(s.charCodeAt(++i))) {
      value = value * 16 + digit;
    }
    if (i === start) return false;
    if (s.charCodeAt(i) === 0x2e /* . */) {
      const v4 = count <= 6 ? parseIpv4(s, start, length) : -1;
      if (v4 < 0) return false;
      out[count++] = v4 >>> 16;
      out[count++] = v4 & 0xffff;
      break;
    }
    if (i - start > 4 || count === 8) return false;
    out[count++] = value;
    if (i === length) break;
    if (s.charCodeAt(i) !== 0x3a /* : */ || ++i === length) return false;
    if (s.charCodeAt(i) === 0x3a) {
      if (gap >= 0) return false;
      gap = count;
      i++;
    }
  }
  if (gap < 0) return count === 8;
  if (count > 7) return false;
  // Move the groups after `::` to the end and zero the gap.
  const tail = count - gap;
  out.copyWithin(8 - tail, gap, count);
  out.fill(0, gap, 8 - tail);
  return true;
}

function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}
