/**
 * `make_url: {scheme, username, password, host, port, path, query, fragment}` (2017-09-01+).
 * Follows Heat, which builds the URL with Python's urllib: the same characters are escaped
 * and `//` is added whenever there is a host.
 */
import { isPlainMap } from '../values.ts';
import {
  alwaysKnown,
  expectKeys,
  expectMap,
  expectString,
  FunctionArgumentError,
  toText,
} from './arguments.ts';
import type { IsKnown } from './arguments.ts';
import type { PureFunction } from './pure-function.ts';

const URL_PARTS = ['scheme', 'username', 'password', 'host', 'port', 'path', 'query', 'fragment'] as const;
type TextPart = 'scheme' | 'username' | 'password' | 'host' | 'path' | 'fragment';

export const makeUrl: PureFunction = {
  name: 'make_url',
  since: '2017-09-01',
  check: (args, isKnown) => void readUrlParts(args, isKnown),
  apply(args) {
    const parts = readUrlParts(args, alwaysKnown);
    return buildUrl(parts);
  },
};

interface UrlParts {
  scheme: string;
  username: string;
  password: string;
  host: string;
  port: string;
  path: string;
  query: Record<string, unknown>;
  fragment: string;
}

function readUrlParts(args: unknown, isKnown: IsKnown): UrlParts {
  const map = expectMap(args, 'make_url arguments');
  expectKeys(map, URL_PARTS, [], 'make_url arguments');
  const text = (key: TextPart): string => {
    const value = map[key];
    if (value === undefined || value === null || !isKnown(value)) return '';
    return expectString(value, `make_url ${key}`, [key]);
  };
  const scheme = text('scheme');
  if (scheme.includes(':'))
    throw new FunctionArgumentError(`make_url scheme "${scheme}" is invalid`, ['scheme']);
  return {
    scheme,
    username: text('username'),
    password: text('password'),
    host: text('host'),
    port: readPort(map.port, isKnown),
    path: text('path'),
    query: readQuery(map.query, isKnown),
    fragment: text('fragment'),
  };
}

function readPort(port: unknown, isKnown: IsKnown): string {
  if (port === undefined || port === null || !isKnown(port)) return '';
  const number = typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : port;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number > 65535) {
    throw new FunctionArgumentError('make_url port must be an integer from 1 to 65535', ['port']);
  }
  return String(number);
}

function readQuery(query: unknown, isKnown: IsKnown): Record<string, unknown> {
  if (query === undefined || query === null || !isKnown(query)) return {};
  if (!isPlainMap(query)) throw new FunctionArgumentError('make_url query must be a map', ['query']);
  return query;
}

function buildUrl(parts: UrlParts): string {
  let netloc = '';
  if (parts.username) {
    netloc = quote(parts.username, '');
    if (parts.password) netloc += `:${quote(parts.password, '')}`;
    netloc += '@';
  }
  // An IPv6 address must be bracketed, whether or not the template did it.
  const host = parts.host.startsWith('[') && parts.host.endsWith(']') ? parts.host.slice(1, -1) : parts.host;
  netloc += host.includes(':') ? `[${host}]` : host;
  if (parts.port) netloc += `:${parts.port}`;

  let url = quote(parts.path, '/');
  if (netloc || (SCHEMES_WITH_HOST.has(parts.scheme) && !url.startsWith('//'))) {
    if (url && !url.startsWith('/')) url = `/${url}`;
    url = `//${netloc}${url}`;
  }
  if (parts.scheme) url = `${parts.scheme}:${url}`;
  const query = Object.entries(parts.query)
    .map(([key, value]) => `${quotePlus(key)}=${quotePlus(toText(value))}`)
    .join('&')
    .replaceAll('%2F', '/');
  if (query) url += `?${query}`;
  if (parts.fragment) url += `#${quote(parts.fragment, '/')}`;
  return url;
}

/** Python's urllib.parse.uses_netloc: these schemes get `//` even without a host (`file:///tmp`). */
const SCHEMES_WITH_HOST: ReadonlySet<string> = new Set(
  'ftp http gopher nntp telnet imap wais file mms https shttp snews prospero rtsp rtspu rsync svn svn+ssh sftp nfs git git+ssh ws wss'.split(
    ' ',
  ),
);

const ALWAYS_SAFE = /[A-Za-z0-9_.\-~]/;

/** Python's urllib.parse.quote: percent-encodes UTF-8 bytes except letters, digits, `_.-~` and `safe`. */
function quote(text: string, safe: string): string {
  let result = '';
  for (const char of text) {
    if (ALWAYS_SAFE.test(char) || safe.includes(char)) {
      result += char;
    } else {
      for (const byte of new TextEncoder().encode(char))
        result += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return result;
}

/** Python's urllib.parse.quote_plus: like quote, with spaces as `+`. */
function quotePlus(text: string): string {
  return quote(text, ' ').replaceAll(' ', '+');
}
