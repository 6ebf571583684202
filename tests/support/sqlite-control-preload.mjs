// Test-only preload for a spawned real server (`node --import <this> server/dist/main.js`,
// with an IPC channel): lets the test set SQLite's `max_page_count` on the server's own
// connection to its database file, so a write hits a real SQLITE_FULL ("disk full") without
// filling a disk. Nothing in the product knows about it: it wraps better-sqlite3's `pragma`
// to remember each connection, and answers messages on the IPC channel.
//
//   { type: 'sqlite:limit', pages: 'current' | number | 'lift' }  →  { type: 'sqlite:limit', pageCount, maxPageCount }
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
// The server's own copy of better-sqlite3 (the same module object main.js imports).
const require = createRequire(resolve(here, '..', '..', 'server', 'package.json'));
const Database = require('better-sqlite3');
const connections = new Set();
const pragma = Database.prototype.pragma;
Database.prototype.pragma = function (...args) {
  connections.add(this);
  return pragma.apply(this, args);
};

const target = () => [...connections].find((db) => db.open && resolve(db.name) === resolve(process.env.ENTRE_DB ?? ''));

if (process.send) {
  process.on('message', (m) => {
    if (!m || m.type !== 'sqlite:limit') return;
    const db = target();
    if (!db) { process.send({ type: 'sqlite:limit', error: 'no open connection to ENTRE_DB yet' }); return; }
    const pageCount = pragma.call(db, 'page_count', { simple: true });
    // SQLite's own ceiling: what "lifted" means.
    const pages = m.pages === 'lift' ? 4294967294 : m.pages === 'current' ? pageCount : Number(m.pages);
    const maxPageCount = pragma.call(db, `max_page_count = ${pages}`, { simple: true });
    process.send({ type: 'sqlite:limit', pageCount, maxPageCount });
  });
  // The channel must not keep the server alive on its own.
  process.channel?.unref();
}
