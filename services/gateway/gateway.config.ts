// Hive Gateway 2.15 configuration for Shulin (loaded by `hive-gateway supergraph ... -c gateway.config.ts`;
// `gateway.config.ts` in the working directory is also the CLI's default file name).
//
// Environment:
//   GATEWAY_SUPERGRAPH   path of the composed supergraph SDL (the `run` script also passes it on the
//                        command line, which takes precedence); default $SHULIN_VAR/gateway/supergraph.graphql
//   GATEWAY_ENV          "production" disables GraphiQL / the landing page / introspection / field
//                        suggestions; anything else (default "development") keeps them on
//   SHULIN_GATEWAY_SECRET the shared secret sent to every subgraph as `x-shulin-gateway` (subgraphs in
//                        production answer nothing else); the dev default is refused in production
//   GATEWAY_LOG_LEVEL    debug | info | warn | error (default info: start-up lines and errors only,
//                        no per-request lines)
//   SHULIN_JWT_SECRET / SHULIN_JWT_ISSUER / SHULIN_JWT_AUDIENCE  the same token settings as the
//                        subgraphs (shulin_kit.identity.AuthSettings); the dev secret is refused in production
//   GATEWAY_CORS_ORIGINS  comma-separated origins allowed to call from a browser (the web console);
//                        default http://127.0.0.1:5173,http://localhost:5173
//   GATEWAY_RATE_PER_S / GATEWAY_RATE_BURST        root fields per second and burst per identity for
//                        residents, building heads and planners (default 20 / 60)
//   GATEWAY_STAFF_RATE_PER_S / GATEWAY_STAFF_RATE_BURST  the same for operators and admins, whose
//                        tools send batches (default 1000 / 2000)
//   GATEWAY_MAX_DEPTH / GATEWAY_MAX_TOKENS / GATEWAY_MAX_ALIASES / GATEWAY_MAX_BATCH /
//   GATEWAY_MAX_BODY_BYTES  document and request limits (defaults 12 / 3000 / 30 / 5 / 1 MiB)
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { defineConfig, type LogLevel } from '@graphql-hive/gateway';
import { DateScalar, DateTimeScalar } from './scalars.ts';
import { reportLimit, useShulinSecurity } from './security.ts';

// Subgraph requests reuse kept-alive connections. Node's default agent takes the most recently
// freed one (LIFO), so at ordinary load nearly every request rode the same connection — and so
// reached the same worker of a subgraph that runs several (each worker accepts its own
// connections). FIFO takes the longest-idle connection: requests rotate over all of them.
http.globalAgent = new http.Agent({ keepAlive: true, scheduling: 'fifo', timeout: 5000 });

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const varDir = process.env.SHULIN_VAR ? path.resolve(process.env.SHULIN_VAR) : path.join(repo, 'var');

