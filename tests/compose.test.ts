/**
 * Docker is not available here, so the compose file is checked as far as it can be:
 * it parses, every file it refers to exists, the parts point at each other, and the
 * Mosquitto config it mounts is accepted by a real Mosquitto 2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

test('the mounted mosquitto.conf starts a real Mosquitto 2', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'entre-compose-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const port = await freePort();
  // Same directives, with the container's port and data path swapped for this machine's.
  const conf = readFileSync(join(repoRoot, 'deploy/mosquitto/mosquitto.conf'), 'utf8')
    .replace(/^listener 1883$/m, `listener ${port} 127.0.0.1`)
    .replace(/^persistence_location .*$/m, `persistence_location ${dir}/`);
  assert.match(conf, new RegExp(`listener ${port}`));
  writeFileSync(join(dir, 'mosquitto.conf'), conf);
  const proc = run('mosquitto', ['-c', join(dir, 'mosquitto.conf')]);
  t.after(async () => { proc.child.kill('SIGTERM'); await proc.exited; });
  const client = await waitFor('mosquitto to accept a client', async () =>
    mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 1000 }).catch(() => undefined));
  await client.endAsync();
  assert.equal(proc.child.exitCode, null, proc.output());
});

test('the systemd unit starts the built bridge with a state directory and restarts it', () => {
  const unit = readFileSync(join(repoRoot, 'deploy/systemd/entre-bridge.service'), 'utf8');
  assert.match(unit, /^ExecStart=\/usr\/bin\/node firmware-bridge\/dist\/main\.js$/m);
  assert.match(unit, /^Environment=ENTRE_BRIDGE_STATE_DIR=\/var\/lib\/entre-bridge$/m);
  assert.match(unit, /^StateDirectory=entre-bridge$/m);
  assert.match(unit, /^Restart=always$/m);
  assert.ok(existsSync(join(repoRoot, 'firmware-bridge/src/main.ts')));
});
