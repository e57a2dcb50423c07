/**
 * Fn::Cidr with AWS's results: `[ipBlock, count, cidrBits]` gives `count` consecutive blocks of
 * size 2^cidrBits addresses (prefix 32 − cidrBits for IPv4, 128 − cidrBits for IPv6), starting at
 * the base of ipBlock. AWS's own example: `!Cidr ["192.168.0.0/24", 6, 5]` →
 * 192.168.0.0/27, 192.168.0.32/27, … 192.168.0.160/27
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-cidr.html).
 */
import { formatCidr, parseCidr } from '../net/ip-address.js';

/** Result of Fn::Cidr: the blocks, or the reason AWS would reject the arguments. */
export type CidrResult = { ok: true; blocks: string[] } | { ok: false; reason: string };

/** Splits `ipBlock` into `count` subnets with `cidrBits` host bits each. */
export function splitCidr(ipBlock: string, count: number, cidrBits: number): CidrResult {
  const block = parseCidr(ipBlock);
  if (!block) return { ok: false, reason: `'${ipBlock}' is not a CIDR block (expected e.g. 10.0.0.0/16)` };
  const bits = block.family === 4 ? 32 : 128;
  if (!Number.isInteger(count) || count < 1 || count > 256) return { ok: false, reason: `count must be an integer from 1 to 256, got ${count}` };
  if (!Number.isInteger(cidrBits) || cidrBits < 1 || cidrBits > bits) {
    return { ok: false, reason: `cidrBits must be an integer from 1 to ${bits}, got ${cidrBits}` };
  }
  const prefix = bits - cidrBits;
  if (prefix < block.prefix) {
    return { ok: false, reason: `cidrBits ${cidrBits} makes /${prefix} blocks, larger than the /${block.prefix} being split` };
  }
  const available = 2n ** BigInt(prefix - block.prefix);
  if (BigInt(count) > available) {
    return { ok: false, reason: `${ipBlock} holds only ${available} blocks of /${prefix}, ${count} were asked for` };
  }
  const step = 2n ** BigInt(cidrBits);
  const blocks: string[] = [];
  for (let i = 0; i < count; i++) blocks.push(formatCidr({ family: block.family, address: block.address + step * BigInt(i), prefix }));
  return { ok: true, blocks };
}
