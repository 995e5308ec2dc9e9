import { describe, expect, it } from 'vitest';
import { GatewayError } from '../core/errors.js';
import { compileIpRules, validateCidr } from './ip-access.js';

describe('compileIpRules', () => {
  it('permits everyone without lists', () => {
    const rules = compileIpRules();
    expect(rules.permits('203.0.113.9')).toBe(true);
    expect(rules.permits(undefined)).toBe(true);
  });

  it('requires IPv4 addresses to be in the allow list', () => {
    const rules = compileIpRules(['10.0.0.0/8', '192.168.1.7']);
    expect(rules.permits('10.1.2.3')).toBe(true);
    expect(rules.permits('192.168.1.7')).toBe(true);
    expect(rules.permits('192.168.1.8')).toBe(false);
    expect(rules.permits('11.0.0.1')).toBe(false);
  });

  it('requires IPv6 addresses to be in the allow list', () => {
    const rules = compileIpRules(['2001:db8::/32', '::1']);
    expect(rules.permits('2001:db8:1::5')).toBe(true);
    expect(rules.permits('2001:0DB8:0000::1')).toBe(true);
    expect(rules.permits('::1')).toBe(true);
    expect(rules.permits('2001:db9::1')).toBe(false);
    expect(rules.permits('10.0.0.1')).toBe(false);
  });

  it('lets deny win over allow, in both families', () => {
    const rules = compileIpRules(['10.0.0.0/8', '2001:db8::/32'], ['10.6.0.0/16', '2001:db8:bad::/48']);
    expect(rules.permits('10.5.0.1')).toBe(true);
    expect(rules.permits('10.6.0.1')).toBe(false);
    expect(rules.permits('2001:db8:1::1')).toBe(true);
    expect(rules.permits('2001:db8:bad::1')).toBe(false);
  });

  it('permits anything outside a deny-only list', () => {
    const rules = compileIpRules(undefined, ['203.0.113.0/24', 'fe80::/10']);
    expect(rules.permits('203.0.113.50')).toBe(false);
    expect(rules.permits('fe80::1%eth0')).toBe(false);
    expect(rules.permits('198.51.100.1')).toBe(true);
    expect(rules.permits(undefined)).toBe(true);
  });

  it('refuses a missing or unparseable address when an allow list is set', () => {
    const rules = compileIpRules(['0.0.0.0/0']);
    expect(rules.permits('1.2.3.4')).toBe(true);
    expect(rules.permits(undefined)).toBe(false);
    expect(rules.permits('not-an-ip')).toBe(false);
    expect(rules.permits('')).toBe(false);
  });

  it('allows nobody with an empty allow list', () => {
    expect(compileIpRules([]).permits('10.0.0.1')).toBe(false);
  });

  it('treats IPv4-mapped IPv6 addresses as their IPv4', () => {
    const allowed = compileIpRules(['10.0.0.0/8']);
    expect(allowed.permits('::ffff:10.0.0.1')).toBe(true);
    expect(allowed.permits('::ffff:a00:1')).toBe(true);
    expect(allowed.permits('::ffff:11.0.0.1')).toBe(false);
    const denied = compileIpRules(undefined, ['10.0.0.1']);
    expect(denied.permits('::ffff:10.0.0.1')).toBe(false);
    expect(compileIpRules(['::ffff:10.0.0.0/104']).permits('10.200.0.1')).toBe(true);
  });

  it('throws a GatewayError for an entry that did not pass validation', () => {
    expect(() => compileIpRules(undefined, ['10.0.0.0/33'])).toThrow(GatewayError);
  });
});

describe('validateCidr', () => {
  it('accepts addresses and subnets of both families', () => {
    for (const entry of ['10.0.0.0/8', '10.0.0.1', '0.0.0.0/0', '2001:db8::/32', '::1', '::/0', '::ffff:10.0.0.0/104']) {
      expect(validateCidr(entry)).toBeUndefined();
    }
  });

  it('explains what is wrong with a bad entry', () => {
    expect(validateCidr('10.0.0.0/33')).toMatch(/prefix length: use 0 to 32 for IPv4/);
    expect(validateCidr('2001:db8::/129')).toMatch(/0 to 128 for IPv6/);
    expect(validateCidr('10.0.0.0/')).toMatch(/prefix length/);
    expect(validateCidr('10.0.0.0/8x')).toMatch(/prefix length/);
    expect(validateCidr('10.0.0.0/-1')).toMatch(/prefix length/);
    expect(validateCidr('10.0.0/8')).toMatch(/not an IP address/);
    expect(validateCidr('example.com')).toMatch(/not an IP address/);
    expect(validateCidr('10.0.0.0/8/8')).toMatch(/not an IP address/);
    expect(validateCidr('fe80::1%eth0')).toMatch(/not an IP address/);
    expect(validateCidr('')).toMatch(/not an IP address/);
  });
});
