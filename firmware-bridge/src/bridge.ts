/**
 * The MQTT link of the bridge: takes print jobs for its printers, prints each at most
 * once, answers with a result, and keeps availability and printer status retained.
 * Every message is handled on its own; a bad one is logged and dropped, never fatal.
 */
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { JobJournal } from './job-journal.js';
import {
  checker,
  decodePayload,
  topics,
  PrintJob,
  type Availability,
  type KeypadEvent,
  type PrintTicket,
  CallEvent,
  type PrintResult,
  type PrinterStatus,
} from '@entre/protocol';
import {
  PortError,
  blockingReason,
  readStatusWithin,
  withTimeout,
  type DeviceStatus,
  type FailureReason,
  type PrinterPort,
} from './drivers/port.js';
import { layoutTicket, renderTicketText, renderTicketWithWarnings, RenderError, type PrinterProfile, type RenderWarning } from './render/ticket.js';
import { renderTicketPng } from './render/ticket-image.js';
import { loadRasterFonts, type RasterFonts } from './render/raster.js';
import { createStatusPoller, createStatusTracker } from './status/poller.js';

export interface BridgePrinter {
  id: string;
  driver: PrinterPort;
  profile: PrinterProfile;
}

export interface BridgeOptions {
  mqttUrl: string;
  site: string;
  /** This bridge's device id: its availability topic and MQTT client id. */
  device: string;
  printers: BridgePrinter[];
  logger: Logger;
  /** Merged over our defaults (e.g. credentials, reconnectPeriod, keepalive). */
  mqttOptions?: IClientOptions;
  /** How often printer status is polled; default 5000 ms. */
  statusIntervalMs?: number;
  /** Longest wait for a device's status reply; default 2000 ms. */
  statusTimeoutMs?: number;
  /** Longest wait for a device to take a job's bytes; default 15000 ms. */
  writeTimeoutMs?: number;
  /** How many recent job ids are remembered as printed; default 1000. */
  recentJobs?: number;
  /** Counters with a serial keypad and/or LED sign handled by this bridge. */
  counters?: BridgeCounter[];
  /** How long a sign blinks a new call before it shows it steadily; default 10 s. */
  blinkMs?: number;
  /** Durable memory of printed jobs across restarts (job-journal.ts); in memory only when absent. */
  journal?: JobJournal;
  /** The clock for the payloads' `at`; injectable so tests are deterministic. */
  now?: () => Date;
}

/** A counter's LED sign, as the bridge drives it (devices/counter-device.ts implements it). */
export interface CounterSign {
  show(text: string, blink: boolean): Promise<unknown>;
}

export interface BridgeCounter {
  point: string;
  sign?: CounterSign;
}

export interface Bridge {
  /** Opens the devices and resolves once connected, announced online and subscribed. */
  start(): Promise<void>;
  /** A button pressed on a counter's keypad: published for the server to act on. */
  keypad(point: string, button: KeypadEvent['button']): Promise<void>;
  /** Announces offline, closes the devices, then the MQTT connection. */
  stop(): Promise<void>;
}

export type BridgeErrorCode = 'ENTRE_BRIDGE_CONFIG' | 'ENTRE_BRIDGE_STOPPED';
export class BridgeError extends Error {
  override readonly name = 'BridgeError';
  constructor(readonly code: BridgeErrorCode, message: string) {
    super(message);
  }
}

/** Jobs are small JSON; anything larger is not one of ours and is not worth parsing. */
const MAX_JOB_BYTES = 64 * 1024;
const STOP_PUBLISH_TIMEOUT_MS = 2000;
/** A refused login is logged at most this often (mqtt.js keeps retrying meanwhile). */
export const REFUSAL_LOG_INTERVAL_MS = 60_000;

interface PrinterRuntime extends BridgePrinter {
  jobsTopic: string;
  resultsTopic: string;
  statusTopic: string;
  /** Jobs for one printer run one after another, as the device takes them. */
  queue: Promise<void>;
}

let previewFonts: RasterFonts | null | undefined;

/**
 * The virtual printer's picture of the paper. A preview must never fail a print: without
 * the Noto fonts, or on any rendering error, there is simply no PNG.
 */
