// A tiny static file server for the built site, on loopback only.
//
// Used two ways: `node lib/serve.mjs DIR [PORT]` (scripts/test.sh runs it in the background
// and reads the URL from its first line of output), and `serve(dir, port)` from the harness
// when a developer runs `node --test` without a server of their own.
//
// It serves like a plain static host would (GitHub Pages, nginx with `index index.html`):
// `/x/` → `x/index.html`, `/x` → redirect to `/x/` when that is a folder, and 404.html with
// status 404 for anything missing, so the tests see the site as citizens will.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.ics': 'text/calendar; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
};

function typeOf(file) {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Start serving `dir` on 127.0.0.1:`port` (0 = any free port). Resolves to { server, url }. */
export function serve(dir, port = 0) {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    // The site root is read on every request (not cached), so a build that swaps the
    // folder in while the server runs is served as it is now.
    const file = path.join(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    const send = (f, status = 200) => {
      res.writeHead(status, {
        'content-type': typeOf(f),
        'cache-control': 'no-store',
      });
      if (req.method === 'HEAD') res.end();
      else fs.createReadStream(f).pipe(res);
    };
    fs.stat(file, (err, st) => {
      if (!err && st.isDirectory()) {
        if (!rel.endsWith('/')) {
          res.writeHead(301, { location: rel + '/' }).end();
          return;
        }
        const index = path.join(file, 'index.html');
        if (fs.existsSync(index)) return send(index);
      } else if (!err && st.isFile()) {
        return send(file);
      }
      const notFound = path.join(root, '404.html');
      if (fs.existsSync(notFound)) return send(notFound, 404);
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: p } = server.address();
      resolve({ server, url: `http://127.0.0.1:${p}/` });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, port] = process.argv.slice(2);
  if (!dir || !fs.existsSync(dir)) {
    console.error(`usage: node serve.mjs DIR [PORT] (DIR must exist; got ${dir ?? 'nothing'})`);
    process.exit(2);
  }
  const { url } = await serve(dir, Number(port ?? 0));
  console.log(url);
  const stop = () => process.exit(0);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
