import type { Client, createClient } from 'graphql-ws';
import type WebSocketImpl from 'ws';
import type { TypedDocumentString } from './gql/graphql.ts';
import { ApiError, NetworkError, networkReason, type GraphQLErrorData } from './errors.ts';

/** `http(s)://…/graphql` → `ws(s)://…/graphql`: subscriptions share the path of the HTTP endpoint. */
export function webSocketUrl(endpoint: string): string {
  return endpoint.replace(/^http(s?):\/\//i, (_m, s: string) => `ws${s}://`);
}

export interface SubscriptionHandlers<T> {
  next(data: T): void;
  /** ApiError for errors the API sent, NetworkError when the connection failed or closed. */
  error(error: ApiError | NetworkError): void;
  complete?(): void;
}

interface Libraries {
  createClient: typeof createClient;
  WebSocket: typeof WebSocketImpl;
}
let libraries: Libraries | undefined;

/**
 * graphql-ws over a real WebSocket, authenticated like the HTTP client (the token travels as
 * `connectionParams.authorization`). No automatic retry: callers resume themselves (e.g. with
 * `stackEvents(after:)`), which graphql-ws's own retry could not do.
 */
export class SubscriptionClient {
  private readonly client: Client;

  /**
   * Loads graphql-ws and ws; call (once) before constructing. They are loaded only by commands
   * that subscribe, which keeps every other command's start-up short.
   */
  static async load(): Promise<void> {
    if (libraries) return;
    const [{ createClient }, ws] = await Promise.all([import('graphql-ws'), import('ws')]);
    libraries = { createClient, WebSocket: ws.default };
  }

  constructor(
    readonly endpoint: string,
    token?: string,
  ) {
    if (!libraries) throw new Error('SubscriptionClient.load() must be awaited first');
    this.client = libraries.createClient({
      url: webSocketUrl(endpoint),
      webSocketImpl: libraries.WebSocket,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      lazy: true,
      retryAttempts: 0,
    });
  }

  /** Starts a subscription; the returned function ends it. */
  subscribe<T, V extends Record<string, unknown> = Record<string, unknown>>(
    query: string | TypedDocumentString<T, V>,
    variables: V,
    handlers: SubscriptionHandlers<T>,
  ): () => void {
    let open = true;
    const unsubscribe = this.client.subscribe<T>(
      { query: query.toString(), variables },
      {
        next: (message) => {
          if (!open) return;
          if (message.errors && message.errors.length > 0) {
            open = false;
            unsubscribe();
            handlers.error(new ApiError(message.errors));
            return;
          }
          if (message.data != null) handlers.next(message.data);
        },
        error: (error) => {
          if (!open) return;
          open = false;
          handlers.error(this.toError(error));
        },
        complete: () => {
          if (!open) return;
          open = false;
          handlers.complete?.();
        },
      },
    );
    return () => {
      open = false;
      unsubscribe();
    };
  }

  async dispose(): Promise<void> {
    await this.client.dispose();
  }

  private toError(error: unknown): ApiError | NetworkError {
    if (Array.isArray(error)) return new ApiError(error as GraphQLErrorData[]);
    const close = error as { code?: unknown; reason?: unknown } | null;
    if (close && typeof close.code === 'number') {
      const reason = typeof close.reason === 'string' && close.reason ? `: ${close.reason}` : '';
      const hint = close.code === 4403 ? ' (the token was refused)' : '';
      return new NetworkError(this.endpoint, `the connection closed (${close.code}${reason})${hint}`);
    }
    const event = error as { error?: unknown; message?: unknown } | null;
    if (event && event.error !== undefined)
      return new NetworkError(this.endpoint, networkReason(event.error));
    return new NetworkError(this.endpoint, networkReason(error));
  }
}
