#!/usr/bin/env node
// Compose the Shulin supergraph from the subgraphs' SDL with @theguild/federation-composition.
//
//   node services/gateway/compose.mjs [--from-files | --from-urls] [--check] [--out PATH]
//        [--subgraphs FILE] [--schemas-dir DIR] [--wait SECONDS] [--timeout SECONDS] [name=path ...]
//
// Sources of SDL:
//   --from-files (default)  each subgraph's committed schema.graphql (path in subgraphs.json,
//                           relative to the repo root)
//   --from-urls             `{ _service { sdl } }` fetched from each running subgraph
//   --schemas-dir DIR       read DIR/<name>.graphql or DIR/<name>/schema.graphql instead
//   name=path ...           compose exactly these subgraphs from these files (a test can compose a
//                           deliberately broken set); names known to subgraphs.json keep their URL
//
// Routing URLs (written into the supergraph): env var `url_env` of each subgraph, else its
// `default_url`; for a name unknown to subgraphs.json: env <NAME>_URL, else none.
//
// Output: --out PATH (default $SHULIN_VAR/gateway/supergraph.graphql, SHULIN_VAR defaults to
// <repo>/var); an existing file is rewritten in place so a running gateway hot-reloads it. --check composes and reports without writing.
//
// Exit codes: 0 ok; 1 composition errors (every error printed); 2 bad input (usage, missing
// schema file, unreachable subgraph, invalid SDL).

