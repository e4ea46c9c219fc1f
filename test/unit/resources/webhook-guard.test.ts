import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WEBHOOK_SETTINGS,
  WebhookGuard,
  excerpt,
  parseAddress,
  parseRules,
} from '../../../src/resources/builtin/webhook-guard.ts';
import { callBudget, resourceUrl } from '../../../src/resources/builtin/webhook.ts';

const strict = new WebhookGuard(DEFAULT_WEBHOOK_SETTINGS);
const hostOf = (url: string) => new URL(url).hostname.replace(/^\[|\]$/g, '');

describe('webhook guard: addresses', () => {
  it.each([
    'http://127.0.0.1/',
    'http://2130706433/', // decimal
    'http://127.1/', // short
    'http://0x7f.0.0.1/', // hex
    'http://0177.0.0.1/', // octal
    'http://0.0.0.0/',
    'http://[::1]/',
    'http://[::]/',
    'http://[::ffff:127.0.0.1]/', // IPv4-mapped
    'http://[::ffff:7f00:1]/',
    'http://[::ffff:169.254.169.254]/',
    'http://[64:ff9b::a9fe:a9fe]/', // NAT64 of 169.254.169.254
    'http://[2002:7f00:1::]/', // 6to4 of 127.0.0.1
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/',
    'http://172.16.5.4/',
    'http://192.168.1.1/',
    'http://100.64.0.1/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://255.255.255.255/',
  ])('refuses %s in authenticated mode (URL parsing normalises the odd spellings)', (url) => {
    const host = hostOf(url);
    expect(() => strict.checkLiteral(host)).toThrow(/^WEBHOOK_TARGET_DENIED/);
  });

  it.each(['http://93.184.216.34/', 'http://[2606:2800:220:1:248:1893:25c8:1946]/', 'http://8.8.8.8/'])(
    'lets a public address through: %s',
    (url) => {
      expect(() => strict.checkLiteral(hostOf(url))).not.toThrow();
    },
  );

  it('allows loopback in local mode, but still nothing private', () => {
    const local = new WebhookGuard({ ...DEFAULT_WEBHOOK_SETTINGS, allowLoopback: true });
    expect(local.refusal('127.0.0.1', '127.0.0.1')).toBeNull();
    expect(local.refusal('::1', '::1')).toBeNull();
    expect(local.refusal('169.254.169.254', '169.254.169.254')).toMatch(/link-local/);
    expect(local.refusal('10.0.0.1', '10.0.0.1')).toMatch(/private/);
  });

  it('WEBHOOK_ALLOW exempts CIDRs and host patterns; WEBHOOK_DENY wins', () => {
    const guard = new WebhookGuard({
      ...DEFAULT_WEBHOOK_SETTINGS,
      allow: ['10.1.0.0/16', '*.corp.example', 'api.internal'],
      deny: ['10.1.2.0/24', 'bad.corp.example', '8.8.8.8'],
    });
    expect(guard.refusal('10.1.9.9', '10.1.9.9')).toBeNull();
    expect(guard.refusal('10.2.0.1', '10.2.0.1')).toMatch(/private/);
    expect(guard.refusal('x.corp.example', '10.9.9.9')).toBeNull();
    expect(guard.refusal('api.internal', '192.168.0.5')).toBeNull();
    expect(guard.refusal('10.1.2.3', '10.1.2.3')).toMatch(/WEBHOOK_DENY/);
    expect(guard.refusal('bad.corp.example', '10.9.9.9')).toMatch(/WEBHOOK_DENY/);
    expect(guard.refusal('dns.example', '8.8.8.8')).toMatch(/WEBHOOK_DENY/);
    // A mapped spelling of a denied IPv4 address is the same address.
    expect(guard.refusal('::ffff:8.8.8.8', '::ffff:8.8.8.8')).toMatch(/WEBHOOK_DENY/);
  });

  it('rejects entries that are neither CIDRs nor host patterns', () => {
    expect(parseRules(['10.0.0.0/33', 'http://x', 'ok.example']).problems).toHaveLength(2);
    expect(parseAddress('::ffff:127.0.0.1')?.bytes.slice(12)).toEqual([127, 0, 0, 1]);
  });

  it('checks every resolution at connect time, so a rebinding name is refused on its second answer', async () => {
    const answers = [[{ address: '93.184.216.34', family: 4 }], [{ address: '127.0.0.1', family: 4 }]];
    const fakeResolve = ((_host: string, _opts: unknown, cb: (e: Error | null, a: LookupAddress[]) => void) =>
      cb(null, answers.shift()!)) as never;
    const lookup = strict.lookup(fakeResolve);
    const resolveOnce = () =>
      new Promise<string>((resolve, reject) =>
        lookup('rebind.example', { all: false }, (error, address) =>
          error ? reject(error) : resolve(address as string),
        ),
      );
    await expect(resolveOnce()).resolves.toBe('93.184.216.34');
    await expect(resolveOnce()).rejects.toThrow(/^WEBHOOK_TARGET_DENIED: rebind.example \(127.0.0.1\)/);
  });
});

describe('webhook request shape', () => {
  it('always appends the key as the last path segment, whatever the URL ends with', () => {
    expect(resourceUrl('http://h/things#', 'k1').toString()).toBe('http://h/things/k1');
    expect(resourceUrl('http://h/things?', 'k1').toString()).toBe('http://h/things/k1');
    expect(resourceUrl('http://h/things/?v=2#frag', 'k/1').toString()).toBe('http://h/things/k%2F1?v=2');
    expect(resourceUrl('http://h', 'k').toString()).toBe('http://h/k');
  });

  it('bounds timeout × retries by WEBHOOK_MAX_CALL_SECONDS', () => {
    expect(callBudget({ timeout_secs: 600, retries: 10 }, 120)).toEqual({ timeoutMs: 120_000, retries: 0 });
    expect(callBudget({ timeout_secs: 10, retries: 3 }, 120)).toEqual({ timeoutMs: 10_000, retries: 3 });
    expect(callBudget({ timeout_secs: 30, retries: 10 }, 120)).toEqual({ timeoutMs: 30_000, retries: 3 });
  });

  it('keeps only a short printable excerpt of an answer', () => {
    const page = `<html>\u0000\u001b[31m${'x'.repeat(50)} SECRET-${'y'.repeat(200)}</html>`;
    const cut = excerpt(page);
    expect(cut.length).toBeLessThanOrEqual(101);
    expect([...cut].every((c) => c.charCodeAt(0) >= 0x20)).toBe(true);
    expect(cut).not.toContain('yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy');
  });
});
