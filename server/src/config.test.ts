import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configFromEnv } from './config.js';

test('SMS settings come from ENTRE_SMS_*; a gateway URL needs its key', () => {
  const none = configFromEnv({}, '/apps');
  assert.equal(none.smsUrl, undefined);
  assert.equal(none.smsFrom, 'Entre');
  assert.equal(none.smsAhead, 3);

  const gateway = configFromEnv({
    ENTRE_SMS_URL: 'https://sms.example.se/v1/messages', ENTRE_SMS_KEY: 'secret', ENTRE_SMS_FROM: 'Kommunen', ENTRE_SMS_AHEAD: '5',
  }, '/apps');
  assert.equal(gateway.smsUrl, 'https://sms.example.se/v1/messages');
  assert.equal(gateway.smsKey, 'secret');
  assert.equal(gateway.smsFrom, 'Kommunen');
  assert.equal(gateway.smsAhead, 5);

  assert.throws(() => configFromEnv({ ENTRE_SMS_URL: 'https://sms.example.se/' }, '/apps'), /ENTRE_SMS_URL needs ENTRE_SMS_KEY/);
  assert.throws(() => configFromEnv({ ENTRE_SMS_URL: 'sms.example.se', ENTRE_SMS_KEY: 'k' }, '/apps'), /invalid configuration/);
  assert.throws(() => configFromEnv({ ENTRE_SMS_AHEAD: 'three' }, '/apps'), /ENTRE_SMS_AHEAD=three is not a whole number/);
  assert.throws(() => configFromEnv({ ENTRE_SMS_AHEAD: '-1' }, '/apps'), /invalid configuration/);
});

test('ENTRE_TRUST_PROXY names the proxies to believe, never everyone', () => {
  assert.equal(configFromEnv({}, '/apps').trustProxy, undefined, 'none unless named');
  for (const ok of ['127.0.0.1', '10.0.0.0/8, 192.168.1.10', '::1', 'fd00::/8', 'loopback,uniquelocal']) {
    assert.equal(configFromEnv({ ENTRE_TRUST_PROXY: ok }, '/apps').trustProxy, ok);
  }
  for (const bad of ['true', '*', '1', '0.0.0.0/0', '::/0', '0.0.0.0/33', '300.1.1.1', '10.0.0.1/8/2', 'proxy.example.se', '10.0.0.1,,']) {
    assert.throws(() => configFromEnv({ ENTRE_TRUST_PROXY: bad }, '/apps'), /ENTRE_TRUST_PROXY|invalid configuration/, bad);
  }
});