const production = process.env.GATEWAY_ENV === 'production';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'];
const logLevel = (process.env.GATEWAY_LOG_LEVEL || 'info').toLowerCase();
if (!LOG_LEVELS.includes(logLevel)) {
  throw new Error(`GATEWAY_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
}

/** Client headers forwarded to every subgraph: each subgraph verifies the bearer token itself. */
const FORWARDED_HEADERS = ['authorization', 'x-request-id'] as const;

// Must match shulin_kit.identity.DEV_GATEWAY_SECRET (dev only; production needs a real one).
const DEV_GATEWAY_SECRET = 'shulin-dev-gateway-secret-do-not-use-in-production';
const GATEWAY_HEADER = 'x-shulin-gateway';
const gatewaySecret = process.env.SHULIN_GATEWAY_SECRET || DEV_GATEWAY_SECRET;
if (production && (gatewaySecret === DEV_GATEWAY_SECRET || gatewaySecret.length < 32)) {
  throw new Error('SHULIN_GATEWAY_SECRET must be set (32+ characters, not the dev default) in production');
}

// Must match shulin_kit.identity.DEV_JWT_SECRET (dev only).
const DEV_JWT_SECRET = 'shulin-dev-jwt-secret-do-not-use-in-production';
const jwtSecret = process.env.SHULIN_JWT_SECRET || DEV_JWT_SECRET;
if (production && (jwtSecret === DEV_JWT_SECRET || jwtSecret.length < 32)) {
  throw new Error('SHULIN_JWT_SECRET must be set (32+ characters, not the dev default) in production');
}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

const LIMITS = {
  depth: positiveInt('GATEWAY_MAX_DEPTH', 12),
  tokens: positiveInt('GATEWAY_MAX_TOKENS', 3000),
  aliases: positiveInt('GATEWAY_MAX_ALIASES', 30),
  batch: positiveInt('GATEWAY_MAX_BATCH', 5),
  bodyBytes: positiveInt('GATEWAY_MAX_BODY_BYTES', 1024 * 1024),
};

const corsOrigins = (process.env.GATEWAY_CORS_ORIGINS || 'http://127.0.0.1:5173,http://localhost:5173')
  .split(',')
  .map((o) => o.trim())
  .filter(Boolean);

// Built once here, at start-up: envelop caches validation per document only while the rule
// objects stay the same.
const shulinSecurity = useShulinSecurity({
  jwt: {
    secret: jwtSecret,
    issuer: process.env.SHULIN_JWT_ISSUER || 'shulin',
    audience: process.env.SHULIN_JWT_AUDIENCE || 'shulin-api',
  },
  graphqlPath: '/graphql',
  maxBodyBytes: LIMITS.bodyBytes,
  people: {
    perSecond: positiveInt('GATEWAY_RATE_PER_S', 20),
    burst: positiveInt('GATEWAY_RATE_BURST', 60),
  },
  staff: {
    perSecond: positiveInt('GATEWAY_STAFF_RATE_PER_S', 1000),
    burst: positiveInt('GATEWAY_STAFF_RATE_BURST', 2000),
  },
});
const documentLimits = [
  maxDepthPlugin({ n: LIMITS.depth, propagateOnRejection: false, onReject: [reportLimit] }),
  maxAliasesPlugin({ n: LIMITS.aliases, propagateOnRejection: false, onReject: [reportLimit] }),
];

export const gatewayConfig = defineConfig({
  supergraph: process.env.GATEWAY_SUPERGRAPH || path.join(varDir, 'gateway', 'supergraph.graphql'),

  logging: logLevel as LogLevel,

  // --- dev conveniences, off in production -----------------------------------------------------
  graphiql: !production,
  landingPage: !production,
  disableIntrospection: production ? { disableIf: () => true } : undefined,
  blockFieldSuggestions: production,
  maskedErrors: true, // unexpected subgraph/internal errors are masked for clients

  // --- limits (docs/security.md) -------------------------------------------------------------------
  maxTokens: LIMITS.tokens,
  batching: { limit: LIMITS.batch },
  cors: {
    origin: corsOrigins,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['authorization', 'content-type', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'retry-after'],
    credentials: false,
    maxAge: 600,
  },

  // --- request id --------------------------------------------------------------------------------
  // The built-in requestId plugin takes x-request-id from the client (or generates one), sends it
  // to every subgraph fetch, puts it on the gateway's log lines and echoes it in the response.
  requestId: {
    headerName: 'x-request-id',
    generateRequestId: () => randomUUID(),
  },

  // --- header propagation ------------------------------------------------------------------------
  // x-request-id is also set by the requestId plugin above (same value); listing it here keeps the
  // forwarding explicit in one place.
  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      const headers: Record<string, string> = { [GATEWAY_HEADER]: gatewaySecret };
      for (const name of FORWARDED_HEADERS) {
        const value = request.headers.get(name);
        if (value != null) headers[name] = value;
      }
      return headers;
    },
  },

  // --- authentication and rate limits ---------------------------------------------------------------
  // The gateway verifies the bearer token (401 before any subgraph is called) and rate-limits per
  // identity; the subgraphs verify it again and apply the field rules (docs/security.md).
  plugins: () => [shulinSecurity, ...documentLimits],

  // --- custom scalars checked here (scalars.ts), not first at a subgraph ---------------------------
  additionalResolvers: [{ Date: DateScalar, DateTime: DateTimeScalar }],
});
