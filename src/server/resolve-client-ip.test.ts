import { describe, expect, it } from 'vitest';
import { compileIpRules } from '../pipeline/index.js';
import { parseForwardedAddress, resolveClientIp } from './resolve-client-ip.js';

const proxies = compileIpRules(['10.0.0.0/8', '127.0.0.1', 'fd00::/8']);
const trusted = (ip: string) => proxies.permits(ip);

describe('parseForwardedAddress', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['  203.0.113.7 ', '203.0.113.7'],
    ['203.0.113.7:51234', '203.0.113.7'],
    ['2001:db8::1', '2001:db8::1'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1'],
  ])('reads %j as %j', (entry, address) => {
    expect(parseForwardedAddress(entry)).toBe(address);
  });

  it.each(['', 'unknown', 'evil.example.com', '999.1.1.1', '203.0.113.7:port', '[nope]:1', '<script>', '203.0.113.7 198.51.100.1'])('refuses %j', (entry) => {
    expect(parseForwardedAddress(entry)).toBeUndefined();
  });
});

describe('resolveClientIp', () => {
  it('is the socket peer when the peer is not a trusted proxy, whatever the header says', () => {
    expect(resolveClientIp('198.51.100.4', '203.0.113.7', trusted)).toBe('198.51.100.4');
  });

  it('is the socket peer when a trusted proxy sent no header, or a blank one', () => {
    expect(resolveClientIp('10.1.2.3', undefined, trusted)).toBe('10.1.2.3');
    expect(resolveClientIp('10.1.2.3', '  ', trusted)).toBe('10.1.2.3');
  });

  it("is the address a trusted proxy appended", () => {
    expect(resolveClientIp('10.1.2.3', '203.0.113.7', trusted)).toBe('203.0.113.7');
    expect(resolveClientIp('::ffff:10.1.2.3', '203.0.113.7', trusted)).toBe('203.0.113.7');
  });

  it('walks right to left through a chain of trusted proxies to the first address not trusted', () => {
    expect(resolveClientIp('127.0.0.1', '203.0.113.7, 10.9.9.9, 10.1.1.1', trusted)).toBe('203.0.113.7');
    expect(resolveClientIp('127.0.0.1', '2001:db8::5, fd00::1', trusted)).toBe('2001:db8::5');
  });

  it('never reaches what the caller wrote to the left of the address our proxy appended', () => {
    expect(resolveClientIp('10.1.2.3', '10.0.0.1, 127.0.0.1, 198.51.100.4', trusted)).toBe('198.51.100.4');
    expect(resolveClientIp('10.1.2.3', 'not-an-ip, 198.51.100.4', trusted)).toBe('198.51.100.4');
  });

  it('is unknown when a hop our proxies vouch for is not an address', () => {
    expect(resolveClientIp('10.1.2.3', 'unknown', trusted)).toBeUndefined();
    expect(resolveClientIp('10.1.2.3', '198.51.100.4, , 10.0.0.9', trusted)).toBeUndefined();
  });

  it('is the farthest hop examined when every hop is a trusted proxy', () => {
    expect(resolveClientIp('127.0.0.1', '10.0.0.2, 10.0.0.1', trusted)).toBe('10.0.0.2');
    const long = Array.from({ length: 40 }, (_, index) => `10.0.0.${index + 1}`).join(', ');
    // Sixteen hops from the right, then the walk stops.
    expect(resolveClientIp('127.0.0.1', long, trusted)).toBe('10.0.0.25');
  });

  it('is undefined when the socket has no peer address (it closed)', () => {
    expect(resolveClientIp(undefined, '203.0.113.7', trusted)).toBeUndefined();
  });
});
