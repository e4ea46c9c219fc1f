/** `npm run worker`: convergence workers only, to add capacity next to `npm start`. Needs NEO4J_URI or a running local Neo4j. */
import { run } from './main.ts';

await run({ api: false, workers: true });
