// GraphQL over HTTP (fetch) and over WebSocket (the graphql-transport-ws protocol of graphql-ws),
// written out here so the page needs nothing but the browser.

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
 * One graphql-transport-ws connection. Subscriptions made before the server's connection_ack are
 * queued and sent once it arrives. `onClose({ code, reason, byUs })` is called once when the
 * socket is gone; live subscriptions end with it (the caller resubscribes on a new socket).
 */
export class LiveSocket {
  constructor({ url = wsEndpoint(), onOpen = () => {}, onClose = () => {}, ackTimeoutMs = 10_000 } = {}) {
    this.sinks = new Map();
    this.pending = [];
    this.nextId = 1;
    this.acked = false;
    this.closed = false;
    this.byUs = false;
    this.onOpen = onOpen;
    this.onClose = onClose;
    this.ws = new WebSocket(url, 'graphql-transport-ws');
    this.ackTimer = setTimeout(() => this.fail(4408, 'Connection acknowledgement timeout'), ackTimeoutMs);
    this.ws.addEventListener('open', () => {
      const t = token();
      this.send(
        t
          ? { type: 'connection_init', payload: { authorization: `Bearer ${t}` } }
          : { type: 'connection_init' },
      );
    });
    this.ws.addEventListener('message', (ev) => this.receive(ev.data));
    this.ws.addEventListener('close', (ev) => this.finish(ev.code, ev.reason));
    this.ws.addEventListener('error', () => {
      // A close event follows; it carries the code.
    });
  }

  send(message) {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  receive(data) {
    let msg;
    try {
      msg = JSON.parse(data);
    } catch {
      this.fail(4400, 'Invalid message received');
      return;
    }
    switch (msg.type) {
      case 'connection_ack':
        this.acked = true;
        clearTimeout(this.ackTimer);
        for (const m of this.pending.splice(0)) this.send(m);
        this.onOpen();
        break;
      case 'ping':
        this.send(msg.payload === undefined ? { type: 'pong' } : { type: 'pong', payload: msg.payload });
        break;
      case 'pong':
        break;
      case 'next':
        this.sinks.get(msg.id)?.next?.(msg.payload);
        break;
      case 'error': {
        const sink = this.sinks.get(msg.id);
        this.sinks.delete(msg.id);
        sink?.error?.(new GraphQLRequestError(Array.isArray(msg.payload) ? msg.payload : [], 200));
        break;
      }
      case 'complete': {
        const sink = this.sinks.get(msg.id);
        this.sinks.delete(msg.id);
        sink?.complete?.();
        break;
      }
      default:
        this.fail(4400, `Unexpected message type ${String(msg.type)}`);
    }
  }

  /** Starts a subscription; returns a function that stops it. `sink` has next(result), error(err), complete(). */
  subscribe(query, variables, sink) {
    const id = String(this.nextId++);
    this.sinks.set(id, sink);
    const message = { id, type: 'subscribe', payload: { query, variables } };
    if (this.acked) this.send(message);
    else this.pending.push(message);
    return () => {
      if (!this.sinks.delete(id)) return;
      if (this.acked) this.send({ id, type: 'complete' });
      else this.pending = this.pending.filter((m) => m.id !== id);
    };
  }

  fail(code, reason) {
    try {
      this.ws.close(code, reason);
    } catch {
      // already closing
    }
    this.finish(code, reason);
  }

  close() {
    this.byUs = true;
    this.fail(1000, 'Normal Closure');
  }

  finish(code, reason) {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.ackTimer);
    this.sinks.clear();
    this.onClose({ code, reason, byUs: this.byUs });
  }
}
