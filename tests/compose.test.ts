/**
 * Docker is not available here, so the compose file is checked as far as it can be:
 * it parses, every file it refers to exists, the parts point at each other, and the
 * Mosquitto config it mounts is accepted by a real Mosquitto 2 once its password file and
 * ACL are written as an operator writes them (the built `mosquitto-config` CLI, as the
 * compose file's comments say).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './support/lobby.js';
import mqtt from 'mqtt';
import { freePort, waitFor } from './support/ports.js';
import { run } from './support/processes.js';

interface Service { image?: string; build?: { context: string; dockerfile: string }; volumes?: string[]; environment?: Record<string, string>; command?: string[] }
const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };

test('compose has the broker, the server on MQTT_URL and the bridge', () => {
  assert.deepEqual(Object.keys(compose.services).sort(), ['bridge', 'mosquitto', 'server']);
  assert.match(compose.services.mosquitto!.image!, /^eclipse-mosquitto:2/);
  assert.equal(compose.services.server!.environment!.MQTT_URL, 'mqtt://mosquitto:1883');
  assert.equal(compose.services.bridge!.environment!.MQTT_URL, 'mqtt://mosquitto:1883');
  assert.equal(compose.services.server!.environment!.ENTRE_BRIDGE, 'none', 'the server must not fork a second bridge');
  const printers = JSON.parse(compose.services.bridge!.environment!.ENTRE_PRINTERS!) as { id: string }[];
  assert.equal(printers[0]?.id, 'printer-1');
});

test('compose logs every client in: the server with its account, the bridge by enrolment', () => {
  const server = compose.services.server!.environment!;
  const bridge = compose.services.bridge!.environment!;
  assert.equal(server.MQTT_USERNAME, 'entre-server');
  assert.match(server.MQTT_PASSWORD!, /^\$\{MQTT_PASSWORD:\?/, 'the password comes from .env, and compose stops without one');
  assert.equal(bridge.ENTRE_SERVER_URL, 'http://server:8080');
  assert.match(bridge.ENTRE_ENROL_CODE!, /^\$\{ENTRE_ENROL_CODE:-\}$/);
  assert.match(bridge.ENTRE_BRIDGE_STATE_DIR!, /^\/data\//, 'the saved credentials live in the bridge\'s volume');
  // The broker sees the folder, so a passwd/acl renamed into place is what SIGHUP reloads
  // (a single-file bind mount keeps showing the replaced file).
  assert.ok(compose.services.mosquitto!.volumes!.includes('./deploy/mosquitto:/mosquitto/config:ro'));
  assert.ok(compose.services.server!.volumes!.includes('./deploy/mosquitto:/app/deploy/mosquitto'), 'mosquitto-config writes there from the server container');
});

test('every file compose refers to exists, and commands point at built entry points', () => {
  for (const [name, svc] of Object.entries(compose.services)) {
    for (const v of svc.volumes ?? []) {
      const host = v.split(':')[0]!;
      if (host.startsWith('./')) assert.ok(existsSync(join(repoRoot, host)), `${name}: ${host}`);
    }
    if (svc.build) {
      assert.ok(existsSync(join(repoRoot, svc.build.context, svc.build.dockerfile)), `${name}: ${svc.build.dockerfile}`);
    }
    const entry = svc.command?.find((c) => c.endsWith('.js'));
    if (entry) assert.match(entry, /^(server|firmware-bridge)\/dist\/main\.js$/, `${name}: ${entry}`);
  }
});

test('the mounted mosquitto.conf starts a real Mosquitto 2 with the files mosquitto-config writes', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'entre-compose-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const port = await freePort();
  // Step 2 of the compose file's comments: the built CLI, before there is any database.
  const login = { username: 'entre-server', password: 'a-long-compose-test-password' };
  const cli = run(process.execPath, [join(repoRoot, 'server/dist/cli/mosquitto-config.js'), '--out', join(dir, 'config')], {
    cwd: repoRoot, env: { ...process.env, ENTRE_DB: join(dir, 'entre.db'), MQTT_USERNAME: login.username, MQTT_PASSWORD: login.password },
  });
  assert.equal(await cli.exited, 0, cli.output());
  assert.match(cli.output(), /docker compose kill -s HUP mosquitto/);
  // Same directives, with the container's port and paths swapped for this machine's.
  const conf = readFileSync(join(repoRoot, 'deploy/mosquitto/mosquitto.conf'), 'utf8')
    .replace(/^listener 1883$/m, `listener ${port} 127.0.0.1`)
    .replace(/^persistence_location .*$/m, `persistence_location ${dir}/`)
    .replaceAll('/mosquitto/config/', `${dir}/config/`);
  assert.match(conf, new RegExp(`listener ${port}`));
  assert.match(conf, /^allow_anonymous false$/m);
  assert.match(conf, new RegExp(`^password_file ${dir}/config/passwd$`, 'm'));
  assert.match(conf, new RegExp(`^acl_file ${dir}/config/acl$`, 'm'));
  // Run as root, Mosquitto drops to its own user before reading the files; the image's entrypoint
  // and `--owner 1883:1883` see to that in compose. Here it stays the user who wrote them.
  writeFileSync(join(dir, 'mosquitto.conf'), `${conf}\nuser ${userInfo().username}\n`);
  const proc = run('mosquitto', ['-c', join(dir, 'mosquitto.conf')]);
  t.after(async () => { proc.child.kill('SIGTERM'); await proc.exited; });
  const client = await waitFor('mosquitto to accept the server\'s account', async () =>
    mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 1000, ...login }).catch(() => undefined));
  await client.endAsync();
  const anonymous = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 2000 })
    .then(async (c) => { await c.endAsync(true); return 'accepted'; }, (err: Error) => err.message);
  assert.match(anonymous, /not authori[sz]ed/i, 'anonymous clients are refused');
  assert.equal(proc.child.exitCode, null, proc.output());
  assert.doesNotMatch(proc.output(), /error/i, proc.output());
});

test('the systemd unit starts the built bridge with a state directory and restarts it', () => {
  const unit = readFileSync(join(repoRoot, 'deploy/systemd/entre-bridge.service'), 'utf8');
  assert.match(unit, /^ExecStart=\/usr\/bin\/node firmware-bridge\/dist\/main\.js$/m);
  assert.match(unit, /^Environment=ENTRE_BRIDGE_STATE_DIR=\/var\/lib\/entre-bridge$/m);
  assert.match(unit, /^StateDirectory=entre-bridge$/m);
  assert.match(unit, /^Restart=always$/m);
  assert.ok(existsSync(join(repoRoot, 'firmware-bridge/src/main.ts')));
});
