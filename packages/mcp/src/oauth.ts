/**
 * OAuth 2.1 as the MCP authorization spec asks of a resource server: protected resource metadata (RFC 9728),
 * 401 with a WWW-Authenticate that points at it, and access tokens checked against the issuer's JWKS
 * (signature, iss, aud = this server's URL, exp). The operator's authorization server (Entra ID, Okta, Auth0,
 * Keycloak, any OIDC issuer) says who a person is and what they may do; this server holds the company's key.
 */
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';

export const SCOPES = { read: 'musique:read', send: 'musique:send' } as const;

export interface OAuthSettings {
  /** The authorization server's issuer URL (MUSIQUE_MCP_ISSUER). */
  issuer: string;
  /** This server's public URL, the tokens' audience (MUSIQUE_MCP_URL), such as https://mcp.example.com/mcp. */
  resource: string;
  /** The company's Musique key, used for every signed-in person. */
  companyKey: string;
}

/** Who a valid token names, and what it lets them do. */
export interface SignedIn {
  subject: string;
  scopes: string[];
  /** The person's IANA zone (OIDC `zoneinfo`), when the token carries a valid one. */
  timeZone?: string;
}

export class InvalidToken extends Error {}
/** The issuer could not be asked (down, slow, or answering nonsense): the token may well be good. */
export class IssuerUnavailable extends Error {}

/** How long the issuer's discovery document and keys may take. */
const ISSUER_TIMEOUT_MS = 5_000;

const zoneOf = (claim: unknown) => {
  if (typeof claim !== 'string' || !claim) return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: claim });
    return claim;
  } catch {
    return undefined; // an unknown zone is ignored: the server's setting applies
  }
};

export function metadataUrl(resource: string): string {
  const url = new URL(resource);
  return `${url.origin}/.well-known/oauth-protected-resource${url.pathname === '/' ? '' : url.pathname}`;
}

/** RFC 9728: where tokens come from and what they may carry. */
export function resourceMetadata(settings: OAuthSettings) {
  return {
    resource: settings.resource,
    authorization_servers: [settings.issuer],
    scopes_supported: [SCOPES.read, SCOPES.send],
    bearer_methods_supported: ['header'],
    resource_name: 'Musique in-store audio',
  };
}

/** Checks bearer tokens; the issuer's JWKS is found through its discovery document and cached by jose. */
export function tokenVerifier(settings: OAuthSettings): (token: string) => Promise<SignedIn> {
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;
  const jwks = async () => {
    if (keys) return keys;
    const base = settings.issuer.replace(/\/$/, '');
    const get = (path: string) => fetch(`${base}${path}`, { signal: AbortSignal.timeout(ISSUER_TIMEOUT_MS) });
    let jwksUri: string | undefined;
    try {
      const discovery = await get('/.well-known/openid-configuration').then((response) =>
        response.ok ? response : get('/.well-known/oauth-authorization-server'),
      );
      ({ jwks_uri: jwksUri } = (await discovery.json()) as { jwks_uri?: string });
    } catch (error) {
      throw new IssuerUnavailable(
        `The sign-in service (${settings.issuer}) cannot be reached: ${(error as Error).message}. Try again shortly.`,
      );
    }
    if (!jwksUri) throw new IssuerUnavailable(`${settings.issuer} publishes no jwks_uri.`);
    keys = createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: ISSUER_TIMEOUT_MS });
    return keys;
  };
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await jwks(), {
        issuer: settings.issuer,
        audience: settings.resource,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      if (error instanceof IssuerUnavailable) throw error;
      // The keys could not be fetched: not the token's fault.
      if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError))
        throw new IssuerUnavailable(
          `The sign-in service (${settings.issuer}) cannot be reached: ${(error as Error).message}. Try again shortly.`,
        );
      throw new InvalidToken(`The access token is not valid here: ${(error as Error).message}`);
    }
    const scope = payload.scope ?? payload.scp;
    const scopes = Array.isArray(scope)
      ? scope.map(String)
      : typeof scope === 'string'
        ? scope.split(' ')
        : [];
    const timeZone = zoneOf(payload.zoneinfo);
    return { subject: String(payload.sub), scopes, ...(timeZone ? { timeZone } : {}) };
  };
}
