// GraphQL over HTTP (fetch) and over WebSocket (graphql-ws's client, an ES module the service
// serves from its npm package: nothing is loaded from elsewhere).
import { createClient } from './vendor/graphql-ws/client.js';

const TOKEN_KEY = 'convergence-engine.token';

/** The bearer token the user saved, or '' when none. */
export function getToken() {
  try {
    return localStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

export function setToken(token) {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage can be disabled (private mode): the token then lasts until the page is closed.
  }
  memoryToken = token;
}

let memoryToken = null;
function token() {
  return memoryToken ?? getToken();
}

/** The API lives next to the page: /ui/ -> /graphql (relative, so a path prefix of a proxy is kept). */
export function httpEndpoint() {
  return new URL('../graphql', location.href).toString();
}

export function wsEndpoint() {
  const url = new URL(httpEndpoint());
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** A GraphQL answer with errors; `code` is the first error's extensions.code (NOT_FOUND, UNAUTHENTICATED…). */
export class GraphQLRequestError extends Error {
  constructor(errors, status) {
    super(errors.map((e) => e.message).join('; ') || `GraphQL error (HTTP ${status})`);
    this.name = 'GraphQLRequestError';
    this.errors = errors;
    this.status = status;
    this.code = errors[0]?.extensions?.code ?? null;
  }
}

/** POSTs one operation; resolves with `data`, rejects with GraphQLRequestError or a network error. */
export async function request(query, variables = {}, { signal } = {}) {
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  const t = token();
  if (t) headers.authorization = `Bearer ${t}`;
  const res = await fetch(httpEndpoint(), {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
    signal,
  });
  let body = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: reported below with the HTTP status
  }
  if (body?.errors?.length) throw new GraphQLRequestError(body.errors, res.status);
  if (!res.ok || !body || body.data == null) throw new Error(`HTTP ${res.status} ${res.statusText}`.trim());
  return body.data;
}

/**
 * One WebSocket connection through graphql-ws's own client (served from the npm package by the
 * service, see src/api/web-assets.ts). Subscriptions made before the server's acknowledgement wait
 * for it. `onClose({ code, reason, byUs })` is called once when the socket is gone; graphql-ws does
 * not reconnect by itself here: the caller resubscribes on a new LiveSocket, resuming after the
 * last sequence number it has (which graphql-ws's own retries could not do).
 */
export class LiveSocket {
  constructor({ url = wsEndpoint(), onOpen = () => {}, onClose = () => {}, ackTimeoutMs = 10_000 } = {}) {
    this.byUs = false;
    this.closed = false;
    this.onClose = onClose;
    const t = token();
    this.client = createClient({
      url,
      connectionParams: t ? { authorization: `Bearer ${t}` } : {},
      lazy: false,
      retryAttempts: 0,
      connectionAckWaitTimeout: ackTimeoutMs,
      onNonLazyError: () => {
        // Reported through the closed event below.
      },
      on: {
        connected: () => onOpen(),
        closed: (event) => this.finish(event?.code ?? 0, event?.reason ?? ''),
      },
    });
  }

  /** Starts a subscription; returns a function that stops it. `sink` has next(result), error(err), complete(). */
  subscribe(query, variables, sink) {
    return this.client.subscribe(
      { query, variables },
      {
        next: (result) => sink.next?.(result),
        error: (error) => {
          if (this.closed && !Array.isArray(error)) return; // the socket's end is reported by onClose
          sink.error?.(
            Array.isArray(error)
              ? new GraphQLRequestError(error, 200)
              : new Error(error?.reason || error?.message || 'the connection failed'),
          );
        },
        complete: () => sink.complete?.(),
      },
    );
  }

  close() {
    this.byUs = true;
    void this.client.dispose();
    this.finish(1000, 'Normal Closure');
  }

  finish(code, reason) {
    if (this.closed) return;
    this.closed = true;
    this.onClose({ code, reason, byUs: this.byUs });
  }
}
