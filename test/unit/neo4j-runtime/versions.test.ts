import { describe, expect, it } from 'vitest';
import { NEO4J_BROWSER_VERSION, NEO4J_VERSION, parsePomVersions } from '../../../scripts/neo4j/versions.ts';

describe('pinned versions', () => {
  it('come from scripts/neo4j/pom.xml', () => {
    expect(NEO4J_VERSION).toMatch(/^5\.26\.\d+$/);
    expect(NEO4J_BROWSER_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('are read from the properties, ignoring comments', () => {
    const pom = `<project>
      <!-- <neo4j.version>0.0.0</neo4j.version> -->
      <properties>
        <neo4j.version>5.26.30</neo4j.version>
        <neo4j-browser.version> 5.24.0 </neo4j-browser.version>
      </properties>
    </project>`;
    expect(parsePomVersions(pom)).toEqual({ neo4j: '5.26.30', browser: '5.24.0' });
  });

  it('fail loudly when a property is missing', () => {
    expect(() => parsePomVersions('<project><neo4j.version>5.26.30</neo4j.version></project>')).toThrow(
      /neo4j-browser\.version/,
    );
  });
});
