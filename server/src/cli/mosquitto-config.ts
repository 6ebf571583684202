/**
 * The files an external Mosquitto needs to hold devices to the same rules as the embedded
 * broker (DESIGN §7): a password file and an ACL, from the enrolled devices in the database
 * and the server's own account.
 *
 *   npm run mosquitto-config -- [--out DIR] [--db PATH] [--owner UID[:GID]]
 *
 * - The database is --db, else ENTRE_DB, else data/entre.db (as the server). It is only read;
 *   when there is none yet (a first installation) only the server's accounts are written.
 * - MQTT_USERNAME / MQTT_PASSWORD are the server's account on the broker, the same values
 *   the server is started with (it derives its WebSocket gateway's login from them).
 * - `passwd` and `acl` (mode 0600) go to --out (default deploy/mosquitto/), each written to a
 *   temporary file and renamed over the old one, so Mosquitto never reads half a file.
 *   --owner hands them to the user Mosquitto reads them as (it drops root for its own user
 *   before it reads them: `mosquitto` on Debian, 1883:1883 in the eclipse-mosquitto image).
 *
 * Mosquitto reads the files at start and on SIGHUP; this command cannot signal it, so it
 * says how. Until then a revoked device still gets in and a new one is refused.
 * The generator itself is mqtt/mosquitto-config.ts (pure).
 */
import { closeSync, existsSync, fchmodSync, fchownSync, fsyncSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../store/db.js';
import { createDeviceCredentialStore, mosquittoHash } from '../store/device-credential-store.js';
import { gatewayLogin, mosquittoFiles } from '../mqtt/mosquitto-config.js';
import type { DeviceScope } from '../mqtt/topic-access.js';

export const DEFAULT_OUT_DIR = join('deploy', 'mosquitto');

const USAGE = `usage:
  mosquitto-config [--out DIR] [--db PATH] [--owner UID[:GID]]
writes DIR/passwd and DIR/acl (mode 0600) for Mosquitto from the enrolled devices (default DIR: ${DEFAULT_OUT_DIR})
  --owner   give the files to the user Mosquitto runs as (e.g. 1883:1883 for the eclipse-mosquitto image)
env: MQTT_USERNAME, MQTT_PASSWORD (required: the server's broker account, as the server gets them),
     ENTRE_DB (default data/entre.db)`;

/** A mistake of the person at the keyboard: print the message, no stack. */
class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) { super(message); }
}

export interface CliIo {
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
  err: (text: string) => void;
}

/**
 * Writes `text` to `file` whole or not at all: a temporary file beside it (same file system),
 * its mode and owner set and synced before the rename replaces the old one.
 */
