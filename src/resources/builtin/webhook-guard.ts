import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { PermanentActionError } from '../types.ts';

/**
 * Where Convergence::Webhook may send requests. A template author chooses the URL, so without
 * a guard the service could be made to call internal services (loopback, cloud metadata at
 * 169.254.169.254, private networks). The guard is applied to the address actually connected to
 * (a custom DNS lookup on every connection), so a name that resolves to a public address at
 * validation time and to a private one later (DNS rebinding) is still refused.
 */
export interface WebhookGuardSettings {
  /** Host patterns and CIDRs exempt from the default deny (WEBHOOK_ALLOW). */
  allow: readonly string[];
  /** Host patterns and CIDRs always refused, even when allowed (WEBHOOK_DENY). */
  deny: readonly string[];
  /** Local mode (no authentication): loopback is the operator's own machine and may be called. */
  allowLoopback: boolean;
  /** Largest answer read from an endpoint; larger ones are cut off (WEBHOOK_MAX_RESPONSE_BYTES). */
  maxResponseBytes: number;
  /** Bound on timeout_secs × (retries + 1) of one call (WEBHOOK_MAX_CALL_SECONDS). */
  maxCallSeconds: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookGuardSettings = {
  allow: [],
  deny: [],
  allowLoopback: false,
  maxResponseBytes: 1024 * 1024,
  maxCallSeconds: 120,
};

/** A refusal of the guard; the message starts with its code so reasons and events carry it. */
export class WebhookRefusal extends PermanentActionError {
  constructor(
    override readonly code:
      'WEBHOOK_TARGET_DENIED' | 'WEBHOOK_REDIRECT_REFUSED' | 'WEBHOOK_RESPONSE_TOO_LARGE',
    message: string,
  ) {
    super(message, code);
  }
}

interface Address {
  v: 4 | 6;
  bytes: number[];
}

function parseV4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}

function parseV6(text: string): number[] | null {
  let s = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  let tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const v4 = parseV4(dotted[1]!);
    if (!v4) return null;
    tail = v4;
    // The dotted tail stands for the last two groups.
    s = `${s.slice(0, -dotted[1]!.length)}0:0`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const total = 8;
  const fill = halves.length === 2 ? total - head.length - rest.length : 0;
  if (fill < 0 || (halves.length === 1 && head.length !== total)) return null;
  const all = [...head, ...Array<string>(fill).fill('0'), ...rest];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
  const bytes = all.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** Parses an IP literal (IPv6 with or without brackets); null for names. */
export function parseAddress(text: string): Address | null {
  const bare = text.replace(/^\[|\]$/g, '');
  const kind = isIP(bare.replace(/%.*$/, ''));
  if (kind === 4) {
    const bytes = parseV4(bare);
    return bytes ? { v: 4, bytes } : null;
  }
  if (kind === 6) {
    const bytes = parseV6(bare);
    return bytes ? { v: 6, bytes } : null;
  }
  return null;
}

/**
 * The IPv4 address an IPv6 address stands for, when it embeds one: IPv4-mapped (::ffff:a.b.c.d),
 * IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002:aabb:ccdd::). Checked as
 * IPv4, so `[::ffff:127.0.0.1]` is loopback.
 */
function embeddedV4(a: Address): Address | null {
  if (a.v !== 6) return null;
  const b = a.bytes;
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return { v: 4, bytes: b.slice(12) };
  if (zeros(0, 12) && !(zeros(12, 15) && (b[15] === 0 || b[15] === 1))) return { v: 4, bytes: b.slice(12) };
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12))
    return { v: 4, bytes: b.slice(12) };
  if (b[0] === 0x20 && b[1] === 0x02) return { v: 4, bytes: b.slice(2, 6) };
  return null;
}

interface Cidr {
  v: 4 | 6;
  bytes: number[];
  prefix: number;
}

function parseCidr(text: string): Cidr | null {
  const [ip, bits] = text.split('/');
  const a = parseAddress(ip ?? '');
  if (!a) return null;
  const max = a.v === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return null;
  return { ...a, prefix };
}

function inCidr(a: Address, c: Cidr): boolean {
  if (a.v !== c.v) return false;
  let bits = c.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((a.bytes[i]! & mask) !== (c.bytes[i]! & mask)) return false;
  }
  return true;
}

const cidrs = (list: string[]) => list.map((t) => parseCidr(t)!);
const LOOPBACK = cidrs(['127.0.0.0/8', '::1/128']);
/** Not loopback, but never a public service either. */
const NON_PUBLIC = cidrs([
  '0.0.0.0/8', // unspecified, "this network" (0.0.0.0 reaches loopback on Linux)
  '10.0.0.0/8',
  '100.64.0.0/10', // carrier-grade NAT
  '169.254.0.0/16', // link-local, cloud metadata
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, broadcast
  '::/128', // unspecified
  'fe80::/10', // link-local
  'fec0::/10', // site-local (deprecated)
  'fc00::/7', // unique local (fd00::/8 and fc00::/8)
  'ff00::/8', // multicast
]);

