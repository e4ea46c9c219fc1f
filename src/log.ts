import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';

export type { Logger };

/** pino-pretty is a development dependency; production installs log JSON only. */
function prettyAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/**
 * Structured logs: JSON lines, or a human-readable stream when writing to a terminal (LOG_PRETTY=1
 * forces it, LOG_PRETTY=0 turns it off).
 */
export function createLogger(level: string, name = 'convergence'): Logger {
  const wanted =
    process.env.LOG_PRETTY === '1' || (process.env.LOG_PRETTY !== '0' && process.stdout.isTTY === true);
  const pretty = wanted && prettyAvailable();
  return pino({
    name,
    level,
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname,name' } } }
      : {}),
  });
}