import { readFileSync, writeFileSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import { composeServices, compositionHasErrors } from '@theguild/federation-composition';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');

class InputError extends Error {}

function usage() {
  return `usage: node compose.mjs [--from-files|--from-urls] [--check] [--out PATH]
       [--subgraphs FILE] [--schemas-dir DIR] [--wait SECONDS] [--timeout SECONDS] [name=path ...]`;
}

function parseArgs(argv) {
  const opts = {
    mode: 'files',
    check: false,
    out: null,
    subgraphsFile: path.join(HERE, 'subgraphs.json'),
    schemasDir: null,
    overrides: [],
    waitSeconds: 0,
    timeoutSeconds: 5,
    quiet: false,
  };
  const needValue = (i, flag) => {
    if (i + 1 >= argv.length) throw new InputError(`${flag} needs a value\n${usage()}`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--from-files') opts.mode = 'files';
    else if (a === '--from-urls') opts.mode = 'urls';
    else if (a === '--check') opts.check = true;
    else if (a === '--quiet' || a === '-q') opts.quiet = true;
    else if (a === '--out') opts.out = needValue(i++, a);
    else if (a === '--subgraphs') opts.subgraphsFile = needValue(i++, a);
    else if (a === '--schemas-dir') opts.schemasDir = needValue(i++, a);
    else if (a === '--wait') opts.waitSeconds = Number(needValue(i++, a));
    else if (a === '--timeout') opts.timeoutSeconds = Number(needValue(i++, a));
    else if (a === '--help' || a === '-h') {
      console.log(usage());
      process.exit(0);
    } else if (/^[A-Za-z_][A-Za-z0-9_-]*=/.test(a)) {
      const eq = a.indexOf('=');
      opts.overrides.push({ name: a.slice(0, eq), schema: a.slice(eq + 1) });
    } else throw new InputError(`unknown argument: ${a}\n${usage()}`);
  }
  if (!Number.isFinite(opts.waitSeconds) || opts.waitSeconds < 0) throw new InputError('--wait must be a number >= 0');
  if (!Number.isFinite(opts.timeoutSeconds) || opts.timeoutSeconds <= 0) throw new InputError('--timeout must be a number > 0');
  if (opts.mode === 'urls' && (opts.schemasDir || opts.overrides.length)) {
    throw new InputError('--from-urls cannot be combined with --schemas-dir or name=path overrides');
  }
  return opts;
}

function resolveFromRepo(p) {
  return path.isAbsolute(p) ? p : path.resolve(REPO, p);
}

function routingUrl(entry) {
  if (entry.url_env && process.env[entry.url_env]) return process.env[entry.url_env];
  return entry.default_url;
}

function loadSubgraphList(opts) {
  const file = resolveFromRepo(opts.subgraphsFile);
  let list;
  try {
    list = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(`cannot read subgraph list ${file}: ${e.message}`);
  }
  if (!Array.isArray(list) || list.some((s) => !s || typeof s.name !== 'string')) {
    throw new InputError(`${file}: expected a JSON array of {name, schema, url_env, default_url}`);
  }
  const known = new Map(list.map((s) => [s.name, s]));

  if (opts.overrides.length) {
    // Compose exactly the subgraphs named on the command line.
    return opts.overrides.map(({ name, schema }) => {
      const base = known.get(name);
      const envName = `${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;
      return {
        name,
        schemaPath: path.resolve(schema),
        url: base ? routingUrl(base) : process.env[envName],
      };
    });
  }
  return list.map((s) => {
    let schemaPath = s.schema ? resolveFromRepo(s.schema) : null;
    if (opts.schemasDir) {
      const dir = path.resolve(opts.schemasDir);
      const flat = path.join(dir, `${s.name}.graphql`);
      const nested = path.join(dir, s.name, 'schema.graphql');
      schemaPath = existsSync(flat) ? flat : nested;
    }
    return { name: s.name, schemaPath, url: routingUrl(s) };
  });
}

function readSdlFromFile(sg) {
  if (!sg.schemaPath || !existsSync(sg.schemaPath) || !statSync(sg.schemaPath).isFile()) {
    throw new InputError(
      `subgraph "${sg.name}": schema file not found: ${sg.schemaPath ?? '(none configured)'}` +
        ` (each subgraph must commit its exported SDL; or use --from-urls against running subgraphs)`,
    );
  }
  return readFileSync(sg.schemaPath, 'utf8');
}

// Report every failing subgraph at once, not just the first.
function collect(errors) {
  if (errors.length === 1) return errors[0];
  if (errors.some((e) => !(e instanceof InputError))) return errors.find((e) => !(e instanceof InputError));
  return new InputError(`${errors.length} subgraphs failed:\n  - ${errors.map((e) => e.message).join('\n  - ')}`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function fetchSdl(sg, opts) {
  if (!sg.url) throw new InputError(`subgraph "${sg.name}": no routing URL configured`);
  const deadline = Date.now() + opts.waitSeconds * 1000;
  let lastErr;
  for (;;) {
    try {
      const res = await fetch(sg.url, {
        method: 'POST',
        // In production the subgraphs answer only requests carrying the gateway's shared secret.
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(process.env.SHULIN_GATEWAY_SECRET ? { 'x-shulin-gateway': process.env.SHULIN_GATEWAY_SECRET } : {}),
        },
        body: JSON.stringify({ query: '{ _service { sdl } }' }),
        signal: AbortSignal.timeout(opts.timeoutSeconds * 1000),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        throw new Error(`response is not JSON: ${text.slice(0, 300)}`);
      }
      const sdl = body?.data?._service?.sdl;
      if (typeof sdl !== 'string' || !sdl.trim()) {
        // A reachable server that is not a federation subgraph: waiting will not help.
        throw new InputError(
          `subgraph "${sg.name}" at ${sg.url} returned no _service.sdl` +
            (body?.errors ? `: ${JSON.stringify(body.errors).slice(0, 300)}` : '') +
            ' (is it a federation schema?)',
        );
      }
      return sdl;
    } catch (e) {
      if (e instanceof InputError) throw e;
      lastErr = e;
      if (Date.now() >= deadline) break;
      await sleep(500);
    }
  }
  const cause = lastErr?.cause?.code || lastErr?.cause?.message || lastErr?.name;
  throw new InputError(
    `subgraph "${sg.name}" is unreachable at ${sg.url}: ${lastErr?.message}${cause ? ` (${cause})` : ''}` +
      (opts.waitSeconds ? ` after waiting ${opts.waitSeconds}s` : ''),
  );
}

function defaultOut() {
  const varDir = process.env.SHULIN_VAR ? path.resolve(process.env.SHULIN_VAR) : path.join(REPO, 'var');
  return path.join(varDir, 'gateway', 'supergraph.graphql');
}

function hintFor(message) {
  if (/Invalid version v2\.\d+ for the federation feature/.test(message)) {
    return 'hint: build the Strawberry schema with federation_version="2.9" (newer link versions are rejected by this composition library)';
  }
  return null;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const log = (...a) => {
    if (!opts.quiet) console.error(...a);
  };
  const subgraphs = loadSubgraphList(opts);
  if (!subgraphs.length) throw new InputError('no subgraphs to compose');
  const names = subgraphs.map((s) => s.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new InputError(`subgraph "${dup}" is listed twice`);

  let sdls;
  if (opts.mode === 'urls') {
    const settled = await Promise.allSettled(subgraphs.map((sg) => fetchSdl(sg, opts)));
    const failed = settled.filter((r) => r.status === 'rejected').map((r) => r.reason);
    if (failed.length) throw collect(failed);
    sdls = settled.map((r) => r.value);
  } else {
    const failed = [];
    sdls = subgraphs.map((sg) => {
      try {
        return readSdlFromFile(sg);
      } catch (e) {
        failed.push(e);
        return null;
      }
    });
    if (failed.length) throw collect(failed);
  }

  const services = subgraphs.map((sg, i) => {
    let typeDefs;
    try {
      typeDefs = parse(sdls[i]);
    } catch (e) {
      const where = opts.mode === 'urls' ? sg.url : sg.schemaPath;
      throw new InputError(`subgraph "${sg.name}": invalid SDL (${where}): ${e.message}`);
    }
    return { name: sg.name, typeDefs, url: sg.url };
  });

  const result = composeServices(services);
  if (compositionHasErrors(result)) {
    console.error(`composition FAILED for subgraphs [${names.join(', ')}] with ${result.errors.length} error(s):`);
    for (const err of result.errors) {
      const code = err.extensions?.code ? `[${err.extensions.code}] ` : '';
      console.error(`  - ${code}${err.message}`);
      const hint = hintFor(err.message);
      if (hint) console.error(`    ${hint}`);
    }
    return 1;
  }

  const source = opts.mode === 'urls' ? 'running subgraphs' : 'schema files';
  if (opts.check) {
    console.log(`OK: ${names.length} subgraph(s) compose from ${source}: ${names.join(', ')}`);
    return 0;
  }
  const missingUrl = subgraphs.filter((s) => !s.url).map((s) => s.name);
  if (missingUrl.length) {
    throw new InputError(`no routing URL for subgraph(s) ${missingUrl.join(', ')}: set <NAME>_URL`);
  }
  const out = path.resolve(opts.out ?? defaultOut());
  mkdirSync(path.dirname(out), { recursive: true });
  const text = result.supergraphSdl.endsWith('\n') ? result.supergraphSdl : `${result.supergraphSdl}\n`;
  if (existsSync(out)) {
    // Rewrite in place: Hive Gateway watches this file and reloads on 'change', but its watcher
    // dies on 'rename' ("Supergraph file was renamed"), so a tmp+rename swap would stop hot reload.
    writeFileSync(out, text);
  } else {
    const tmp = `${out}.tmp-${process.pid}`;
    writeFileSync(tmp, text);
    renameSync(tmp, out);
  }
  log(`composed ${names.length} subgraph(s) from ${source}:`);
  for (const s of subgraphs) log(`  ${s.name} -> ${s.url}`);
  console.log(out);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    if (e instanceof InputError) {
      console.error(`compose: ${e.message}`);
      process.exit(2);
    }
    console.error(e);
    process.exit(2);
  },
);
