// The GraphiQL IDE at /graphql: GraphiQL's own bundle (from npm, served by this service),
// queries and mutations over HTTP, subscriptions over graphql-ws's client, and a token field
// shared with the live graph page (same localStorage key).
/* global React, ReactDOM, GraphiQL -- the UMD builds loaded by index.html */
import { createClient } from '../vendor/graphql-ws/client.js';

const TOKEN_KEY = 'convergence-engine.token';
const endpoint = location.href.split(/[?#]/)[0];
const wsEndpoint = endpoint.replace(/^http/, 'ws');

const DEFAULT_QUERY = `# Queries and mutations run over HTTP, subscriptions over WebSocket (graphql-ws).
# The Docs button (top left) describes every type, field and argument.
query Stacks {
  stacks(first: 20) {
    name
    status
    version
    readiness { ready total }
  }
}
`;

function savedToken() {
  try {
    return localStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

function saveToken(token) {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage can be disabled: the token then lasts as long as the page.
  }
}

const root = ReactDOM.createRoot(document.getElementById('graphiql'));
let wsClient = null;

function render(token) {
  wsClient?.dispose();
  wsClient = createClient({
    url: wsEndpoint,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    lazy: true,
  });
  const fetcher = GraphiQL.createFetcher({
    url: endpoint,
    wsClient,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const params = new URLSearchParams(location.search);
  root.render(
    React.createElement(GraphiQL, {
      // A new key re-creates GraphiQL, so the schema is fetched again with the new token.
      key: token,
      fetcher,
      defaultQuery: DEFAULT_QUERY,
      query: params.get('query') ?? undefined,
      variables: params.get('variables') ?? undefined,
      shouldPersistHeaders: false,
    }),
  );
  document.getElementById('ide-status').textContent = token ? 'using the token' : 'no token';
}

const input = document.getElementById('ide-token');
input.value = savedToken();
document.getElementById('ide-token-save').addEventListener('click', () => {
  saveToken(input.value.trim());
  render(input.value.trim());
});
input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') document.getElementById('ide-token-save').click();
});
render(input.value.trim());
