#!/usr/bin/env node
// The console's static server: dist/ (the Vite build), a runtime /config.json with the gateway
// URL (one build serves the demo stack and the test stacks), /health, and, in development only,
// /demo-users.json (the demo tokens scripts/seed_demo.py writes to $SHULIN_VAR/demo/users.json).
// Dependency-free (node:http); binds to loopback.
//
//   CONSOLE_HOST=127.0.0.1 CONSOLE_PORT=5173
//   CONSOLE_GATEWAY_URL   default http://127.0.0.1:${GATEWAY_PORT:-4000}/graphql
//   SHULIN_ENV / CONSOLE_ENV=production   never serve demo users
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const DIST = resolve(HERE, "dist");
const HOST = process.env.CONSOLE_HOST || "127.0.0.1";
const PORT = Number(process.env.CONSOLE_PORT || 5173);
const GATEWAY_URL =
  process.env.CONSOLE_GATEWAY_URL ||
  `http://127.0.0.1:${process.env.GATEWAY_PORT || 4000}/graphql`;
const SHULIN_VAR = process.env.SHULIN_VAR || resolve(HERE, "../../var");
const DEMO_USERS = join(SHULIN_VAR, "demo", "users.json");
const PRODUCTION = [process.env.SHULIN_ENV, process.env.CONSOLE_ENV].some(
  (v) => (v || "").toLowerCase() === "production",
);

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  // Scripts, styles and images only from this origin; requests only to it and the gateway.
  "content-security-policy": [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ${new URL(GATEWAY_URL).origin}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; "),
};

function send(res, status, type, body, extra = {}) {
  res.writeHead(status, { "content-type": type, ...SECURITY_HEADERS, ...extra });
  res.end(body);
}

function sendJson(res, status, value) {
  send(res, status, TYPES[".json"], JSON.stringify(value), { "cache-control": "no-store" });
}

async function fileInDist(pathname) {
  const path = normalize(join(DIST, decodeURIComponent(pathname)));
  if (path !== DIST && !path.startsWith(DIST + sep)) return null;
  try {
    return (await stat(path)).isFile() ? path : null;
  } catch {
    return null;
  }
}

async function handle(req, res) {
  if (req.method !== "GET" && req.method !== "HEAD") {
    return send(res, 405, TYPES[".txt"], "method not allowed\n", { allow: "GET, HEAD" });
  }
  const { pathname } = new URL(req.url || "/", "http://console.invalid");
  if (pathname === "/health") return sendJson(res, 200, { status: "ok" });
  if (pathname === "/config.json") {
    return sendJson(res, 200, { gatewayUrl: GATEWAY_URL, demoUsers: !PRODUCTION });
  }
  if (pathname === "/demo-users.json") {
    if (PRODUCTION) return sendJson(res, 404, { users: [] });
    try {
      return sendJson(res, 200, JSON.parse(await readFile(DEMO_USERS, "utf8")));
    } catch {
      return sendJson(res, 200, { users: [] });
    }
  }
  const path = (await fileInDist(pathname)) || (await fileInDist("/index.html"));
  if (!path) return send(res, 503, TYPES[".txt"], "console not built: run services/console/install\n");
  const immutable = path.includes(`${sep}assets${sep}`);
  const body = await readFile(path);
  send(res, 200, TYPES[extname(path)] || "application/octet-stream", req.method === "HEAD" ? "" : body, {
    "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
  });
}

createServer((req, res) => {
  handle(req, res).catch((err) => {
    console.error(err);
    if (!res.headersSent) send(res, 500, TYPES[".txt"], "internal error\n");
  });
}).listen(PORT, HOST, () => {
  console.log(`console: http://${HOST}:${PORT}/ (gateway ${GATEWAY_URL}, demo users ${PRODUCTION ? "off" : "on"})`);
});
