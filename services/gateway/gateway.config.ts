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
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type LogLevel } from '@graphql-hive/gateway';

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

export const gatewayConfig = defineConfig({
  supergraph: process.env.GATEWAY_SUPERGRAPH || path.join(varDir, 'gateway', 'supergraph.graphql'),

  logging: logLevel as LogLevel,

  // --- dev conveniences, off in production -----------------------------------------------------
  graphiql: !production,
  landingPage: !production,
  disableIntrospection: production ? { disableIf: () => true } : undefined,
  blockFieldSuggestions: production,
  maskedErrors: true, // unexpected subgraph/internal errors are masked for clients

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

  // --- authentication: in the subgraphs (docs/security.md); limits: NOT YET ----------------------
  // The subgraphs own the data and verify the bearer token themselves; the gateway forwards it and
  // proves itself with the shared secret above. Still to do (issue 6): depth / token / alias limits
  // and rate limits per identity, e.g. maxDepth: 10, maxTokens: 1000, rateLimiting: { rules: [...] },
  // and custom envelop/Yoga plugins (e.g. an alias limit) go in:
  plugins: () => [],
});
