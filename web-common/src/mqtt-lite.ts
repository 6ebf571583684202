/**
 * A small MQTT 3.1.1 client over WebSocket for browser apps that only listen (the wall
 * display): CONNECT with a clean session, SUBSCRIBE/UNSUBSCRIBE, PUBLISH received, PINGREQ
 * keepalive, and reconnect with jittered backoff that subscribes again, so the broker
 * replays retained state on every (re)connect. It never publishes. About 2 kB gzipped where
 * the `mqtt` package's browser build is ~160 kB.
 *
 * It subscribes at QoS 0. A clean session keeps nothing across a drop, so QoS 1 would
 * redeliver nothing TCP does not already deliver, and would cost an acknowledgement for
 * every message to every browser, which the broker tracks, parses and matches: at 100
 * displays and 10 calls a second, 1 000 a second. In the load bench (issue 9, one run each)
 * the server's CPU went from 47 to 44 % and the ticket's p99 from 10.5 to 9.1 ms without
 * them. What a drop loses comes back as the retained board on the reconnect. A PUBLISH
 * at QoS 1 or 2 (a broker that ignores the granted QoS) is still answered.
 *
 * Packets follow the OASIS MQTT 3.1.1 standard, §2 (fixed header, remaining length) and §3
 * (CONNECT, CONNACK, PUBLISH, PUBACK, SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK, PINGREQ,
 * PINGRESP, DISCONNECT). Over WebSocket the bytes travel in binary frames with the `mqtt`
 * subprotocol (§6); a frame may hold part of a packet or several, so input is buffered.
 */

export interface MqttLiteHandlers {
  /** CONNACK accepted; subscriptions are being (re)sent. */
  onConnect?(): void;
  /** A connected link went down; a reconnect is scheduled unless closed. */
  onDisconnect?(reason: string): void;
  /** `retained` is true for state the broker replays on subscribe, false for live publishes. */
  onMessage(topic: string, payload: Uint8Array, retained: boolean): void;
}

/** The W3C WebSocket surface we use; the browser's, or `ws` in Node. */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  readonly protocol: string;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code?: number; reason?: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}
export type WebSocketFactory = (url: string, protocols: string[]) => WebSocketLike;

export interface MqttLiteOptions {
  url: string;
  /** Empty (the default) lets the broker assign one; allowed with a clean session. */
  clientId?: string;
  username?: string;
  password?: string;
  /** Seconds between PINGREQs; the link is dropped when the broker stays silent for 1.5× that. */
  keepaliveSeconds?: number;
  /** Backoff between attempts: doubles from min up to max, each wait drawn in [½, 1] of it. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** A socket that has not been answered with CONNACK by then is dropped and retried. */
  connectTimeoutMs?: number;
  /** Defaults to the global WebSocket (browsers; Node 22+). */
  createSocket?: WebSocketFactory;
  random?: () => number;
  /** Where warnings go; defaults to console.warn. */
  warn?: (message: string) => void;
}

export interface MqttLite {
  readonly connected: boolean;
  /** Adds filters (QoS 0, see above); sent now when connected and again after every reconnect. */
  subscribe(filters: string[]): void;
  /** Removes filters; their messages stop being delivered at once, even before UNSUBACK. */
  unsubscribe(filters: string[]): void;
  /** DISCONNECT and stop for good. */
  close(): void;
}

// Packet types (high nibble of the first byte).
const CONNECT = 1, CONNACK = 2, PUBLISH = 3, PUBACK = 4, PUBREC = 5, PUBREL = 6, SUBSCRIBE = 8, SUBACK = 9,
  UNSUBSCRIBE = 10, UNSUBACK = 11, PINGREQ = 12, PINGRESP = 13, DISCONNECT = 14;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Remaining length (§2.2.3): 7 bits a byte, low first, at most 4 bytes. */
