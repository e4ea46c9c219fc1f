/**
 * Direct access to the real servers the real-system resource types manage (see
 * ../shared/notes/services.md), so tests check what exists on them without going through our API.
 */
import pg from 'pg';

/** A small admin pool on the local PostgreSQL (trust auth); errors of idle clients are ignored. */
export function postgresAdmin(): pg.Pool {
  const pool = new pg.Pool({ host: '127.0.0.1', user: 'postgres', database: 'postgres', max: 2 });
  pool.on('error', () => undefined);
  return pool;
}

/** One call to the local RabbitMQ management API as guest; the body parsed when there is one. */
export async function rabbitAdmin(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> | null }> {
  const res = await fetch(`http://127.0.0.1:15672/api/${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}`,
      'content-type': 'application/json',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}
