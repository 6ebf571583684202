/**
 * Counter line protocol: the serial link between the firmware bridge (host) and a counter's
 * keypad + LED sign (device). Pure codec only — no I/O, no timers. Spec: docs/counter-line-protocol.md.
 *
 *   STX seq TYPE ':' payload '*' CK CK ETX
 *
 * STX = 0x02, ETX = 0x03, seq = one ASCII digit '0'-'9', TYPE = one ASCII letter,
 * payload = 0-9 printable ASCII bytes (0x20-0x7E except '*'), CK = two uppercase hex digits:
 * XOR of every byte from seq up to (not including) '*'.
 *
 * Types: device → host `K` (key press, payload = button), `H` (heartbeat, empty payload);
 * host → device `D` (display, payload = blink flag '0'|'1' + up to 8 chars of text);
 * both ways `A` (ack; its seq is the seq of the frame acknowledged, payload empty).
 */

export const STX = 0x02;
export const ETX = 0x03;

/** Buttons a counter keypad can send. */
export const COUNTER_BUTTONS = ['next', 'recall', 'noshow', 'finish', 'pause'] as const;
export type CounterButton = (typeof COUNTER_BUTTONS)[number];

/** Longest display text (LED sign width in characters). */
export const MAX_DISPLAY_TEXT = 8;
/** Longest body (bytes between STX and ETX) the parser accepts before declaring `overlong`. */
export const MAX_BODY = 3 + 1 + MAX_DISPLAY_TEXT + 3; // seq TYPE ':' + blink + text + '*' CK CK = 15

export type CounterFrame =
  | { type: 'K'; seq: number; button: CounterButton }
  | { type: 'H'; seq: number }
  | { type: 'D'; seq: number; text: string; blink: boolean }
  | { type: 'A'; seq: number };

export type GarbledReason =
  /** Checksum does not match the body. */
  | 'checksum'
  /** No ETX within MAX_BODY bytes after STX. */
  | 'overlong'
  /** Bytes outside any frame (before STX). */
  | 'junk'
  /** A frame that passed its checksum but breaks the grammar (bad seq, unknown type, bad payload),
   *  or a frame cut short by a new STX. */
  | 'malformed';

export type ParserEvent =
  | { kind: 'frame'; frame: CounterFrame }
  | { kind: 'garbled'; reason: GarbledReason; bytes: Uint8Array };

export interface FrameParser {
  /** Feeds any chunk of received bytes (strings are taken as latin1); returns what completed. */
  push(chunk: Uint8Array | string): ParserEvent[];
  /** Drops any partial frame (e.g. after the port re-opened). */
  reset(): void;
}

const STAR = 0x2a;
const COLON = 0x3a;
const DIGIT0 = 0x30;

/** Next sequence digit after `seq` (0-9, wraps). */
export function nextSeq(seq: number): number {
  return (seq + 1) % 10;
}

/** XOR of the given bytes. */
export function checksum(bytes: Uint8Array): number {
  let x = 0;
  for (const b of bytes) x ^= b;
  return x;
}

function isPayloadByte(b: number): boolean {
  return b >= 0x20 && b <= 0x7e && b !== STAR;
}

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

function payloadOf(frame: CounterFrame): string {
  switch (frame.type) {
    case 'K':
      if (!(COUNTER_BUTTONS as readonly string[]).includes(frame.button)) throw new RangeError(`unknown button ${String(frame.button)}`);
      return frame.button;
    case 'D': {
      if (frame.text.length > MAX_DISPLAY_TEXT) throw new RangeError(`display text longer than ${MAX_DISPLAY_TEXT}: ${frame.text}`);
      for (let i = 0; i < frame.text.length; i++) {
        if (!isPayloadByte(frame.text.charCodeAt(i))) throw new RangeError(`display text must be printable ASCII without '*': ${JSON.stringify(frame.text)}`);
      }
      return (frame.blink ? '1' : '0') + frame.text;
    }
    case 'H':
    case 'A':
      return '';
  }
}