type Rule = { cidr: Cidr } | { host: string; suffix: boolean };

/** Parses WEBHOOK_ALLOW / WEBHOOK_DENY entries: CIDRs, IPs, `host.example` or `*.example`. */
export function parseRules(entries: readonly string[]): { rules: Rule[]; problems: string[] } {
  const rules: Rule[] = [];
  const problems: string[] = [];
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    const cidr = parseCidr(entry);
    if (cidr) rules.push({ cidr });
    else if (/^(\*\.)?[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?$/.test(entry))
      rules.push({ host: entry.replace(/^\*\./, '').replace(/\.$/, ''), suffix: entry.startsWith('*.') });
    else problems.push(`"${raw}" is neither a CIDR, an IP address nor a host pattern`);
  }
  return { rules, problems };
}

function hostMatches(rule: Rule, host: string): boolean {
  if (!('host' in rule)) return false;
  return rule.suffix ? host.endsWith(`.${rule.host}`) : host === rule.host;
}

function addressMatches(rule: Rule, a: Address): boolean {
  if (!('cidr' in rule)) return false;
  const v4 = embeddedV4(a);
  return inCidr(a, rule.cidr) || (v4 !== null && inCidr(v4, rule.cidr));
}

export class WebhookGuard {
  private readonly allow: Rule[];
  private readonly deny: Rule[];

  constructor(readonly settings: WebhookGuardSettings) {
    const allow = parseRules(settings.allow);
    const deny = parseRules(settings.deny);
    const problems = [...allow.problems, ...deny.problems];
    if (problems.length > 0) throw new Error(`Webhook rules: ${problems.join('; ')}`);
    this.allow = allow.rules;
    this.deny = deny.rules;
  }

  /**
   * Why a connection to `address` (resolved from `host`) is refused, or null when it may go ahead.
   * Deny rules win; then allow rules; then the default deny of non-public ranges.
   */
  refusal(host: string, address: string): string | null {
    const name = host
      .replace(/^\[|\]$/g, '')
      .replace(/\.$/, '')
      .toLowerCase();
    const a = parseAddress(address);
    if (!a) return `${address} is not an IP address`;
    const shown = name === address ? address : `${name} (${address})`;
    if (this.deny.some((r) => hostMatches(r, name) || addressMatches(r, a)))
      return `${shown} is denied by WEBHOOK_DENY`;
    if (this.allow.some((r) => hostMatches(r, name) || addressMatches(r, a))) return null;
    const candidates = [a, embeddedV4(a)].filter((x): x is Address => x !== null);
    if (candidates.some((c) => LOOPBACK.some((r) => inCidr(c, r))))
      return this.settings.allowLoopback
        ? null
        : `${shown} is a loopback address (allow it with WEBHOOK_ALLOW)`;
    if (candidates.some((c) => NON_PUBLIC.some((r) => inCidr(c, r))))
      return `${shown} is a private, link-local, unspecified or reserved address (allow it with WEBHOOK_ALLOW)`;
    return null;
  }

  /** Refuses an IP-literal host before connecting (Node skips the lookup for literals). */
  checkLiteral(host: string): void {
    const bare = host.replace(/^\[|\]$/g, '');
    if (parseAddress(bare) === null) return;
    const reason = this.refusal(bare, bare);
    if (reason) throw new WebhookRefusal('WEBHOOK_TARGET_DENIED', reason);
  }

  /**
   * A `lookup` for http(s).request: resolves like dns.lookup, then refuses the connection when any
   * resolved address is refused, so the check applies to what is connected to, at connect time.
   */
  lookup(resolve: typeof dnsLookup = dnsLookup) {
    return (
      hostname: string,
      options: { family?: number | 'IPv4' | 'IPv6'; all?: boolean; hints?: number },
      callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
    ): void => {
      resolve(
        hostname,
        { ...options, all: true },
        (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => {
          if (error) return callback(error, options.all ? [] : '', 0);
          const list = addresses;
          for (const { address } of list) {
            const reason = this.refusal(hostname, address);
            if (reason) return callback(new WebhookRefusal('WEBHOOK_TARGET_DENIED', reason), '', 0);
          }
          if (list.length === 0) return callback(new Error(`${hostname} has no address`), '', 0);
          if (options.all) callback(null, list);
          else callback(null, list[0]!.address, list[0]!.family);
        },
      );
    };
  }
}

/** A short printable excerpt of an endpoint's answer: never a way to read internal pages. */
export function excerpt(text: string, max = 100): string {
  const printable = text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return printable.length > max ? `${printable.slice(0, max)}…` : printable;
}
