import { BlockList, isIP } from 'node:net';
import { GatewayError } from '../core/errors.js';

/** A compiled pair of allow/deny lists (global, per key or per team). */
export interface IpRules {
  /**
   * Deny wins; with an allow list the address must be in it. An address that is missing
   * or does not parse is permitted only when there is no allow list (a deny list cannot
   * match it). IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) count as their IPv4.
   */
  permits(ip: string | undefined): boolean;
}

type Family = 'ipv4' | 'ipv6';

function familyOf(address: string): Family | undefined {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : undefined;
}

/** An error message for an entry that is neither an IP address nor a CIDR subnet; undefined when valid. */
export function validateCidr(entry: string): string | undefined {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = familyOf(address);
  if (family === undefined || address.includes('%') || rest.length > 0) {
    return `"${entry}" is not an IP address or CIDR subnet (e.g. 10.0.0.0/8, 2001:db8::/32)`;
  }
  if (prefix === undefined) return undefined;
  const maxPrefix = family === 'ipv4' ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > maxPrefix) {
    return `"${entry}" has an invalid prefix length: use 0 to ${maxPrefix} for ${family === 'ipv4' ? 'IPv4' : 'IPv6'}`;
  }
  return undefined;
}

function compileList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const problem = validateCidr(entry);
    // Dropping a bad deny entry would let in what it meant to keep out: refuse instead.
    if (problem !== undefined) throw new GatewayError('GW_INTERNAL', `Invalid IP list entry: ${problem}.`);
    const [address = '', prefix] = entry.split('/');
    const family = familyOf(address) ?? 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

function contains(list: BlockList, ip: string | undefined): boolean {
  // A zone index (`fe80::1%eth0`) names an interface, not part of the address.
  const address = ip?.split('%')[0];
  const family = address === undefined ? undefined : familyOf(address);
  // BlockList matches IPv4-mapped IPv6 addresses against IPv4 subnets and vice versa.
  return address !== undefined && family !== undefined && list.check(address, family);
}

/**
 * Compiles allow/deny lists of addresses and CIDR subnets, IPv4 and IPv6. Entries should
 * have passed `validateCidr` (config and admin API); a bad one throws GW_INTERNAL here.
 */
export function compileIpRules(allow?: readonly string[], deny?: readonly string[]): IpRules {
  const allowList = allow === undefined ? undefined : compileList(allow);
  const denyList = deny === undefined || deny.length === 0 ? undefined : compileList(deny);
  return {
    permits(ip) {
      if (denyList !== undefined && contains(denyList, ip)) return false;
      return allowList === undefined || contains(allowList, ip);
    },
  };
}