/** Encodes one frame to its exact bytes. Throws RangeError on a bad seq, button or text. */
export function encodeFrame(frame: CounterFrame): Uint8Array {
  if (!Number.isInteger(frame.seq) || frame.seq < 0 || frame.seq > 9) throw new RangeError(`seq must be 0-9, got ${frame.seq}`);
  const head = `${frame.seq}${frame.type}:${payloadOf(frame)}`;
  const body = new Uint8Array(head.length);
  for (let i = 0; i < head.length; i++) body[i] = head.charCodeAt(i);
  const tail = `*${hex2(checksum(body))}`;
  const out = new Uint8Array(1 + body.length + tail.length + 1);
  out[0] = STX;
  out.set(body, 1);
  for (let i = 0; i < tail.length; i++) out[1 + body.length + i] = tail.charCodeAt(i);
  out[out.length - 1] = ETX;
  return out;
}

function parseHex(a: number, b: number): number | undefined {
  const s = String.fromCharCode(a, b);
  return /^[0-9A-Fa-f]{2}$/.test(s) ? parseInt(s, 16) : undefined;
}

/** Decodes the bytes between STX and ETX. */
function decodeBody(body: Uint8Array): CounterFrame | GarbledReason {
  const n = body.length;
  if (n < 6 || body[n - 3] !== STAR) return 'malformed';
  const ck = parseHex(body[n - 2]!, body[n - 1]!);
  if (ck === undefined) return 'malformed';
  const covered = body.subarray(0, n - 3);
  if (checksum(covered) !== ck) return 'checksum';
  const seqByte = covered[0]!;
  if (seqByte < DIGIT0 || seqByte > DIGIT0 + 9 || covered[2] !== COLON) return 'malformed';
  const seq = seqByte - DIGIT0;
  const payloadBytes = covered.subarray(3);
  if (!payloadBytes.every(isPayloadByte)) return 'malformed';
  const payload = String.fromCharCode(...payloadBytes);
  switch (String.fromCharCode(covered[1]!)) {
    case 'K':
      return (COUNTER_BUTTONS as readonly string[]).includes(payload) ? { type: 'K', seq, button: payload as CounterButton } : 'malformed';
    case 'H':
      return payload === '' ? { type: 'H', seq } : 'malformed';
    case 'A':
      return payload === '' ? { type: 'A', seq } : 'malformed';
    case 'D': {
      const flag = payload[0];
      if ((flag !== '0' && flag !== '1') || payload.length - 1 > MAX_DISPLAY_TEXT) return 'malformed';
      return { type: 'D', seq, text: payload.slice(1), blink: flag === '1' };
    }
    default:
      return 'malformed';
  }
}

/**
 * Streaming parser: accepts arbitrary chunks (a frame may be split anywhere, several frames may
 * share a chunk). Resynchronises on every STX: a new STX inside a frame reports the partial frame
 * as `malformed` and starts over; after `overlong` everything up to the next ETX or STX is dropped.
 * Junk (bytes outside frames) is reported once per push (at the next STX or at the end of the chunk).
 */
export function createFrameParser(): FrameParser {
  let state: 'idle' | 'frame' | 'skip' = 'idle';
  let buf: number[] = [];
  let junk: number[] = [];

  const flushJunk = (out: ParserEvent[]): void => {
    if (junk.length) out.push({ kind: 'garbled', reason: 'junk', bytes: Uint8Array.from(junk) });
    junk = [];
  };

  return {
    push(chunk) {
      const bytes = typeof chunk === 'string' ? Uint8Array.from(chunk, (c) => c.charCodeAt(0) & 0xff) : chunk;
      const out: ParserEvent[] = [];
      for (const b of bytes) {
        if (b === STX) {
          flushJunk(out);
          if (state === 'frame') out.push({ kind: 'garbled', reason: 'malformed', bytes: Uint8Array.from([STX, ...buf]) });
          state = 'frame';
          buf = [];
          continue;
        }
        if (state === 'idle') {
          junk.push(b);
        } else if (state === 'skip') {
          if (b === ETX) state = 'idle';
        } else if (b === ETX) {
          const body = Uint8Array.from(buf);
          const r = decodeBody(body);
          out.push(typeof r === 'string'
            ? { kind: 'garbled', reason: r, bytes: Uint8Array.from([STX, ...buf, ETX]) }
            : { kind: 'frame', frame: r });
          state = 'idle';
          buf = [];
        } else if (buf.length >= MAX_BODY) {
          out.push({ kind: 'garbled', reason: 'overlong', bytes: Uint8Array.from([STX, ...buf, b]) });
          state = 'skip';
          buf = [];
        } else {
          buf.push(b);
        }
      }
      if (state === 'idle') flushJunk(out);
      return out;
    },
    reset() {
      state = 'idle';
      buf = [];
      junk = [];
    },
  };
}
