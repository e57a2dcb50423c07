/**
 * The kinds of value AWS validates when a stack is created — CIDR blocks, addresses, ports,
 * protocols, enumerations, bounded integers, patterns — each as a small test that says, in AWS's
 * terms, what is wrong and what to write instead. The resource specification package carries
 * the registry schemas' enumerations (checked by check-allowed-values.ts) but no `pattern`,
 * `minimum` or `maximum`, and nothing of what EC2 parses itself (CIDRs, ports, protocols), so
 * these constraints are written down in allowed-values.ts from the service API references. Pure.
 *
 * @module
 */
import type { CfnValue } from '../template/types.js';
import { parseCidr as parseAnyCidr, parseIpv6 } from '../net/ip-address.js';
import { parseCidr as parseIpv4Cidr, parseIpv4 } from '../net/ipv4.js';
import { compileLinearRegex } from '../util/linear-regex.js';

/** What is wrong with one value: the message (what AWS would say) and what to change. */
export interface ValueProblem {
  code: string;
  message: string;
  hint: string;
}

/** A test of one resolved scalar; undefined when AWS accepts it. */
export type ValueConstraint = (value: string | number | boolean) => ValueProblem | undefined;

/** The text of a scalar as CloudFormation passes it to the service. */
export function scalarText(value: string | number | boolean): string {
  return typeof value === 'string' ? value.trim() : String(value);
}

/** A whole number from an integer or a numeric string, as CloudFormation converts it; undefined otherwise. */
export function wholeNumber(value: CfnValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

/** An IPv4 CIDR block. `prefix` bounds the prefix length (VPCs and subnets: 16..28); `exact` refuses host bits (EC2 does for VPC and subnet blocks). */
export function ipv4Cidr(options: { prefix?: [number, number]; exact?: boolean; what?: string } = {}): ValueConstraint {
  const what = options.what ?? 'an IPv4 CIDR block';
  return (value) => {
    const text = scalarText(value);
    const block = parseIpv4Cidr(text, !options.exact);
    if (!block) {
      const loose = parseIpv4Cidr(text, true);
      return {
        code: 'invalid-cidr',
        message: loose
          ? `"${text}" has host bits set; EC2 expects ${what} such as ${formatBase(loose.base)}/${loose.prefixLength}`
          : `"${text}" is not ${what} (a.b.c.d/n, each part 0-255, n from 0 to 32)`,
        hint: loose ? `write ${formatBase(loose.base)}/${loose.prefixLength}` : 'write it as a.b.c.d/n, e.g. 10.0.0.0/16 or 0.0.0.0/0',
      };
    }
    const [min, max] = options.prefix ?? [0, 32];
    if (block.prefixLength < min || block.prefixLength > max) {
      return {
        code: 'invalid-cidr',
        message: `${what} must have a prefix length between /${min} and /${max}, not /${block.prefixLength}`,
        hint: `choose a prefix length from ${min} to ${max}`,
      };
    }
    return undefined;
  };
}

function formatBase(base: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256).join('.');
}

/** An IPv6 CIDR block (`2001:db8::/56`). */
export function ipv6Cidr(prefix?: [number, number]): ValueConstraint {
  return (value) => {
    const text = scalarText(value);
    const block = text.includes(':') ? parseAnyCidr(text) : undefined;
    if (!block || block.family !== 6) {
      return { code: 'invalid-cidr', message: `"${text}" is not an IPv6 CIDR block`, hint: 'write it as an IPv6 prefix such as 2001:db8::/64 or ::/0' };
    }
    if (prefix && (block.prefix < prefix[0] || block.prefix > prefix[1])) {
      return {
        code: 'invalid-cidr',
        message: `the IPv6 block must be a /${prefix[0]}${prefix[0] === prefix[1] ? '' : ` to /${prefix[1]}`}, not /${block.prefix}`,
        hint: `use a /${prefix[1]} block`,
      };
    }
    return undefined;
  };
}

/** A single IPv4 address. */
export const ipv4Address: ValueConstraint = (value) => {
  const text = scalarText(value);
  return parseIpv4(text) === undefined
    ? { code: 'invalid-ip-address', message: `"${text}" is not an IPv4 address`, hint: 'write four numbers from 0 to 255 separated by dots, e.g. 10.0.1.10' }
    : undefined;
};

/** A single IPv6 address. */
export const ipv6Address: ValueConstraint = (value) => {
  const text = scalarText(value);
  return parseIpv6(text) === undefined
    ? { code: 'invalid-ip-address', message: `"${text}" is not an IPv6 address`, hint: 'write an IPv6 address such as 2001:db8::10' }
    : undefined;
};

/** A whole number in [min, max]; `unit` names it in messages ("MiB", "seconds"), `why` says where the bound comes from. */
export function integerRange(min: number, max: number, unit = '', why = ''): ValueConstraint {
  const what = unit ? ` ${unit}` : '';
  const reason = why ? `; ${why}` : '';
  return (value) => {
    const n = wholeNumber(value);
    if (n === undefined) return { code: 'invalid-number', message: `${JSON.stringify(value)} is not a whole number`, hint: `write a whole number from ${min} to ${max}` };
    if (n < min || n > max)
      return { code: 'value-out-of-range', message: `${n}${what} is outside the range AWS accepts (${min} to ${max})${reason}`, hint: `write a value from ${min} to ${max}` };
    return undefined;
  };
}

/** A TCP/UDP port: 0..65535. */
export const port = integerRange(0, 65535);

/** A listener or target port: 1..65535. */
export const listenerPort = integerRange(1, 65535);

/** One of a fixed set of values. `caseInsensitive` for the few APIs that fold case. */
export function oneOf(allowed: readonly string[], options: { caseInsensitive?: boolean } = {}): ValueConstraint {
  const fold = (s: string) => (options.caseInsensitive ? s.toLowerCase() : s);
  const set = new Set(allowed.map(fold));
  return (value) => {
    const text = scalarText(value);
    if (set.has(fold(text))) return undefined;
    const near = allowed.find((a) => a.toLowerCase() === text.toLowerCase());
    return {
      code: 'value-not-allowed',
      message: `"${text}" is not an allowed value (${allowed.join(', ')})`,
      hint: near ? `write ${near} (the value is case-sensitive)` : `use one of ${allowed.join(', ')}`,
    };
  };
}

/**
 * A value the whole of which matches `pattern` (Java syntax, matched in linear time). The
 * patterns are this module's own constants, so one RE2 cannot compile is a bug: it throws when
 * the table is built instead of silently checking nothing.
 */
export function matches(pattern: string, description: string, example: string): ValueConstraint {
  const regex = compileLinearRegex(pattern);
  if (!regex.ok) throw new Error(`value pattern ${pattern} does not compile: ${regex.reason}`);
  return (value) => {
    const text = scalarText(value);
    return regex.fullMatch(text) ? undefined : { code: 'value-not-allowed', message: `"${text}" is not ${description}`, hint: `write ${example}` };
  };
}

/** Runs the first constraint that accepts, else reports the last problem: for values with two valid forms. */
export function either(...constraints: ValueConstraint[]): ValueConstraint {
  return (value) => {
    let problem: ValueProblem | undefined;
    for (const constraint of constraints) {
      problem = constraint(value);
      if (!problem) return undefined;
    }
    return problem;
  };
}
