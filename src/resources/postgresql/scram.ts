import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/**
 * A SCRAM-SHA-256 verifier for `CREATE ROLE ... PASSWORD '<verifier>'` (RFC 5802/7677, the format
 * PostgreSQL stores): the server keeps the same thing it would compute itself, and the clear
 * password never travels in a statement that the server may log.
 */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = 4096): string {
  // PostgreSQL runs SASLprep on the password; NFKC is its normalisation step, which is all that
  // differs for the passwords people use (ASCII passes through unchanged).
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
