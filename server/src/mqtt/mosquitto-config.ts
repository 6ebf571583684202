/**
 * The files a Mosquitto broker needs to enforce the same rules as the embedded one
 * (`npm run mosquitto-config`): a password file and an ACL, from the enrolled devices and
 * the server's own account. Pure: the caller reads the database and writes the files.
 *
 * Accounts:
 * - the server (MQTT_USERNAME): reads and writes everything under `entre/v1/`;
 * - its WebSocket gateway (`<server>-gateway`, password derived from the server's): what
 *   browsers reach through the server's `/mqtt`; read-only, the gate narrows each browser
 *   to its role or device;
 * - each enrolled device: user name its id, password its secret, rights from topic-access.
 * Anonymous clients get nothing (`allow_anonymous false` in the broker's config).
 */
import { createHmac } from 'node:crypto';
import { TOPIC_ROOT } from '@entre/protocol';
import { readableFilters, writableTopics, type DeviceScope } from './topic-access.js';

/** The gateway's login, derived so that the server and this generator agree without a second secret. */
export function gatewayLogin(server: { username: string; password: string }): { username: string; password: string } {
  return { username: `${server.username}-gateway`, password: createHmac('sha256', server.password).update('entre-websocket-gateway').digest('base64url') };
}

export interface MosquittoFiles { passwd: string; acl: string }

/**
 * `hash(secret)` makes a `$7$` hash (store/device-credential-store.ts mosquittoHash); the
 * devices' hashes were made at enrolment, as their secrets are not kept.
 */
export function mosquittoFiles(input: {
  server: { username: string; password: string };
  devices: { scope: DeviceScope; mosquittoHash: string }[];
  hash(secret: string): string;
}): MosquittoFiles {
  const gateway = gatewayLogin(input.server);
  const passwd = [
    `${input.server.username}:${input.hash(input.server.password)}`,
    `${gateway.username}:${input.hash(gateway.password)}`,
    ...input.devices.map((d) => `${d.scope.id}:${d.mosquittoHash}`),
  ];
  const acl = [
    '# Written by `npm run mosquitto-config` from the enrolled devices; do not edit by hand.',
    '# Anonymous clients get nothing.',
    '',
    `user ${input.server.username}`,
    `topic readwrite ${TOPIC_ROOT}/#`,
    '',
    `user ${gateway.username}`,
    `topic read ${TOPIC_ROOT}/#`,
  ];
  for (const d of input.devices) {
    const reads = readableFilters({ device: d.scope });
    const writes = writableTopics(d.scope);
    acl.push('', `# ${d.scope.kind} of site ${d.scope.site}`, `user ${d.scope.id}`,
      ...reads.map((t) => (writes.includes(t) ? `topic readwrite ${t}` : `topic read ${t}`)),
      ...writes.filter((t) => !reads.includes(t)).map((t) => `topic write ${t}`));
  }
  return { passwd: `${passwd.join('\n')}\n`, acl: `${acl.join('\n')}\n` };
}
