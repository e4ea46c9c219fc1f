import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';

describe('STRICT_CUSTOM_CONSTRAINTS', () => {
  it('is off by default and read as a boolean', () => {
    expect(loadConfig({}).STRICT_CUSTOM_CONSTRAINTS).toBe(false);
    expect(loadConfig({ STRICT_CUSTOM_CONSTRAINTS: 'true' }).STRICT_CUSTOM_CONSTRAINTS).toBe(true);
    expect(() => loadConfig({ STRICT_CUSTOM_CONSTRAINTS: 'maybe' })).toThrow(/STRICT_CUSTOM_CONSTRAINTS/);
  });
});