function previewPng(ticket: PrintTicket, profile: PrinterProfile): Uint8Array | undefined {
  try {
    previewFonts ??= loadRasterFonts();
  } catch {
    previewFonts = null;
  }
  if (!previewFonts) return undefined;
  try {
    return renderTicketPng(layoutTicket(ticket, profile, { fonts: previewFonts }), profile, previewFonts);
  } catch {
    return undefined;
  }
}

export function createBridge(options: BridgeOptions): Bridge {
  const { site, device } = options;
  const log = options.logger.child({ module: 'bridge', device });
  const now = options.now ?? (() => new Date());
  const statusTimeoutMs = options.statusTimeoutMs ?? 2000;
  const writeTimeoutMs = options.writeTimeoutMs ?? 15_000;
  const checkJob = checker(PrintJob);
  const checkCall = checker(CallEvent);
  const recent = createRecentSet(options.recentJobs ?? 1000);
  const tracker = createStatusTracker();

  if (options.printers.length === 0) throw new BridgeError('ENTRE_BRIDGE_CONFIG', 'a bridge needs at least one printer');
  const availabilityTopic = topics.deviceAvailability(site, device);
  const printers = new Map<string, PrinterRuntime>();
  for (const p of options.printers) {
    if (printers.has(p.id)) throw new BridgeError('ENTRE_BRIDGE_CONFIG', `printer id ${JSON.stringify(p.id)} is listed twice`);
    printers.set(p.id, {
      ...p,
      jobsTopic: topics.printerJobs(site, p.id),
      resultsTopic: topics.printerResults(site, p.id),
      statusTopic: topics.printerStatus(site, p.id),
      queue: Promise.resolve(),
    });
  }
  const byJobsTopic = new Map([...printers.values()].map((p) => [p.jobsTopic, p]));

  let client: MqttClient | undefined;
  let stopping = false;
  let announceReady: (() => void) | undefined;
  let failStart: ((err: Error) => void) | undefined;

  const availability = (state: Availability['state']): Buffer =>
    Buffer.from(JSON.stringify({ v: 1, at: now().toISOString(), device, state } satisfies Availability));

  const publish = async (topic: string, payload: object | Buffer, retain: boolean) => {
    if (!client) return;
    const body = Buffer.isBuffer(payload) ? payload : Buffer.from(JSON.stringify(payload));
    await client.publishAsync(topic, body, { qos: 1, retain });
  };

  const publishStatusIfChanged = async (printer: PrinterRuntime, status: DeviceStatus) => {
    if (!tracker.changed(printer.id, status)) return;
    const payload: PrinterStatus = { v: 1, at: now().toISOString(), printer: printer.id, ...status };
    log.info({ printer: printer.id, online: status.online, paper: status.paper, coverOpen: status.coverOpen, errors: status.errors }, 'printer status');
    await publish(printer.statusTopic, payload, true);
  };

  const publishResult = async (
    printer: PrinterRuntime, jobId: string, result: PrintResult['result'],
    extra: Pick<PrintResult, 'reason' | 'detail' | 'warnings'> = {},
  ) => {
    const payload: PrintResult = { v: 1, at: now().toISOString(), jobId, printer: printer.id, result, ...extra };
    await publish(printer.resultsTopic, payload, false);
  };

  const poller = createStatusPoller({
    printers: [...printers.values()].map((p) => ({ id: p.id, driver: p.driver })),
    intervalMs: options.statusIntervalMs ?? 5000,
    readTimeoutMs: statusTimeoutMs,
    onStatus: async (id, status) => {
      const printer = printers.get(id);
      if (printer && client?.connected) await publishStatusIfChanged(printer, status);
    },
    onError: (err) => log.error({ err }, 'status poll failed'),
  });

  async function handleJob(printer: PrinterRuntime, topic: string, payload: Buffer): Promise<void> {
    if (payload.length > MAX_JOB_BYTES) {
      log.warn({ topic, bytes: payload.length }, 'ignored an oversized print job');
      return;
    }
    const decoded = decodePayload(checkJob, payload);
    if (!decoded.ok) {
      log.warn({ topic, issues: decoded.issues }, 'ignored an invalid print job');
      return;
    }
    const job = decoded.value;
    const jobLog = log.child({ printer: printer.id, jobId: job.jobId });
    if (job.printer !== printer.id) {
      // Printing it would put a ticket on the wrong machine; the sender has a bug.
      log.warn({ topic, jobId: job.jobId, jobPrinter: job.printer }, 'ignored a print job addressed to another printer');
      return;
    }

    // QoS 1 means "at least once", and the server retries: the job id makes a repeat harmless.
    if (recent.has(job.jobId) || options.journal?.printed(job.jobId) || (await printer.driver.hasPrinted?.(job.jobId))) {
      recent.add(job.jobId);
      jobLog.info('job already printed; result re-sent');
      await publishResult(printer, job.jobId, 'printed');
      return;
    }
    // Sent to paper by a bridge that stopped before the printer took it all, on a printer that
    // cannot tell what it printed: maybe whole, maybe half. Printing it again could give the
    // visitor two tickets, calling it printed could lose it: it failed, and says why.
    if (options.journal?.has(job.jobId) && !printer.driver.hasPrinted) {
      jobLog.warn('job was being printed when the bridge stopped; not printed again');
      await publishResult(printer, job.jobId, 'failed', { reason: 'write_failed', detail: 'interrupted: the bridge stopped during this job' });
      return;
    }

    let bytes: Buffer;
    let preview: string;
    let png: Uint8Array | undefined;
    let warnings: RenderWarning[];
    try {
      ({ bytes, warnings } = renderTicketWithWarnings(job.ticket, printer.profile));
      preview = renderTicketText(job.ticket, printer.profile);
      png = printer.driver.kind === 'virtual' ? previewPng(job.ticket, printer.profile) : undefined;
    } catch (err) {
      const code = err instanceof RenderError ? err.code : 'unexpected';
      jobLog.warn({ code, err: err instanceof RenderError ? undefined : err }, 'could not render the ticket');
      await publishResult(printer, job.jobId, 'failed', { reason: 'render_failed', detail: code });
      return;
    }

    // Never push a job into a printer that cannot print it now: it would come out later,
    // after the server has already reprinted it elsewhere.
    const before = await readStatusWithin(printer.driver, statusTimeoutMs);
    await publishStatusIfChanged(printer, before);
    const blocked = blockingReason(before);
    if (blocked) {
      jobLog.warn({ reason: blocked }, 'print job failed');
      await publishResult(printer, job.jobId, 'failed', { reason: blocked });
      return;
    }

    options.journal?.intend(job.jobId);
    try {
      await withTimeout(printer.driver.write(bytes, { jobId: job.jobId, preview, ...(png ? { png } : {}) }), writeTimeoutMs, `${printer.driver.kind} write`);
    } catch (err) {
      options.journal?.strike(job.jobId);
      const reason: FailureReason = err instanceof PortError ? err.reason : 'write_failed';
      jobLog.warn({ reason, code: err instanceof PortError ? err.code : undefined, err: err instanceof PortError ? undefined : err }, 'print job failed');
      await publishResult(printer, job.jobId, 'failed', { reason, ...(err instanceof PortError ? { detail: err.code } : {}) });
      await publishStatusIfChanged(printer, await readStatusWithin(printer.driver, statusTimeoutMs));
      return;
    }

    // A printer that stopped during the job (the paper ran out, the cover opened) took the
    // bytes without printing them all: the job failed, and prints again once it is ready.
    const after = await readStatusWithin(printer.driver, statusTimeoutMs);
    await publishStatusIfChanged(printer, after);
    const stopped = blockingReason(after);
    if (stopped === 'paper_out' || stopped === 'cover_open') {
      options.journal?.strike(job.jobId);
      jobLog.warn({ reason: stopped }, 'printer stopped during the job; print job failed');
      await publishResult(printer, job.jobId, 'failed', { reason: stopped, detail: 'stopped during the job' });
      return;
    }

    options.journal?.done(job.jobId);
    recent.add(job.jobId);
    if (warnings.length > 0) jobLog.warn({ warnings }, 'printed with parts left out');
    else jobLog.info({ bytes: bytes.length }, 'printed');
    await publishResult(printer, job.jobId, 'printed', warnings.length > 0 ? { warnings: describeWarnings(warnings) } : {});
  }

  const callsTopic = topics.calls(site);
  const counters = new Map((options.counters ?? []).map((c) => [c.point, c]));
  const blinkTimers = new Map<string, NodeJS.Timeout>();

  /** A call for one of our counters: the sign blinks the number, then shows it steadily. */
  function handleCall(payload: Buffer): void {
    const decoded = decodePayload(checkCall, payload);
    if (!decoded.ok) {
      log.warn({ topic: callsTopic, issues: decoded.issues }, 'ignored an invalid call event');
      return;
    }
    const counter = counters.get(decoded.value.servicePoint);
    if (!counter?.sign) return;
    const sign = counter.sign;
    const ticket = decoded.value.ticket;
    clearTimeout(blinkTimers.get(counter.point));
    sign.show(ticket, true).catch((err: unknown) => log.warn({ err, point: counter.point }, 'sign did not take the call'));
    const timer = setTimeout(() => {
      sign.show(ticket, false).catch((err: unknown) => log.warn({ err, point: counter.point }, 'sign did not take the steady number'));
    }, options.blinkMs ?? 10_000);
    timer.unref();
    blinkTimers.set(counter.point, timer);
  }

  const onMessage = (topic: string, payload: Buffer) => {
    if (topic === callsTopic) {
      try { handleCall(payload); } catch (err) { log.error({ err, topic }, 'call handler failed'); }
      return;
    }
    const printer = byJobsTopic.get(topic);
    if (!printer) {
      log.debug({ topic }, 'message on a topic we do not handle');
      return;
    }
    printer.queue = printer.queue
      .then(() => handleJob(printer, topic, payload))
      .catch((err: unknown) => log.error({ err, topic }, 'print job handler failed'));
  };

  async function onConnected(): Promise<void> {
    if (!client) return;
    log.info('connected to the broker');
    // Listening first: the server re-sends unanswered jobs when it hears a printer is ready,
    // and with a clean session a job published before we subscribed would be dropped.
    const subscriptions = Object.fromEntries([...printers.values()].map((p) => [p.jobsTopic, { qos: 1 as const }]));
    if ([...counters.values()].some((c) => c.sign)) subscriptions[callsTopic] = { qos: 1 };
    const grants = await client.subscribeAsync(subscriptions);
    for (const g of grants) {
      if (g.qos === 128) log.error({ topic: g.topic }, 'broker refused the subscription');
    }
    await publish(availabilityTopic, availability('online'), true);
    // A reconnect may follow a broker restart that lost retained state: publish it all again.
    tracker.reset();
    for (const printer of printers.values()) {
      await publishStatusIfChanged(printer, await readStatusWithin(printer.driver, statusTimeoutMs));
    }
    announceReady?.();
  }

  /**
   * The broker said no to our login (CONNACK 4/5: a revoked or unknown secret, or none):
   * not something a retry alone mends, so it is an error that says what to do, at most once
   * a minute while mqtt.js keeps trying (the back-off above spaces the attempts).
   */
  let lastRefusalLog = -Infinity;
  function refused(code: number): void {
    if (Date.now() - lastRefusalLog < REFUSAL_LOG_INTERVAL_MS) return;
    lastRefusalLog = Date.now();
    const username = options.mqttOptions?.username;
    if (username === undefined) {
      log.error({ code }, 'the broker refused this bridge: it has no credentials. Enrol it: ask an administrator for a code and start it with ENTRE_ENROL_CODE and ENTRE_SERVER_URL');
      return;
    }
    log.error({ code, username },
      'the broker refused this bridge\'s credentials: this bridge\'s enrolment was refused (revoked?) — ask an administrator for a new code '
      + '(ENTRE_ENROL_CODE). With Mosquitto, a newly enrolled bridge is let in only once an administrator has run `npm run mosquitto-config` and reloaded it. Still retrying.');
  }

  return {
    async keypad(point, button) {
      if (!counters.has(point)) throw new BridgeError('ENTRE_BRIDGE_CONFIG', `no counter "${point}" on this bridge`);
      const event: KeypadEvent = { v: 1, at: now().toISOString(), point, button };
      await publish(topics.counterKeypad(site, point), event, false);
      log.info({ point, button }, 'keypad');
    },

    async start() {
      if (client) throw new BridgeError('ENTRE_BRIDGE_CONFIG', 'bridge already started');
      stopping = false;
      for (const printer of printers.values()) await printer.driver.open();
      const ready = new Promise<void>((resolve, reject) => {
        announceReady = resolve;
        failStart = reject;
      });
      const c = connect(options.mqttUrl, {
        protocolVersion: 4,
        clientId: `entre-bridge-${device}`,
        // A clean session drops jobs sent while we were away on purpose: the server has
        // already retried or shown the ticket on screen, and a stale ticket must not print.
        clean: true,
        resubscribe: false,
        reconnectPeriod: 2000,
        connectTimeout: 10_000,
        // A refused login (CONNACK 4/5) is retried too: a reload of the broker's accounts or a
        // restored enrolment lets the bridge in without a restart. Logged below, not silently.
        reconnectOnConnackError: true,
        // The will's `at` is refreshed before every reconnect (below); it can only ever be
        // the time we connected, not the time we vanished.
        will: { topic: availabilityTopic, payload: availability('offline'), qos: 1, retain: true },
        ...options.mqttOptions,
      });
      client = c;
      // Back off while the broker stays away (a restarting Mosquitto, a dead link), so a
      // lobby full of devices does not hammer it the moment it returns; reset on success.
      const basePeriod = c.options.reconnectPeriod ?? 2000;
      c.on('connect', () => {
        c.options.reconnectPeriod = basePeriod;
        onConnected().catch((err: unknown) => log.error({ err }, 'could not announce the bridge after connecting'));
      });
      c.on('reconnect', () => {
        log.info({ nextInMs: c.options.reconnectPeriod }, 'reconnecting to the broker');
        if (c.options.will) c.options.will.payload = availability('offline');
        c.options.reconnectPeriod = nextReconnectPeriod(c.options.reconnectPeriod ?? basePeriod, basePeriod);
      });
      c.on('offline', () => log.warn('broker connection lost'));
      // Expected while the broker is away; mqtt.js keeps retrying, so no stack trace.
      c.on('error', (err) => {
        const code = (err as { code?: unknown }).code;
        if (code === 4 || code === 5 || code === 134 || code === 135) {
          refused(code);
          return;
        }
        log.warn({ error: err.message, code }, 'broker connection error');
      });
      c.on('message', onMessage);
      await ready;
      poller.start();
      log.info({ printers: [...printers.keys()] }, 'bridge started');
    },

    async stop() {
      if (stopping) return;
      stopping = true;
      failStart?.(new BridgeError('ENTRE_BRIDGE_STOPPED', 'bridge stopped before it connected'));
      await poller.stop();
      const c = client;
      if (c) {
        c.removeListener('message', onMessage);
        // Let jobs already taken finish, so a ticket is not cut off mid-print.
        await settleWithin(Promise.all([...printers.values()].map((p) => p.queue)), writeTimeoutMs);
        if (c.connected) {
          await settleWithin(publish(availabilityTopic, availability('offline'), true), STOP_PUBLISH_TIMEOUT_MS).catch((err: unknown) =>
            log.warn({ err }, 'could not announce offline'),
          );
        }
      }
      for (const printer of printers.values()) {
        await printer.driver.close().catch((err: unknown) => log.warn({ err, printer: printer.id }, 'could not close printer'));
      }
      if (c) await settleWithin(c.endAsync(!c.connected), STOP_PUBLISH_TIMEOUT_MS).catch(() => c.end(true));
      client = undefined;
      log.info('bridge stopped');
    },
  };
}

