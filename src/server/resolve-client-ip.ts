import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { ServerSettings } from '../config/index.js';
import type { IpRules } from '../pipeline/index.js';
import { compileIpRules } from '../pipeline/index.js';

// Hops examined from the right: a chain of our own proxies is short, and a caller cannot
// make us walk a long header (the walk stops at the first address we do not trust).
const MAX_HOPS = 16;

const IPV4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/;
const BRACKETED_IPV6 = /^\[([0-9A-Fa-f:.]+)\](?::\d{1,5})?$/;

/** One X-Forwarded-For entry as an address: `1.2.3.4`, `1.2.3.4:80`, `2001:db8::1`, `[2001:db8::1]:443`; undefined otherwise. */
export function parseForwardedAddress(entry: string): string | undefined {
  const hop = entry.trim();
  if (isIP(hop) !== 0) return hop;
  const address = IPV4_WITH_PORT.exec(hop)?.[1] ?? BRACKETED_IPV6.exec(hop)?.[1];
  return address !== undefined && isIP(address) !== 0 ? address : undefined;
}

/**
 * The caller's address behind trusted proxies. Only a trusted peer's X-Forwarded-For is
 * read, right to left (each proxy appends the address it saw), and the first address not
 * trusted is the client: what a caller writes at the left end is never reached while a
 * proxy appends after it. A hop that is not an address means the client is unknown
 * (undefined): an IP allow list then refuses, rather than admitting the proxy's address.
 */
export function resolveClientIp(peer: string | undefined, forwardedFor: string | undefined, isTrusted: (ip: string) => boolean): string | undefined {
  if (peer === undefined || forwardedFor === undefined || forwardedFor.trim() === '' || !isTrusted(peer)) return peer;
  const hops = forwardedFor.split(',');
  let nearest = peer;
  for (let index = hops.length - 1; index >= 0 && hops.length - index <= MAX_HOPS; index -= 1) {
    const address = parseForwardedAddress(hops[index]!);
    if (address === undefined) return undefined;
    if (!isTrusted(address)) return address;
    nearest = address;
  }
  // Every hop examined is one of ours: the farthest is as close to the client as we know.
  return nearest;
}

const compiled = new WeakMap<readonly string[], IpRules>();

/** The client address of a request under the snapshot's `server.trusted_proxies`. */
export function clientIpOf(request: IncomingMessage, server: ServerSettings): string | undefined {
  const peer = request.socket.remoteAddress;
  const trusted = server.trustedProxies;
  if (trusted.length === 0) return peer;
  let rules = compiled.get(trusted);
  if (rules === undefined) {
    rules = compileIpRules(trusted);
    compiled.set(trusted, rules);
  }
  const forwardedFor = request.headers['x-forwarded-for'];
  return resolveClientIp(peer, typeof forwardedFor === 'string' ? forwardedFor : undefined, (ip) => rules.permits(ip));
}
