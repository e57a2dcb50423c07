/**
 * Just enough IP address parsing to reject a bad spec before the kernel does: the kernel's
 * error ("Error: any valid prefix is expected rather than ...") names neither the lab object
 * nor the field, so a spec is checked up front. Pure.
 *
 * @module
 */

/** 4 or 6. */
export type IpFamily = 4 | 6;

/** The family of an address, or undefined when it is not a literal IPv4 or IPv6 address. */
export function ipFamily(address: string): IpFamily | undefined {
  if (isIpv4(address)) return 4;
  if (isIpv6(address)) return 6;
  return undefined;
}

/** The family of `address/prefix` with an in-range prefix, or undefined. */
export function cidrFamily(cidr: string): IpFamily | undefined {
  const slash = cidr.indexOf('/');
  if (slash < 0) return undefined;
  const family = ipFamily(cidr.slice(0, slash));
  const prefixText = cidr.slice(slash + 1);
  if (!family || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  return prefix <= (family === 4 ? 32 : 128) ? family : undefined;
}

function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^(?:0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

function isIpv6(text: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return false;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (half: string | undefined): string[] => (half ? half.split(':') : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const all = [...head, ...tail];
  // An embedded IPv4 address (::ffff:10.0.0.1) counts as two groups and may only come last.
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    const g = all[i] as string;
    if (g.includes('.')) {
      if (i !== all.length - 1 || !isIpv4(g)) return false;
      count += 2;
    } else if (/^[0-9A-Fa-f]{1,4}$/.test(g)) {
      count += 1;
    } else {
      return false;
    }
  }
  return halves.length === 2 ? count < 8 : count === 8;
}
