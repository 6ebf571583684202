/**
 * The embedded broker's door and rules (DESIGN §7): every client says who it is when it
 * connects, and each publish and subscribe is checked against what that client may do.
 *
 * - the server itself: its own user name and a secret made at each start;
 * - an enrolled device: its id as user name, its secret as password; it reads and writes
 *   only its own topics (topic-access.ts);
 * - a browser, via the WebSocket gate, which has already decided who it is from its cookie
 *   and checks its subscriptions (the gate hands over the stream before the broker sees it);
 * - nobody: only on an open (demo) site, with the demo's old freedom. A real site
 *   (`deviceAuth: 'enrolled'`) refuses anonymous clients.
 *
 * A publish outside the ACL ends the client's connection (MQTT 3.1.1 has no way to say no
 * to a publish), and the refusal is logged with who and where.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Aedes, AuthenticateError, Client, PublishPacket, Subscription } from 'aedes';
import type { Logger } from 'pino';
import { mayRead, mayWrite, type Audience, type DeviceScope } from './topic-access.js';

export type BrokerIdentity =
  | { kind: 'server' }
  | { kind: 'device'; scope: DeviceScope }
  | { kind: 'browser'; audience: Audience | null }
  | { kind: 'anonymous' };

export interface BrokerAuthDeps {
  mode: 'open' | 'enrolled';
  server: { username: string; password: string };
  identifyDevice(username: string | undefined, password: Buffer | undefined): DeviceScope | null;
  logger: Logger;
}

/** No device message comes near this (a status report is a few hundred bytes); Mosquitto's `message_size_limit` matches. */
export const MAX_DEVICE_PAYLOAD_BYTES = 256 * 1024;

const refused = (returnCode: 4 | 5, message: string): AuthenticateError =>
  Object.assign(new Error(message), { returnCode }) as AuthenticateError;

function sameSecret(a: string, b: Buffer | undefined): boolean {
  if (!b) return false;
  const x = Buffer.from(a);
  return x.length === b.length && timingSafeEqual(x, b);
}

export function createBrokerAuth(deps: BrokerAuthDeps) {
  const log = deps.logger.child({ module: 'broker-auth' });
  const identities = new WeakMap<Client, BrokerIdentity>();
  const gated = new WeakMap<object, Audience | null>();
  let broker: Aedes | undefined;

  const who = (client: Client | null) => (client ? identities.get(client) : undefined);

  return {
    /** The gate vouches for this stream: a browser with this audience (null: the public board). */
    admitBrowser(stream: object, audience: Audience | null): void {
      gated.set(stream, audience);
    },

    attach(aedes: Aedes): void { broker = aedes; },

    identityOf(client: Client): BrokerIdentity | undefined { return identities.get(client); },

    authenticate(client: Client, username: string | undefined, password: Buffer | undefined, done: (err: AuthenticateError | null, ok: boolean | null) => void): void {
      if (gated.has(client.conn)) {
        identities.set(client, { kind: 'browser', audience: gated.get(client.conn) ?? null });
        done(null, true);
        return;
      }
      if (username === deps.server.username) {
        if (!sameSecret(deps.server.password, password)) {
          log.warn({ client: client.id }, 'refused a client using the server\'s user name with a wrong password');
          done(refused(4, 'bad user name or password'), false);
          return;
        }
        identities.set(client, { kind: 'server' });
        done(null, true);
        return;
      }
      if (username !== undefined || password !== undefined) {
        const scope = deps.identifyDevice(username, password);
        if (!scope) {
          log.warn({ client: client.id, username }, 'refused a device: unknown, revoked or wrong secret');
          done(refused(4, 'bad user name or password'), false);
          return;
        }
        identities.set(client, { kind: 'device', scope });
        done(null, true);
        return;
      }
      if (deps.mode === 'open') {
        identities.set(client, { kind: 'anonymous' });
        done(null, true);
        return;
      }
      log.warn({ client: client.id }, 'refused an anonymous client: devices must enrol');
      done(refused(5, 'not authorized: enrol this device'), false);
    },

    authorizePublish(client: Client | null, packet: PublishPacket, done: (err?: Error | null) => void): void {
      if (!client) { done(null); return; } // the broker's own messages
      const id = who(client);
      // No topic of ours has an empty level; aedes matches `+` against one inconsistently
      // (delivers, then fails the acknowledgement), which cost the server its connection.
      if (id?.kind !== 'server' && packet.topic.split('/').includes('')) {
        log.warn({ client: client.id, topic: packet.topic }, 'publish to a topic with an empty level refused; connection closed');
        done(new Error(`topic ${packet.topic} has an empty level`));
        return;
      }
      if (id?.kind !== 'server' && packet.payload.length > MAX_DEVICE_PAYLOAD_BYTES) {
        log.warn({ client: client.id, topic: packet.topic, bytes: packet.payload.length }, 'oversized publish refused; connection closed');
        done(new Error(`payload of ${packet.payload.length} bytes is over ${MAX_DEVICE_PAYLOAD_BYTES}`));
        return;
      }
      if (id?.kind === 'server' || id?.kind === 'anonymous') { done(null); return; }
      if (id?.kind === 'device' && mayWrite(id.scope, packet.topic)) { done(null); return; }
      log.warn({ client: client.id, device: id?.kind === 'device' ? id.scope.id : undefined, who: id?.kind, topic: packet.topic },
        'publish outside the client\'s rights refused; connection closed');
      done(new Error(`not allowed to publish to ${packet.topic}`));
    },

    authorizeSubscribe(client: Client, sub: Subscription, done: (err: Error | null, sub?: Subscription | null) => void): void {
      const id = who(client);
      const ok = id?.kind === 'server' || id?.kind === 'anonymous'
        || (id?.kind === 'device' && mayRead({ device: id.scope }, sub.topic))
        || (id?.kind === 'browser' && mayRead(id.audience, sub.topic));
      if (!ok) log.warn({ client: client.id, who: id?.kind, device: id?.kind === 'device' ? id.scope.id : undefined, topic: sub.topic }, 'subscription refused');
      done(null, ok ? sub : null);
    },

    /** Ends the connections of every client matching `which` (a revoked device). */
    disconnect(which: (id: BrokerIdentity) => boolean): number {
      if (!broker) return 0;
      let n = 0;
      // aedes keeps its connected clients by id; its types do not declare the map.
      for (const client of Object.values((broker as unknown as { clients: Record<string, Client> }).clients)) {
        const id = identities.get(client);
        if (id && which(id)) { client.close(); n++; }
      }
      return n;
    },
  };
}

export type BrokerAuth = ReturnType<typeof createBrokerAuth>;
