import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { TypedDocumentString } from './gql/graphql.ts';

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T;
  errors?: Array<{
    message: string;
    path?: string[];
    extensions?: { code?: string; details?: Record<string, unknown>; [k: string]: unknown };
  }>;
}

/** POSTs a GraphQL operation over real HTTP; a generated document (`graphql(...)`) types its answer. */
export async function gql<T, V>(
  url: string,
  query: TypedDocumentString<T, V>,
  variables: V,
  token?: string,
): Promise<GraphQLResponse<T> & { status: number }>;
export async function gql<T = Record<string, any>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
): Promise<GraphQLResponse<T> & { status: number }>;
export async function gql<T>(
  url: string,
  query: string | TypedDocumentString<T, unknown>,
  variables: unknown = {},
  token?: string,
): Promise<GraphQLResponse<T> & { status: number }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: String(query), variables }),
  });
  const body = (await res.json()) as GraphQLResponse<T>;
  return { ...body, status: res.status };
}

/** A graphql-ws client over a real WebSocket. */
export function wsClient(url: string, connectionParams: Record<string, unknown> = {}): Client {
  return createClient({ url, webSocketImpl: WebSocket, connectionParams, lazy: true, retryAttempts: 0 });
}

/** Collects a subscription's values until `until` says stop (or the timeout passes). */
export function collect<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
  until: (values: T[]) => boolean,
  timeoutMs = 30_000,
): Promise<T[]> {
  const values: T[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      dispose();
      reject(new Error(`subscription timed out after ${timeoutMs} ms with ${values.length} values`));
    }, timeoutMs);
    const dispose = client.subscribe<T>(
      { query, variables },
      {
        next: (msg) => {
          if (msg.errors) {
            clearTimeout(timer);
            dispose();
            reject(new Error(JSON.stringify(msg.errors)));
            return;
          }
          values.push(msg.data as T);
          if (until(values)) {
            clearTimeout(timer);
            dispose();
            resolve(values);
          }
        },
        error: (error) => {
          clearTimeout(timer);
          if (error instanceof Error) reject(error);
          else if (error && typeof error === 'object' && 'code' in error) {
            // A closed socket: keep the close code and reason (4401, 4403, ...).
            const close = error as { code: number; reason?: string };
            reject(
              Object.assign(new Error(`socket closed: ${close.code} ${close.reason ?? ''}`), {
                code: close.code,
                reason: close.reason,
              }),
            );
          } else reject(new Error(JSON.stringify(error)));
        },
        complete: () => {
          clearTimeout(timer);
          resolve(values);
        },
      },
    );
  });
}
