import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; set LOG_PRETTY=1 for a human-readable stream in a terminal. */
export function createLogger(level: string, name = 'convergence'): Logger {
  const pretty = process.env.LOG_PRETTY === '1';
  return pino({
    name,
    level,
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true } } } : {}),
  });
}
