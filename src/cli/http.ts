import type { TypedDocumentString } from './gql/graphql.ts';
import { ApiError, NetworkError, networkReason, type GraphQLErrorData } from './errors.ts';

export interface GraphQLClientOptions {
  endpoint: string;
  token?: string | undefined;
  /** Per request, in milliseconds. */
  timeoutMs?: number;
}

/** Queries and mutations over HTTP POST, as JSON. */
export class GraphQLClient {
  readonly endpoint: string;
  private readonly token: string | undefined;
  private readonly timeoutMs: number;

  constructor(options: GraphQLClientOptions) {
    this.endpoint = options.endpoint;
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? 120_000;
  }

  /**
   * The operation's `data`; throws ApiError when the response has errors, NetworkError when there
   * is none. Typed documents (src/cli/gql/) give the result and variable types.
   */
  request<T, V extends Record<string, unknown>>(
    document: TypedDocumentString<T, V>,
    variables: V,
  ): Promise<T>;
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  async request<T>(
    document: string | TypedDocumentString<T, Record<string, unknown>>,
    variables: Record<string, unknown> = {},
  ): Promise<T> {
    const query = document.toString();
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new NetworkError(this.endpoint, networkReason(error));
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new NetworkError(this.endpoint, networkReason(error));
    }
    let body: { data?: T | null; errors?: GraphQLErrorData[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new NetworkError(
        this.endpoint,
        `HTTP ${response.status} ${response.statusText}: the answer is not a GraphQL response`.trim(),
      );
    }
    if (body.errors && body.errors.length > 0) throw new ApiError(body.errors);
    if (body.data == null) {
      throw new NetworkError(
        this.endpoint,
        `HTTP ${response.status}: the answer has neither data nor errors`,
      );
    }
    return body.data;
  }
}
