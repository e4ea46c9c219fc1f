import { createSecretKey, type KeyObject } from 'node:crypto';
import { importSPKI, jwtVerify, errors as joseErrors, type JWTVerifyOptions } from 'jose';
import { AppError } from '../errors.ts';
import type { ApiContext, Principal, Role } from './context.ts';

export interface AuthSettings {
  /** HS256 shared secret. */
  secret?: string | undefined;
  /** PEM (SPKI) public key for RS256 / ES256. */
  publicKey?: string | undefined;
  tenantClaim: string;
  roleClaim: string;
  issuer?: string | undefined;
  audience?: string | undefined;
  /** Tenant of every request when authentication is off (local mode). */
  localTenant: string;
  /** Refuse tokens without `exp` (they would never expire). Default true. */
  requireExp?: boolean;
  /** Seconds an `iat` may lie in the future (clocks differ). Default 60. */
  clockSkewSeconds?: number;
  /** Longest tenant / subject claim accepted. Default 256. */
  maxClaimLength?: number;
}

/** Turns a bearer token (or its absence) into the principal a request acts as. */
export type Authenticate = (token: string | undefined) => Promise<Principal>;

/**
 * Bearer JWT verification, so the service plugs into an existing identity provider. Without a
 * secret or public key the service runs in local mode: everyone is the local tenant's editor (and
 * the configuration only allows listening on loopback then).
 */
export async function createAuthenticator(
  settings: AuthSettings,
): Promise<{ enabled: boolean; authenticate: Authenticate }> {
  if (!settings.secret && !settings.publicKey) {
    const principal: Principal = { tenant: settings.localTenant, role: 'editor' };
    return { enabled: false, authenticate: () => Promise.resolve(principal) };
  }
  const keys: Array<{ key: KeyObject | CryptoKey; algorithms: string[] }> = [];
  if (settings.secret)
    keys.push({ key: createSecretKey(Buffer.from(settings.secret, 'utf8')), algorithms: ['HS256'] });
  if (settings.publicKey) {
    for (const alg of ['RS256', 'ES256']) {
      try {
        keys.push({ key: await importSPKI(settings.publicKey, alg), algorithms: [alg] });
      } catch {
        // The key suits one of the two algorithms; the other import fails.
      }
    }
    if (!keys.some((k) => k.algorithms[0] !== 'HS256'))
      throw new Error('AUTH_JWT_PUBLIC_KEY is neither an RSA nor an EC (P-256) public key');
  }
  const requireExp = settings.requireExp ?? true;
  const clockSkew = settings.clockSkewSeconds ?? 60;
  const maxClaimLength = settings.maxClaimLength ?? 256;
  const options: JWTVerifyOptions = {
    ...(settings.issuer ? { issuer: settings.issuer } : {}),
    ...(settings.audience ? { audience: settings.audience } : {}),
  };

  const authenticate: Authenticate = async (token) => {
    if (!token)
      throw new AppError('UNAUTHENTICATED', 'A bearer token is required (Authorization: Bearer <JWT>)');
    let lastError: unknown;
    for (const { key, algorithms } of keys) {
      try {
        const { payload } = await jwtVerify(token, key, { ...options, algorithms });
        const tenant = payload[settings.tenantClaim];
        if (typeof tenant !== 'string' || tenant === '') {
          throw new AppError('UNAUTHENTICATED', `The token has no "${settings.tenantClaim}" claim`);
        }
        // A huge tenant would reach Neo4j's index key limit and fail there, uncoded.
        if (tenant.length > maxClaimLength) {
          throw new AppError(
            'UNAUTHENTICATED',
            `The "${settings.tenantClaim}" claim is longer than ${maxClaimLength} characters`,
            { reason: 'CLAIM_TOO_LONG' },
          );
        }
        if (payload.exp === undefined && requireExp) {
          throw new AppError('UNAUTHENTICATED', 'The token has no "exp" claim: tokens must expire', {
            reason: 'EXP_REQUIRED',
          });
        }
        if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + clockSkew) {
          throw new AppError(
            'UNAUTHENTICATED',
            `The token was issued in the future ("iat" more than ${clockSkew} s ahead)`,
            { reason: 'IAT_IN_FUTURE' },
          );
        }
        const claimedRole = payload[settings.roleClaim];
        const role: Role = claimedRole === 'editor' ? 'editor' : 'reader';
        const subject =
          typeof payload.sub === 'string' && payload.sub.length <= maxClaimLength ? payload.sub : undefined;
        return {
          tenant,
          role,
          ...(subject ? { subject } : {}),
          ...(payload.exp ? { expiresAt: payload.exp } : {}),
        };
      } catch (error) {
        if (error instanceof AppError) throw error;
        lastError = error;
      }
    }
    throw new AppError('UNAUTHENTICATED', describe(lastError));
  };
  return { enabled: true, authenticate };
}

function describe(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'The token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `The token was refused: ${error.message}`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'The token signature is invalid';
  if (error instanceof joseErrors.JOSEAlgNotAllowed)
    return 'The token uses an algorithm this service does not accept';
  return 'The token is not a valid JWT';
}

/** Mutations need the editor role; readers may query and subscribe. */
export function requireEditor(ctx: ApiContext): void {
  if (ctx.principal.role !== 'editor') {
    throw new AppError('FORBIDDEN', 'This operation needs the editor role', { role: ctx.principal.role });
  }
}
