// The gateway's own checks, before any subgraph is called (docs/security.md, "The gateway"):
// a verified bearer token, a request-size cap and a per-identity rate limit whose cost is the
// number of root fields an operation asks for (aliases included, so an alias bomb pays for itself).
// The subgraphs verify the same token again: they own the data and apply the field rules.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { GatewayPlugin } from '@graphql-hive/gateway';
import { GraphQLError, Kind, type DocumentNode, type SelectionSetNode } from 'graphql';

export const ROLES = ['resident', 'building_head', 'operator', 'planner', 'admin'] as const;
const STAFF = new Set(['operator', 'admin']);
const ALL_COMMUNITIES = '*';
const LEEWAY_S = 10; // the same clock leeway as shulin_kit.identity

export interface JwtSettings {
  secret: string;
  issuer: string;
  audience: string;
}

export interface Identity {
  sub: string;
  communityId: string;
  roles: string[];
}

export class AuthError extends Error {}

function b64urlJson(part: string): Record<string, unknown> {
  const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new AuthError('not a JSON object');
  return value as Record<string, unknown>;
}

/** Verifies an HS256 JWT exactly as shulin_kit.identity.verify_token does; throws AuthError. */
export function verifyToken(token: string, settings: JwtSettings, nowS = Date.now() / 1000): Identity {
  const parts = token.split('.');
  if (parts.length !== 3) throw new AuthError('令牌无效 Invalid token: not a JWT');
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = b64urlJson(parts[0]);
    claims = b64urlJson(parts[1]);
  } catch {
    throw new AuthError('令牌无效 Invalid token: not a JWT');
  }
  if (header.alg !== 'HS256') throw new AuthError('令牌无效 Invalid token: the algorithm must be HS256');
  const expected = createHmac('sha256', settings.secret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AuthError('令牌无效 Invalid token: Signature verification failed');
  }
  for (const claim of ['exp', 'iss', 'aud', 'sub', 'community_id', 'roles']) {
    if (claims[claim] === undefined) throw new AuthError(`令牌无效 Invalid token: missing the "${claim}" claim`);
  }
  if (typeof claims.exp !== 'number' || claims.exp + LEEWAY_S <= nowS) {
    throw new AuthError('登录已过期 The token has expired: sign in again');
  }
  if (typeof claims.nbf === 'number' && claims.nbf - LEEWAY_S > nowS) {
    throw new AuthError('令牌无效 Invalid token: not valid yet');
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(settings.audience)) throw new AuthError('令牌不适用 The token is not meant for this API');
  if (claims.iss !== settings.issuer) throw new AuthError('令牌无效 Invalid token: Invalid issuer');
  const roles = claims.roles;
  if (
    !Array.isArray(roles) ||
    roles.length === 0 ||
    !roles.every((r) => (ROLES as readonly unknown[]).includes(r)) ||
    typeof claims.community_id !== 'string'
  ) {
    throw new AuthError('令牌无效 Invalid token: bad community_id, roles or building_ids');
  }
  if (claims.community_id === ALL_COMMUNITIES && !(roles.length === 1 && roles[0] === 'admin')) {
    throw new AuthError('令牌无效 Invalid token: only an admin token may span communities');
  }
  return { sub: String(claims.sub), communityId: claims.community_id, roles: roles as string[] };
}

/** How many root fields an operation selects (aliases and fragment spreads included). */
export function rootFieldCount(document: DocumentNode, operationName?: string | null): number {
  const fragments = new Map<string, SelectionSetNode>();
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d.selectionSet);
  }
  const operation = document.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return 1;
  const count = (set: SelectionSetNode, seen: Set<string>): number => {
    let n = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) n += s.name.value.startsWith('__') ? 0 : 1;
      else if (s.kind === Kind.INLINE_FRAGMENT) n += count(s.selectionSet, seen);
      else if (!seen.has(s.name.value) && fragments.has(s.name.value)) {
        n += count(fragments.get(s.name.value)!, new Set(seen).add(s.name.value));
      }
    }
    return n;
  };
  return Math.max(1, count(operation.selectionSet, new Set()));
}

export interface RateRule {
  perSecond: number;
  burst: number;
}

