// Hive Gateway 2.15 configuration for Shulin (loaded by `hive-gateway supergraph ... -c gateway.config.ts`;
// `gateway.config.ts` in the working directory is also the CLI's default file name).
//
// Environment:
//   GATEWAY_SUPERGRAPH   path of the composed supergraph SDL (the `run` script also passes it on the
//                        command line, which takes precedence); default $SHULIN_VAR/gateway/supergraph.graphql
//   GATEWAY_ENV          "production" disables GraphiQL / the landing page / introspection / field
//                        suggestions; anything else (default "development") keeps them on
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

/** Client headers forwarded to every subgraph (the subgraphs verify the token themselves for now). */
const FORWARDED_HEADERS = ['authorization', 'x-request-id'] as const;

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
      const headers: Record<string, string> = {};
      for (const name of FORWARDED_HEADERS) {
        const value = request.headers.get(name);
        if (value != null) headers[name] = value;
      }
      return headers;
    },
  },

  // --- authentication / limits: NOT YET (a later issue) -----------------------------------------
  // DESIGN.md: the gateway verifies the JWT, forwards the caller's identity to subgraphs, and
  // enforces depth / token / alias limits and rate limits. Hive Gateway 2.15 has built-in options
  // for these; enable them here when that issue lands, e.g.
  //   jwt: { tokenLookupLocations: [...], signingKeyProviders: [...], forward: { payload: true } },
  //   maxDepth: 10, maxTokens: 1000, rateLimiting: { rules: [...] },
  // and custom envelop/Yoga plugins (e.g. an alias limit) go in:
  plugins: () => [],
});
