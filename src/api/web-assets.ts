import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';

const require = createRequire(import.meta.url);
const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

/**
 * Browser code from npm packages, served from node_modules under /ui/vendor/ so the page and the
 * IDE work offline (no CDN): graphql-ws's client (ES modules), React's UMD builds and GraphiQL's.
 */
export function mountWebAssets(app: express.Express): void {
  const files = (dir: string) => express.static(dir, { index: false, fallthrough: false, maxAge: '1h' });
  app.use('/ui/vendor/graphql-ws', files(join(packageDir('graphql-ws'), 'dist')));
  app.use('/ui/vendor/react', files(join(packageDir('react'), 'umd')));
  app.use('/ui/vendor/react-dom', files(join(packageDir('react-dom'), 'umd')));
  const graphiql = packageDir('graphiql');
  app.get('/ui/vendor/graphiql/graphiql.min.js', (_req, res) =>
    res.sendFile(join(graphiql, 'graphiql.min.js')),
  );
  app.get('/ui/vendor/graphiql/graphiql.min.css', (_req, res) =>
    res.sendFile(join(graphiql, 'graphiql.min.css')),
  );
}

/**
 * GET /graphql from a browser (it accepts text/html before JSON): the GraphiQL IDE from
 * web/graphiql/. GraphQL GET requests (Accept: JSON, or none) go on to the API.
 */
export function graphiqlPage(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'GET' || req.accepts(['application/json', 'text/html']) !== 'text/html') {
    next();
    return;
  }
  res.sendFile(join(WEB_DIR, 'graphiql', 'index.html'));
}
