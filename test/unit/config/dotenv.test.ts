import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readDotEnv } from '../../../src/main.ts';

const keys = ['CONVERGENCE_DOTENV_NEW', 'CONVERGENCE_DOTENV_SET'];
afterEach(() => {
  for (const k of keys) delete process.env[k];
});

describe('.env', () => {
  it('is read when present, and the environment wins over it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dotenv-'));
    const file = join(dir, '.env');
    writeFileSync(file, 'CONVERGENCE_DOTENV_NEW=from-file\nCONVERGENCE_DOTENV_SET=from-file\n');
    process.env.CONVERGENCE_DOTENV_SET = 'from-env';
    expect(readDotEnv(file)).toEqual({ CONVERGENCE_DOTENV_NEW: 'from-file' });
    expect(process.env.CONVERGENCE_DOTENV_NEW).toBe('from-file');
    expect(process.env.CONVERGENCE_DOTENV_SET).toBe('from-env');
  });

  it('is optional', () => {
    expect(readDotEnv(join(tmpdir(), 'no-such-dir-for-dotenv', '.env'))).toEqual({});
  });
});