export function encodeLength(n: number): number[] {
  if (n < 0 || n > 268_435_455) throw new RangeError(`MQTT remaining length out of range: ${n}`);
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

function str(s: string): number[] {
  const b = encoder.encode(s);
  if (b.length > 0xffff) throw new RangeError('MQTT string longer than 65535 bytes');
  return [b.length >> 8, b.length & 0xff, ...b];
}

function packet(first: number, body: number[]): Uint8Array {
  return Uint8Array.from([first, ...encodeLength(body.length), ...body]);
}

export function connectPacket(o: { clientId: string; keepalive: number; username?: string; password?: string }): Uint8Array {
  let flags = 0x02; // clean session
  const payload = str(o.clientId);
  if (o.username !== undefined) { flags |= 0x80; payload.push(...str(o.username)); }
  if (o.password !== undefined) { flags |= 0x40; payload.push(...str(o.password)); }
  return packet(CONNECT << 4, [...str('MQTT'), 4, flags, o.keepalive >> 8, o.keepalive & 0xff, ...payload]);
}

export function subscribePacket(id: number, filters: string[]): Uint8Array {
  return packet((SUBSCRIBE << 4) | 0x02, [id >> 8, id & 0xff, ...filters.flatMap((f) => [...str(f), 0])]);
}

export function unsubscribePacket(id: number, filters: string[]): Uint8Array {
  return packet((UNSUBSCRIBE << 4) | 0x02, [id >> 8, id & 0xff, ...filters.flatMap(str)]);
}

const ack = (type: number, id: number) => Uint8Array.from([type << 4 | (type === PUBREL ? 0x02 : 0), 2, id >> 8, id & 0xff]);
const PING = Uint8Array.from([PINGREQ << 4, 0]);
const BYE = Uint8Array.from([DISCONNECT << 4, 0]);

export interface RawPacket { type: number; flags: number; body: Uint8Array }

/**
 * Splits buffered bytes into whole packets. Answers the packets and the bytes left over
 * (part of the next packet); throws on a remaining length longer than four bytes.
 */
export function splitPackets(buf: Uint8Array): { packets: RawPacket[]; rest: Uint8Array } {
  const packets: RawPacket[] = [];
  let at = 0;
  for (;;) {
    if (buf.length - at < 2) break;
    let len = 0, mult = 1, i = at + 1, complete = false;
    for (let n = 0; n < 4 && i < buf.length; n++, i++) {
      const b = buf[i]!;
      len += (b & 0x7f) * mult;
      mult *= 128;
      if ((b & 0x80) === 0) { complete = true; i++; break; }
      if (n === 3) throw new Error('malformed remaining length');
    }
    if (!complete) break;
    if (buf.length - i < len) break;
    packets.push({ type: buf[at]! >> 4, flags: buf[at]! & 0x0f, body: buf.subarray(i, i + len) });
    at = i + len;
  }
  return { packets, rest: buf.subarray(at) };
}

export interface Publish { topic: string; payload: Uint8Array; qos: number; retain: boolean; id: number | null }

export function parsePublish(p: RawPacket): Publish {
  const qos = (p.flags >> 1) & 0x03;
  if (qos === 3) throw new Error('PUBLISH with QoS 3');
  const b = p.body;
  if (b.length < 2) throw new Error('PUBLISH too short');
  const tlen = (b[0]! << 8) | b[1]!;
  let at = 2 + tlen;
  if (at > b.length) throw new Error('PUBLISH topic runs past the packet');
  const topic = decoder.decode(b.subarray(2, at));
  let id: number | null = null;
  if (qos > 0) {
    if (at + 2 > b.length) throw new Error('PUBLISH without its packet id');
    id = (b[at]! << 8) | b[at + 1]!;
    at += 2;
  }
  return { topic, payload: b.slice(at), qos, retain: (p.flags & 0x01) === 1, id };
}

/** Does a topic match a subscription filter (with `+` and `#`)? */
export function matches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

const defaultSocket: WebSocketFactory = (url, protocols) => {
  const Ctor = (globalThis as { WebSocket?: new (url: string, protocols: string[]) => WebSocketLike }).WebSocket;
  if (!Ctor) throw new Error('no WebSocket in this environment: pass createSocket');
  return new Ctor(url, protocols);
};

export function connectMqttLite(options: MqttLiteOptions, handlers: MqttLiteHandlers): MqttLite {
  const keepalive = options.keepaliveSeconds ?? 30;
  const minMs = options.reconnectMinMs ?? 250;
  const maxMs = options.reconnectMaxMs ?? 2_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  const createSocket = options.createSocket ?? defaultSocket;
  const random = options.random ?? Math.random;
  const warn = options.warn ?? ((m: string) => console.warn(m));

  const filters = new Set<string>();
  let socket: WebSocketLike | null = null;
  let connected = false;
  let closed = false;
  let attempt = 0;
  let nextId = 0;
  let buffer = new Uint8Array(0);
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let connectTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  let lastHeard = 0;

  const packetId = () => (nextId = (nextId % 0xffff) + 1);

  function send(bytes: Uint8Array): void {
    try {
      socket?.send(bytes);
    } catch (err) {
      drop(`send failed: ${(err as Error).message}`);
    }
  }

  function clearTimers(): void {
    clearTimeout(connectTimer);
    clearInterval(pingTimer);
    connectTimer = pingTimer = undefined;
  }

  /** Ends the current socket (if any) and schedules the next attempt. */
  function drop(reason: string): void {
    const s = socket;
    socket = null;
    clearTimers();
    buffer = new Uint8Array(0);
    if (s) {
      s.onopen = s.onmessage = s.onclose = s.onerror = null;
      try { s.close(); } catch { /* already closing */ }
    }
    const was = connected;
    connected = false;
    if (was) handlers.onDisconnect?.(reason);
    if (closed) return;
    const ceiling = Math.min(maxMs, minMs * 2 ** attempt);
    attempt++;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(open, ceiling * (0.5 + random() * 0.5));
  }

  function onPacket(p: RawPacket): void {
    switch (p.type) {
      case CONNACK: {
        const code = p.body[1] ?? 255;
        if (code !== 0) return drop(`connection refused (CONNACK ${code})`);
        clearTimeout(connectTimer);
        connected = true;
        attempt = 0;
        pingTimer = setInterval(() => {
          if (Date.now() - lastHeard > keepalive * 1500) return drop('broker silent past the keepalive');
          send(PING);
        }, keepalive * 1000);
        handlers.onConnect?.();
        if (filters.size) send(subscribePacket(packetId(), [...filters]));
        return;
      }
      case PUBLISH: {
        const msg = parsePublish(p);
        if (msg.qos === 1 && msg.id !== null) send(ack(PUBACK, msg.id));
        // We ask for QoS 0; a QoS 2 publish is answered so the broker does not resend it forever.
        if (msg.qos === 2 && msg.id !== null) send(ack(PUBREC, msg.id));
        if (![...filters].some((f) => matches(f, msg.topic))) return; // unsubscribed meanwhile
        try {
          handlers.onMessage(msg.topic, msg.payload, msg.retain);
        } catch (err) {
          // One bad message never stops the link.
          warn(`mqtt-lite: handler failed on ${msg.topic}: ${(err as Error).message}`);
        }
        return;
      }
      case 7 /* PUBCOMP */ : return;
      case PUBREL: return send(ack(7, (p.body[0]! << 8) | p.body[1]!));
      case SUBACK: {
        const refused = [...p.body.subarray(2)].filter((c) => c === 0x80).length;
        if (refused) warn(`mqtt-lite: the broker refused ${refused} subscription(s)`);
        return;
      }
      case UNSUBACK: case PINGRESP: return;
      default: throw new Error(`unexpected packet type ${p.type}`);
    }
  }

  function onData(data: unknown): void {
    const chunk = data instanceof ArrayBuffer ? new Uint8Array(data)
      : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
    if (!chunk) return drop('text frame on an MQTT socket');
    lastHeard = Date.now();
    let joined = chunk;
    if (buffer.length) {
      joined = new Uint8Array(buffer.length + chunk.length);
      joined.set(buffer);
      joined.set(chunk, buffer.length);
    }
    try {
      const { packets, rest } = splitPackets(joined);
      buffer = rest.slice();
      for (const p of packets) {
        if (!socket) return; // dropped by an earlier packet of this frame
        onPacket(p);
      }
    } catch (err) {
      drop(`malformed packet: ${(err as Error).message}`);
    }
  }

  function open(): void {
    if (closed) return;
    let s: WebSocketLike;
    try {
      s = createSocket(options.url, ['mqtt']);
    } catch (err) {
      socket = null;
      return drop(`cannot open socket: ${(err as Error).message}`);
    }
    socket = s;
    s.binaryType = 'arraybuffer';
    connectTimer = setTimeout(() => drop('no CONNACK in time'), connectTimeoutMs);
    s.onopen = () => {
      lastHeard = Date.now();
      send(connectPacket({
        clientId: options.clientId ?? '', keepalive,
        ...(options.username !== undefined ? { username: options.username } : {}),
        ...(options.password !== undefined ? { password: options.password } : {}),
      }));
    };
    s.onmessage = (ev) => onData(ev.data);
    s.onclose = (ev) => drop(`socket closed${ev.code ? ` (${ev.code})` : ''}`);
    s.onerror = () => drop('socket error');
  }

  open();

  return {
    get connected() { return connected; },
    subscribe(list) {
      const fresh = list.filter((f) => !filters.has(f));
      for (const f of fresh) filters.add(f);
      if (connected && fresh.length) send(subscribePacket(packetId(), fresh));
    },
    unsubscribe(list) {
      const gone = list.filter((f) => filters.delete(f));
      if (connected && gone.length) send(unsubscribePacket(packetId(), gone));
    },
    close() {
      if (closed) return;
      closed = true;
      clearTimeout(retryTimer);
      if (connected) send(BYE);
      const s = socket;
      socket = null;
      clearTimers();
      connected = false;
      if (s) {
        s.onopen = s.onmessage = s.onclose = s.onerror = null;
        try { s.close(); } catch { /* already closing */ }
      }
    },
  };
}
