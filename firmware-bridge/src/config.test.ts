import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config.js';

test('defaults: one virtual 80 mm printer, demo site, local broker', () => {
  assert.deepEqual(loadConfig({}), {
    mqttUrl: 'mqtt://127.0.0.1:1883',
    site: 'demo',
    device: 'bridge-1',
    printers: [{ id: 'printer-1', driver: 'virtual', profile: { widthDots: 576, codePage: 'cp858' }, dir: join('data', 'prints') }],
    printsDir: join('data', 'prints'),
    stateDir: join('data', 'bridge'),
    counters: [],
    statusIntervalMs: 5000,
    logLevel: 'info',
  });
});

test('printers, credentials and directories come from the environment', () => {
  const config = loadConfig({
    MQTT_URL: 'mqtts://broker.kommun.example:8883',
    MQTT_USERNAME: 'bridge-7',
    MQTT_PASSWORD: 's3cret',
    ENTRE_SITE: 'orebro',
    ENTRE_BRIDGE_ID: 'bridge-7',
    ENTRE_PRINTS_DIR: '/var/lib/entre/prints',
    ENTRE_PRINTERS: JSON.stringify([
      { id: 'kiosk-a', driver: 'virtual', widthDots: 384 },
      { id: 'kiosk-b', widthDots: 512, numberScale: 3, qrModuleSize: 5, dir: '/tmp/b' },
    ]),
    LOG_LEVEL: 'debug',
  });
  assert.equal(config.mqttUsername, 'bridge-7');
  assert.equal(config.mqttPassword, 's3cret');
  assert.equal(config.logLevel, 'debug');
  assert.deepEqual(config.printers, [
    { id: 'kiosk-a', driver: 'virtual', profile: { widthDots: 384, codePage: 'cp858' }, dir: '/var/lib/entre/prints' },
    { id: 'kiosk-b', driver: 'virtual', profile: { widthDots: 512, codePage: 'cp858', numberScale: 3, qrModuleSize: 5 }, dir: '/tmp/b' },
  ]);
});

test('every problem is reported at once, naming the variable', () => {
  try {
    loadConfig({
      MQTT_URL: 'http://x',
      ENTRE_SITE: 'Örebro',
      ENTRE_PRINTERS: JSON.stringify([{ id: 'p1', driver: 'fax', widthDots: 600 }, { id: 'p1', colour: 'red' }]),
      LOG_LEVEL: 'loud',
    });
    assert.fail('expected a ConfigError');
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    assert.equal(err.code, 'ENTRE_CONFIG_INVALID');
    const text = err.problems.join('\n');
    for (const expected of [/MQTT_URL/, /ENTRE_SITE/, /LOG_LEVEL/, /\[0\]\.driver: must be one of/, /\[0\]\.widthDots/, /\[1\]\.id: "p1" is listed twice/, /\[1\]\.colour: unknown/]) {
      assert.match(text, expected);
    }
  }
  assert.throws(() => loadConfig({ ENTRE_PRINTERS: '[{' }), /ENTRE_PRINTERS: not JSON/);
  assert.throws(() => loadConfig({ ENTRE_PRINTERS: '[]' }), /non-empty JSON array/);
});

test('serial and network printers take their transport settings, checked field by field', () => {
  const ok = loadConfig({
    ENTRE_PRINTERS: JSON.stringify([
      { id: 'kassa', driver: 'serial', path: '/dev/serial/by-id/usb-Epson_TM-T20', baudRate: 38400 },
      { id: 'natet', driver: 'network', host: '192.0.2.50', widthDots: 512 },
    ]),
  });
  assert.deepEqual(ok.printers.map((p) => [p.id, p.driver, p.path ?? p.host, p.baudRate ?? p.port]), [
    ['kassa', 'serial', '/dev/serial/by-id/usb-Epson_TM-T20', 38400],
    ['natet', 'network', '192.0.2.50', 9100],
  ]);
  assert.throws(() => loadConfig({
    ENTRE_PRINTERS: JSON.stringify([
      { id: 'a', driver: 'serial', baudRate: 7 },
      { id: 'b', driver: 'network', port: 70000, statusQuery: 'yes' },
    ]),
  }), (err: Error) => [/\[0\]\.path: a serial printer needs/, /\[0\]\.baudRate/, /\[1\]\.host/, /\[1\]\.port/, /\[1\]\.statusQuery/].every((re) => re.test(err.message)));
});

test('counter keypads and signs are configured per service point, each field checked', () => {
  assert.deepEqual(loadConfig({ ENTRE_COUNTERS: JSON.stringify([{ point: 'disk-1', path: '/dev/ttyUSB0' }]) }).counters,
    [{ point: 'disk-1', path: '/dev/ttyUSB0', baudRate: 9600 }]);
  assert.throws(() => loadConfig({ ENTRE_COUNTERS: JSON.stringify([{ point: 'Disk 1', baudRate: 3 }]) }),
    (err: Error) => [/COUNTERS\[0\]\.point/, /COUNTERS\[0\]\.path/, /COUNTERS\[0\]\.baudRate/].every((re) => re.test(err.message)));
});

test('USB printers are found by lsusb ids or by the printer class', () => {
  const c = loadConfig({ ENTRE_PRINTERS: JSON.stringify([{ id: 'p1', driver: 'usb', vendorId: '04b8', productId: '0x0e28' }, { id: 'p2', driver: 'usb' }]) });
  assert.deepEqual(c.printers.map((p) => [p.driver, p.vendorId, p.productId]), [['usb', 0x04b8, 0x0e28], ['usb', undefined, undefined]]);
  assert.throws(() => loadConfig({ ENTRE_PRINTERS: JSON.stringify([{ id: 'p1', driver: 'usb', vendorId: 'epson' }]) }), /vendorId: a 4-digit hex id/);
});

test('a bridge config file holds the same settings; the environment wins; bad files are named', async () => {
  const { configFileAsEnv } = await import('./config.js');
  const file = JSON.stringify({
    mqttUrl: 'mqtt://broker.lobby:1883', device: 'kiosk-bridge', site: 'orebro',
    printers: [{ id: 'kiosk-printer', driver: 'usb', vendorId: '04b8', productId: '0e28' }],
    counters: [{ point: 'disk-1', path: '/dev/ttyUSB0' }],
  });
  const config = loadConfig({ ...configFileAsEnv('/etc/entre/bridge.json', file), ENTRE_SITE: 'demo' });
  assert.equal(config.mqttUrl, 'mqtt://broker.lobby:1883');
  assert.equal(config.device, 'kiosk-bridge');
  assert.equal(config.site, 'demo', 'the environment wins');
  assert.equal(config.printers[0]?.vendorId, 0x04b8);
  assert.equal(config.counters[0]?.point, 'disk-1');
  assert.throws(() => configFileAsEnv('/etc/entre/bridge.json', '{"printer": []}'), /bridge\.json: printer: unknown setting/);
  assert.throws(() => configFileAsEnv('/etc/entre/bridge.json', '{ nope'), /bridge\.json: not JSON/);
});