export function writeFileAtomically(file: string, text: string, mode: number, owner?: { uid: number; gid: number }): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  rmSync(tmp, { force: true });
  // `wx`: never through a link or file someone left at the temporary name.
  const fd = openSync(tmp, 'wx', mode);
  try {
    try {
      writeSync(fd, text);
      fchmodSync(fd, mode); // the umask may have taken bits off at creation
      if (owner) fchownSync(fd, owner.uid, owner.gid);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

function parseOwner(text: string): { uid: number; gid: number } {
  const m = /^(\d+)(?::(\d+))?$/.exec(text);
  if (!m) throw new CliError(`--owner must be a numeric UID or UID:GID (e.g. $(id -u mosquitto):$(id -g mosquitto)), not ${JSON.stringify(text)}`, 2);
  const uid = Number(m[1]);
  return { uid, gid: m[2] !== undefined ? Number(m[2]) : uid };
}

function describe(scope: DeviceScope): string {
  switch (scope.kind) {
    case 'display': return `${scope.id} (display, zone ${scope.zone ?? '–'})`;
    case 'kiosk': return `${scope.id} (kiosk)`;
    case 'bridge': {
      const parts = [`printers ${scope.printers?.join(', ') || '–'}`, ...(scope.counters?.length ? [`counters ${scope.counters.join(', ')}`] : [])];
      return `${scope.id} (bridge: ${parts.join('; ')})`;
    }
  }
}

/** Returns the exit code; prints what it did to `out` and problems to `err`. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv, strict: true,
      options: { out: { type: 'string' }, db: { type: 'string' }, owner: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (err) {
    io.err(`mosquitto-config: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) { io.out(USAGE); return 0; }
  const dbPath = values.db || io.env['ENTRE_DB'] || 'data/entre.db';
  const outDir = values.out || DEFAULT_OUT_DIR;
  try {
    const username = io.env['MQTT_USERNAME'];
    const password = io.env['MQTT_PASSWORD'];
    if (!username || !password) {
      throw new CliError('MQTT_USERNAME and MQTT_PASSWORD must be set: the server\'s account on the broker, the same values the server is started with '
        + '(choose a long random password, e.g. `openssl rand -base64 24`)', 2);
    }
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(username)) throw new CliError(`MQTT_USERNAME ${JSON.stringify(username)} must be 1–64 letters, digits, "_", "." or "-"`, 2);
    if (password.length < 16) throw new CliError('MQTT_PASSWORD is too short for a broker account reachable from the network: use at least 16 characters', 2);
    const owner = values.owner !== undefined ? parseOwner(values.owner) : undefined;

    let devices: ReturnType<ReturnType<typeof createDeviceCredentialStore>['enrolledForBroker']> = [];
    const haveDb = dbPath === ':memory:' ? false : existsSync(dbPath);
    if (haveDb) {
      const db = openDatabase(dbPath);
      try {
        // Only read here: nothing is issued or revoked, so nothing is audited.
        devices = createDeviceCredentialStore(db, { clock: () => new Date(), staff: { audit: () => 0 } }).enrolledForBroker();
      } finally {
        db.close();
      }
    }
    const gateway = gatewayLogin({ username, password }).username;
    const clash = devices.find((d) => d.scope.id === username || d.scope.id === gateway);
    if (clash) throw new CliError(`the device "${clash.scope.id}" has the same name as the server's broker account; choose another MQTT_USERNAME`);

    const files = mosquittoFiles({ server: { username, password }, devices, hash: (secret) => mosquittoHash(secret) });
    mkdirSync(outDir, { recursive: true });
    const passwdFile = join(outDir, 'passwd');
    const aclFile = join(outDir, 'acl');
    writeFileAtomically(passwdFile, files.passwd, 0o600, owner);
    // 0600 too: recent Mosquitto 2.0 releases warn about ACL files anyone may read.
    writeFileAtomically(aclFile, files.acl, 0o600, owner);

    io.out(`wrote ${passwdFile} and ${aclFile} (mode 0600${owner ? `, owner ${owner.uid}:${owner.gid}` : ''}):`);
    io.out(`  ${username} (the server: reads and writes everything)`);
    io.out(`  ${gateway} (the server's WebSocket gateway for browsers: reads only)`);
    for (const d of devices) io.out(`  ${describe(d.scope)}`);
    if (!haveDb) io.out(`  no devices: there is no database at ${dbPath} yet; run this again once devices are enrolled`);
    else if (devices.length === 0) io.out(`  no devices are enrolled in ${dbPath} yet`);
    io.out('Mosquitto reads these files only at start and on SIGHUP. Reload it now, e.g.');
    io.out('  kill -HUP $(pidof mosquitto)            (systemd: systemctl reload mosquitto)');
    io.out('  docker compose kill -s HUP mosquitto    (docker compose)');
    io.out('Until it reloads, a newly enrolled device is refused and a revoked one still gets in.');
    return 0;
  } catch (err) {
    if (err instanceof CliError) { io.err(`mosquitto-config: ${err.message}\n`); return err.exitCode; }
    io.err(`mosquitto-config: failed (database ${dbPath}, out ${outDir}): ${(err as Error).message}\n`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (invokedDirectly) {
  process.exitCode = await main(process.argv.slice(2), {
    env: process.env,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (text) => process.stderr.write(text),
  });
}