/** Token buckets per identity; `take` answers 0 when allowed, else the seconds to wait. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly maxKeys = 100_000) {}

  take(key: string, cost: number, rule: RateRule, nowMs = Date.now()): number {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.evictFull(nowMs, rule);
      bucket = { tokens: rule.burst, at: nowMs };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(rule.burst, bucket.tokens + ((nowMs - bucket.at) / 1000) * rule.perSecond);
    bucket.at = nowMs;
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return 0;
    }
    return Math.ceil((cost - bucket.tokens) / rule.perSecond);
  }

  /** Buckets refilled to the brim carry no state: forget them when the map grows too large. */
  private evictFull(nowMs: number, rule: RateRule): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((nowMs - b.at) / 1000) * rule.perSecond >= rule.burst) this.buckets.delete(key);
    }
    if (this.buckets.size >= this.maxKeys) this.buckets.clear();
  }
}

export interface SecurityOptions {
  jwt: JwtSettings;
  graphqlPath: string;
  maxBodyBytes: number;
  people: RateRule; // resident, building_head, planner
  staff: RateRule; // operator, admin: roster imports and the loader send larger batches
}

function errorResponse(
  fetchAPI: { Response: typeof Response },
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  return new fetchAPI.Response(body, {
    status,
    headers: { 'content-type': 'application/graphql-response+json; charset=utf-8', ...headers },
  });
}

/**
 * graphql-armor's depth and alias rules throw "Syntax Error: … limit of N exceeded"; report it
 * instead as a validation error with a code and a Chinese + English message, like every refusal.
 */
export function reportLimit(context: { reportError(error: GraphQLError): void }, error: GraphQLError): void {
  const detail = error.message.replace(/^Syntax Error: /, '');
  context.reportError(
    new GraphQLError(`查询过于复杂 Query too complex: ${detail}`, { extensions: { code: 'QUERY_TOO_COMPLEX' } }),
  );
}

/** The gateway's checks as one plugin, built once at start-up. */
export function useShulinSecurity(options: SecurityOptions): GatewayPlugin {
  const identities = new WeakMap<Request, Identity>();
  const costs = new WeakMap<DocumentNode, Map<string, number>>();
  const limiter = new RateLimiter();

  const costOf = (document: DocumentNode, operationName?: string | null): number => {
    let byName = costs.get(document);
    if (!byName) costs.set(document, (byName = new Map()));
    const key = operationName ?? '';
    let cost = byName.get(key);
    if (cost === undefined) byName.set(key, (cost = rootFieldCount(document, operationName)));
    return cost;
  };

  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== options.graphqlPath || request.method === 'OPTIONS') return;
      // GraphiQL's page (a browser GET asking for HTML, development only) carries no token.
      if (request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html')) return;
      if (request.method === 'POST') {
        const length = request.headers.get('content-length');
        if (length === null) {
          return endResponse(
            errorResponse(fetchAPI, 411, 'LENGTH_REQUIRED', '请求缺少长度 The request needs a Content-Length header'),
          );
        }
        if (Number(length) > options.maxBodyBytes) {
          return endResponse(
            errorResponse(
              fetchAPI,
              413,
              'REQUEST_TOO_LARGE',
              `请求过大 The request body is ${length} bytes; the limit is ${options.maxBodyBytes}`,
            ),
          );
        }
      }
      const header = request.headers.get('authorization') ?? '';
      const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
      if (!match) {
        return endResponse(
          errorResponse(fetchAPI, 401, 'UNAUTHENTICATED', '请先登录 Sign in: send Authorization: Bearer <token>', {
            'www-authenticate': 'Bearer',
          }),
        );
      }
      try {
        identities.set(request, verifyToken(match[1], options.jwt));
      } catch (error) {
        const message = error instanceof AuthError ? error.message : '令牌无效 Invalid token';
        return endResponse(
          errorResponse(fetchAPI, 401, 'UNAUTHENTICATED', message, { 'www-authenticate': 'Bearer error="invalid_token"' }),
        );
      }
    },

    onExecute({ args, setResultAndStopExecution }) {
      const request = (args.contextValue as { request?: Request }).request;
      const identity = request ? identities.get(request) : undefined;

      if (!identity) return; // requests that reach execution were authenticated in onRequest
      const rule = identity.roles.some((r) => STAFF.has(r)) ? options.staff : options.people;
      const wait = limiter.take(
        `${identity.communityId}\u0000${identity.sub}`,
        costOf(args.document, args.operationName),
        rule,
      );
      if (wait > 0) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(`请求过于频繁，请 ${wait} 秒后再试 Too many requests: try again in ${wait} s`, {
              extensions: {
                code: 'RATE_LIMITED',
                retryAfterS: wait,
                http: { status: 429, headers: { 'retry-after': String(wait) } },
              },
            }),
          ],
        });
      }
    },
  };
}
