/**
 * The pinned Neo4j version. Single source of truth: the `<properties>` of `scripts/neo4j/pom.xml`,
 * which Maven resolves the jars from. Change the version there, nowhere else.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCRIPT_DIR = dirname(fileURLToPath(import.meta.url));
export const POM_PATH = join(SCRIPT_DIR, 'pom.xml');

export interface PinnedVersions {
  /** `org.neo4j:neo4j` (the server), e.g. `5.26.30`. */
  neo4j: string;
  /** `org.neo4j.client:neo4j-browser`, e.g. `5.24.0`. */
  browser: string;
}

function property(pomXml: string, name: string): string {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`<${escaped}>\\s*([^<\\s]+)\\s*</${escaped}>`).exec(pomXml);
  if (!match?.[1]) throw new Error(`pom.xml has no <${name}> property`);
  return match[1];
}

/** Reads `<neo4j.version>` and `<neo4j-browser.version>` from the text of the pom. */
export function parsePomVersions(pomXml: string): PinnedVersions {
  const withoutComments = pomXml.replace(/<!--[\s\S]*?-->/g, '');
  return {
    neo4j: property(withoutComments, 'neo4j.version'),
    browser: property(withoutComments, 'neo4j-browser.version'),
  };
}

export const POM_XML = readFileSync(POM_PATH, 'utf8');
export const PINNED: PinnedVersions = parsePomVersions(POM_XML);
export const NEO4J_VERSION = PINNED.neo4j;
export const NEO4J_BROWSER_VERSION = PINNED.browser;