/** One entry per warning code, naming the fields left out: short enough for the schema's limits. */
function describeWarnings(warnings: RenderWarning[]): string[] {
  const byCode = new Map<string, string[]>();
  for (const w of warnings) byCode.set(w.code, [...(byCode.get(w.code) ?? []), w.field]);
  return [...byCode].slice(0, 16).map(([code, fields]) => `${code} ${fields.join(',')}`.slice(0, 120));
}

/** Doubling back-off with ±20 % jitter, capped at 30 s (and never below the base). */
export function nextReconnectPeriod(current: number, base: number, random: () => number = Math.random): number {
  const doubled = Math.min(30_000, Math.max(base, current * 2));
  return Math.round(doubled * (0.8 + 0.4 * random()));
}

/** Resolves when `promise` settles or after `ms`, whichever is first; rejects only if it rejected in time. */
async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise.then(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

/** Insertion-ordered set that forgets its oldest ids past `limit`. */
function createRecentSet(limit: number) {
  const ids = new Set<string>();
  return {
    has: (id: string) => ids.has(id),
    add(id: string) {
      ids.delete(id);
      ids.add(id);
      while (ids.size > limit) {
        const oldest = ids.values().next();
        if (oldest.done) break;
        ids.delete(oldest.value);
      }
    },
  };
}
