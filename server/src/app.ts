import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import mqtt, { type MqttClient } from 'mqtt';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import pino, { type Logger } from 'pino';
import type { ServerConfig } from './config.js';
import { assertTimeZone } from './core/service-day.js';
import { openDatabase, type Db } from './store/db.js';
import { createLobbyStore, type LobbyStore } from './store/lobby-store.js';
import { DEMO_SITE, seedDemo } from './store/seed.js';
import { DEMO_HISTORY_SCALE, DEMO_HISTORY_SEED, seedDemoHistory } from './store/demo-history.js';
import { startEmbeddedBroker, type EmbeddedBroker } from './mqtt/broker.js';
import { attachMqttWebSocket } from './mqtt/websocket.js';
import { createOutboxPublisher } from './mqtt/outbox-publisher.js';
import { createDeviceConsumers } from './mqtt/consumers.js';
import { createDerivedPublisher } from './mqtt/derived-publisher.js';
import { createTicketStreams } from './http/ticket-streams.js';
import { readCookie, SESSION_COOKIE } from './auth/plugin.js';
import { createAppointmentStore } from './store/appointment-store.js';
import { createKioskPinStore } from './store/kiosk-pin-store.js';
import { createDisplayStore } from './store/display-store.js';
import { registerDisplayRoutes } from './http/display-routes.js';
import { registerZoneRoutes } from './http/zone-routes.js';
import { registerKioskAdminRoutes } from './http/kiosk-admin-routes.js';
import { createPasswordHasher } from './auth/passwords.js';
import { registerAppointmentRoutes } from './http/appointment-routes.js';
import { useProblemErrors, useProtocolValidation } from './http/problem.js';
import { lazySerializers } from './http/lazy-serializers.js';
import { registerApiRoutes } from './http/api-routes.js';
import { registerAppRoutes } from './http/app-routes.js';
import { registerContactRoutes, type RouteGuard } from './http/contact-routes.js';
import { createContactStore, type ContactStore } from './store/contact-store.js';
import { createAnnouncer } from './store/announcer.js';
import { createAgentStore, type AgentStore } from './store/agent-store.js';
import { registerAgentRoutes } from './http/agent-routes.js';
import { createCounterQueue } from './store/counter-queue.js';
import { registerCounterRoutes } from './http/counter-routes.js';
import { createCaseStore } from './store/case-store.js';
import { registerCaseRoutes } from './http/case-routes.js';
import { createReceptionStore } from './store/reception-store.js';
import { startDayClose } from './store/day-close.js';
import { registerReceptionRoutes } from './http/reception-routes.js';
import { registerReceptionTicketRoutes } from './http/reception-ticket-routes.js';
import { hasRole, KIOSK_HEARTBEAT_SECONDS, topics } from '@entre/protocol';
import { createStaffStore, type StaffStore } from './auth/staff-store.js';
import { useStaffAuth, requireRole } from './auth/plugin.js';
import { seedDemoStaff } from './auth/demo-staff.js';
import { registerAuthRoutes } from './http/auth-routes.js';
import { linkDemoAgents } from './store/seed.js';
import { registerApiDocs } from './http/api-docs.js';
import { useSecurityHeaders } from './http/security-headers.js';
import { useCsrfProtection } from './http/csrf.js';
import { createTicketLimit, usePublicRateLimit, type TripReport } from './http/rate-limits.js';
import { createAdminStore } from './store/admin-store.js';
import { registerAdminRoutes } from './http/admin-routes.js';
import { createPrinterStore } from './store/printer-store.js';
import { registerPrinterRoutes } from './http/printer-routes.js';
import { createSmsStore } from './store/sms-store.js';
import { createHttpSmsSender, createLogSender, type SmsSender } from './notify/sender.js';
import { createNotifier, type Notifier } from './notify/notifier.js';
import { registerSmsRoutes } from './http/sms-routes.js';
import { createDeviceStore } from './store/device-store.js';
import { createPresence } from './mqtt/presence.js';
import { createDeviceCredentialStore } from './store/device-credential-store.js';
import { useDeviceAuth, deviceToken } from './http/device-auth.js';
import { registerEnrolmentRoutes } from './http/enrolment-routes.js';
import { createBrokerAuth } from './mqtt/broker-auth.js';
import { gatewayLogin } from './mqtt/mosquitto-config.js';
import type { SocketIdentity } from './mqtt/websocket.js';
import { registerDeviceRoutes } from './http/device-routes.js';
import { createDashboardStore } from './store/dashboard-store.js';
import { registerDashboardRoutes } from './http/dashboard-routes.js';
import { registerStaffingPlanRoutes } from './http/staffing-plan-routes.js';
import { createStaffingStore } from './store/staffing-store.js';
import { createForecastStore } from './store/forecast-store.js';
import { registerStatisticsRoutes } from './http/statistics-routes.js';
import { createStatisticsStore } from './store/statistics-store.js';
import { registerStaffingRoutes } from './http/staffing-routes.js';
import { registerForecastRoutes } from './http/forecast-routes.js';
import { createRetentionStore, startRetention } from './store/retention-store.js';
import { registerRetentionRoutes } from './http/retention-routes.js';

/** How long a print job may wait for its bridge's answer before it counts as failed. */
export const PRINT_JOB_TIMEOUT_SECONDS = 30;

export interface AppDeps {
  clock?: () => Date;
  newId?: () => string;
  logger?: Logger;
  /** Told the ids of staff sessions that ended (sign-out, expiry, an admin, …), after the commit. */
  onSessionsEnded?: (sessionIds: string[]) => void;
}

export interface RunningUrls { http: string; mqtt: string; kiosk: string; display: string; console: string }

export interface EntreApp {
  readonly http: FastifyInstance;
  readonly store: LobbyStore;
  readonly contacts: ContactStore;
  readonly agents: AgentStore;
  readonly staff: StaffStore;
  readonly db: Db;
  /** Texts visitors who left a number; undefined when the server has no SMS sender. */
  readonly notifier: Notifier | undefined;
  /** Listens on HTTP and MQTT; resolves with the URLs once publishing works. */
  start(): Promise<RunningUrls>;
  /** Closes HTTP, then MQTT, then the database. Safe to call twice. */
  stop(): Promise<void>;
  /**
   * Compiles every route's response serialiser not yet compiled (they compile at their first
   * answer: http/lazy-serializers.ts); returns how many. A test runs it over the whole app.
   */
  compileSerializers(): number;
  /** Resolves once every state change so far has reached the broker. */
  flushed(timeoutMs?: number): Promise<void>;
}

/** Builds the whole server from a validated config; only main.ts reads the environment. */
export async function buildApp(config: ServerConfig, deps: AppDeps = {}): Promise<EntreApp> {
  assertTimeZone(config.timeZone);
  const logger = deps.logger ?? pino({ level: config.logLevel });
  const db = openDatabase(config.dbPath);
  let publicUrl = config.publicUrl;
  let publisher: ReturnType<typeof createOutboxPublisher> | undefined;
  let derived: ReturnType<typeof createDerivedPublisher> | undefined;
  let notifier: Notifier | undefined;
  // SMS to visitors: the configured gateway, else the log in the demo, else none.
  const smsSender: SmsSender | undefined = config.smsUrl
    ? createHttpSmsSender({ url: config.smsUrl, key: config.smsKey ?? '', from: config.smsFrom })
    : config.demo ? createLogSender(logger.child({ module: 'sms' })) : undefined;
  // Boards, queue summaries and the visitors' live tickets all follow the same changes.
  const streams = createTicketStreams({ compute: (id) => { try { return store.getTicket(id); } catch { return null; } } });
  const onDerivedChange = (site: string) => { derived?.mark(site); streams.mark(); notifier?.mark(); };
  const storeDeps = { clock: deps.clock ?? (() => new Date()), newId: deps.newId ?? randomUUID, onOutbox: () => publisher?.drain() };
  // Whoever holds a live link opened with an ended session hears of it here.
  const onSessionsEnded = (sessionIds: string[]) => {
    // A browser's MQTT socket was let in for its session: it ends with it.
    const closed = ws?.disconnect((who) => who.staffSessionId !== undefined && sessionIds.includes(who.staffSessionId)) ?? 0;
    if (closed > 0) logger.info({ closed }, 'closed the MQTT sockets of ended sessions');
    try { deps.onSessionsEnded?.(sessionIds); } catch (err) { logger.warn({ err }, 'a listener for ended sessions failed'); }
  };
  const staff = createStaffStore(db, { clock: storeDeps.clock, newId: storeDeps.newId, onSessionsEnded });
  const store = createLobbyStore(db, { ...storeDeps, onDerivedChange, publicUrl: () => publicUrl, ...(smsSender ? { smsAhead: config.smsAhead } : {}) }, { staff });
  const sms = createSmsStore(db, { clock: storeDeps.clock });
  if (smsSender) {
    notifier = createNotifier({ sms, sender: smsSender, ticket: (id) => store.getTicket(id), ahead: config.smsAhead, logger: logger.child({ module: 'sms' }) });
  }
  // One announcer for the stores below (the lobby store builds its own from the same deps).
  const announce = createAnnouncer(db, { onDerivedChange });
  const contacts = createContactStore(db, storeDeps, announce);
  const agents = createAgentStore(db, storeDeps, contacts);
  const printers = createPrinterStore(db, { ...storeDeps, publicUrl: () => publicUrl }, announce);
  const admin = createAdminStore(db, storeDeps, { announce, staff });
  const displays = createDisplayStore(db, storeDeps, { announce, admin, staff });
  // A message leaves its zone's board at its expiry: one timer, always set to the next one.
  let expiryTimer: NodeJS.Timeout | undefined;
  const scheduleExpiry = () => {
    clearTimeout(expiryTimer);
    const next = displays.nextExpiry();
    if (!next) return;
    expiryTimer = setTimeout(() => { onDerivedChange(next.site); scheduleExpiry(); }, Math.max(0, next.at.getTime() - storeDeps.clock().getTime()) + 20);
    expiryTimer.unref();
  };
  scheduleExpiry();
  const kioskPins = createKioskPinStore(db, { clock: storeDeps.clock, hasher: createPasswordHasher() });
  const appointments = createAppointmentStore(db, {
    ...storeDeps, newCode: () => String(randomInt(0, 1_000_000)).padStart(6, '0'),
  }, store);
  const cases = createCaseStore(db, { ...storeDeps, randomBytes: (n: number) => randomBytes(n), publicUrl: () => publicUrl });
  if (config.demo && seedDemo(db, config.publicUrl ?? `http://${config.host}:${config.port}`, config.timeZone)) {
    logger.info('seeded the demo site');
    // Past weeks of finished contacts, so statistics and the forecast have history (fresh database only).
    if (config.demoHistoryWeeks > 0) {
      const started = performance.now();
      const history = seedDemoHistory(db, {
        siteId: DEMO_SITE, timeZone: config.timeZone, until: storeDeps.clock(), weeks: config.demoHistoryWeeks,
        scale: DEMO_HISTORY_SCALE, seed: DEMO_HISTORY_SEED,
      });
      logger.info({ ...history, ms: Math.round(performance.now() - started) }, 'seeded demo history');
    }
  }
  if (config.demo && (await seedDemoStaff(staff, linkDemoAgents(db))) > 0) {
    logger.warn('seeded demo staff accounts (password entre-demo-2026): demo only, never on a real site');
  }
  // Visits left open from an earlier service day end now (down over midnight) and at each local midnight.
  const dayClose = startDayClose(db, storeDeps, contacts, logger.child({ module: 'day-close' }));
  // Personal data past its retention goes now and every hour (DESIGN §7).
  const retention = createRetentionStore(db, { clock: storeDeps.clock, staff, logger: logger.child({ module: 'retention' }) });
  const retentionSchedule = startRetention(retention, { logger: logger.child({ module: 'retention' }) });


  const serializers = lazySerializers();
  const http = Fastify({
    loggerInstance: logger.child({ module: 'http' }) as FastifyBaseLogger, bodyLimit: 64 * 1024, forceCloseConnections: true,
    // Behind a reverse proxy: the visitor's address (rate limits, login throttling, audit) and
    // scheme (Secure cookies) come from the proxy's X-Forwarded-* headers, only when it sent them.
    ...(config.trustProxy ? { trustProxy: config.trustProxy } : {}),
    schemaController: { compilersFactory: { buildSerializer: serializers.factory } },
  });
  useProtocolValidation(http);
  useProblemErrors(http);
  useSecurityHeaders(http, { exempt: (path) => path === '/docs' || path.startsWith('/docs/') });
  useCsrfProtection(http, { publicUrl: () => publicUrl });
  const limitLog = logger.child({ module: 'rate-limit' });
  const onTrip = (trip: TripReport) => {
    limitLog.warn(trip, 'rate limit tripped; refusing this key for the rest of its minute');
    if (trip.limit === 'kiosk_tickets') {
      staff.audit({ staffId: null, ip: trip.ip, action: 'ticket.rate_limited', target: trip.key, details: { retryAfterSeconds: trip.retryAfterSeconds } });
    }
  };
  const nowMs = () => storeDeps.clock().getTime();
  usePublicRateLimit(http, { perMinute: config.publicRequestsPerMinute, now: nowMs, onTrip });
  await registerApiDocs(http);
  useStaffAuth(http, { staff });
  // Kiosks, displays and bridges: who they are, from the secret enrolment gave them.
  const credentials = createDeviceCredentialStore(db, { clock: storeDeps.clock, staff });
  useDeviceAuth(http, { mode: config.deviceAuth, identify: (token) => credentials.identify(token) });
  // The embedded broker's accounts: ours (a secret made at each start), devices', the gate's browsers.
  const serverLogin = { username: 'entre-server', password: randomBytes(24).toString('base64url') };
  const brokerAuth = createBrokerAuth({
    mode: config.deviceAuth, server: serverLogin, logger,
    identifyDevice: (username, password) => credentials.identifyMqtt(username, password),
  });
  registerAuthRoutes(http, { staff, clock: storeDeps.clock });
  registerAdminRoutes(http, { admin });
  registerPrinterRoutes(http, { printers, facility: requireRole('facility'), site: () => store.sites()[0] ?? 'demo' });
  const devices = createDeviceStore(db, { clock: storeDeps.clock, newId: storeDeps.newId, staff });
  registerEnrolmentRoutes(http, {
    credentials, admin: requireRole('admin'), site: () => store.sites()[0] ?? 'demo', clock: storeDeps.clock,
    // Cut off at once: its broker connections and its browser sockets close now.
    onRevoked: (id) => {
      const closed = brokerAuth.disconnect((who) => who.kind === 'device' && who.scope.id === id)
        + (ws?.disconnect((who) => who.device?.id === id) ?? 0);
      logger.info({ device: id, closed }, 'device revoked; its connections closed');
    },
  });
  let client: MqttClient | undefined;
  // Browsers cannot publish their own availability; the server reports it for them, to the
  // record at once and on the broker (retained) for whoever watches.
  const presence = createPresence({
    clock: storeDeps.clock,
    ttlMs: KIOSK_HEARTBEAT_SECONDS * 2500,
    report: (site, a) => {
      // Called from timers too: a locked or full database must not end the process.
      try { devices.applyAvailability(site, a); } catch (err) { logger.warn({ err: (err as Error).message, device: a.device }, 'availability not recorded'); }
      client?.publish(topics.deviceAvailability(site, a.device), JSON.stringify(a), { qos: 1, retain: true });
    },
  });
  registerDeviceRoutes(http, { devices, presence, facility: requireRole('facility'), readers: requireRole('facility', 'reception'), site: () => store.sites()[0] ?? 'demo' });
  const dashboard = createDashboardStore(db, { clock: storeDeps.clock });
  const forecasts = createForecastStore(db, { clock: storeDeps.clock, staff });
  registerDashboardRoutes(http, { dashboard, manager: requireRole('manager'), site: () => store.sites()[0] ?? 'demo' });
  registerStaffingPlanRoutes(http, {
    staffing: createStaffingStore(db, { clock: storeDeps.clock, forecasts, staff }),
    manager: requireRole('manager'), site: () => store.sites()[0] ?? 'demo',
    liveServiceLevel: (site) => {
      const queues = new Map(dashboard.dashboard(site).queues.map((q) => [q.service, q.serviceLevel]));
      return (service) => queues.get(service);
    },
  });
  const statistics = createStatisticsStore(db, { staff });
  registerStatisticsRoutes(http, { statistics, manager: requireRole('manager'), site: () => store.sites()[0] ?? 'demo' });
  registerStaffingRoutes(http);
  registerForecastRoutes(http, { forecasts, manager: requireRole('manager'), site: () => store.sites()[0] ?? 'demo' });
  registerRetentionRoutes(http, { retention, sites: () => store.sites() });
  const counterWork = requireRole('counter', 'reception');
  registerApiRoutes(http, store, agents, contacts, counterWork, streams, createTicketLimit({
    perMinute: config.kioskTicketsPerMinute, now: nowMs, onTrip,
    // The kiosk a ticket is counted against: the one the body names, until devices prove who they are.
    // The enrolled kiosk when there is one (device-auth.ts has checked the body names it), else the body's.
    kioskOf: (req) => (req.device?.kind === 'kiosk' ? req.device.id : (req.body as { kiosk: string }).kiosk),
  }));
  registerSmsRoutes(http, { sms, available: smsSender !== undefined, changed: () => { notifier?.mark(); streams.mark(); } });
  // Open mobile-page streams would otherwise hold the HTTP server open on shutdown.
  http.addHook('preClose', async () => { streams.close(); });
  const guard: RouteGuard = {
    staff: counterWork,
    actor: (req) => ({ actor: req.staff ? `staff:${req.staff.username}` : `anonymous:${req.ip}` }),
    mayActAs: (req, agentStaffId) => !!req.staff && (agentStaffId === req.staff.id || hasRole(req.staff.roles, ['reception'])),
    scope: (req) => {
      if (req.staff && hasRole(req.staff.roles, ['reception'])) return { forAnyone: true };
      const own = req.staff ? agents.agentOfStaff(req.staff.id) : null;
      return { forAnyone: false, agent: own?.id ?? null, seat: own?.servicePoint ?? null };
    },
    seatedAt: (point) => agents.seatedAt(point),
  };
  registerContactRoutes(http, { contacts, lobby: store, guard });
  registerAgentRoutes(http, { agents, contacts, guard, site: () => store.sites()[0] ?? 'demo' });
  registerCounterRoutes(http, {
    queue: createCounterQueue(db, storeDeps, contacts), staff: counterWork,
    mayReadAgent: (req, agent) => guard.mayActAs(req, agents.staffIdOf(agent)),
  });
  registerDisplayRoutes(http, { displays, reception: requireRole('reception'), readers: requireRole('reception', 'facility'), onChange: scheduleExpiry });
  registerZoneRoutes(http, { zones: (site) => admin.config(site).zones, readers: requireRole('reception', 'facility'), site: () => store.sites()[0] ?? 'demo' });
  registerKioskAdminRoutes(http, { pins: kioskPins, printers, admin: requireRole('admin') });
  registerAppointmentRoutes(http, { appointments, reception: requireRole('reception'), staff: counterWork });
  registerCaseRoutes(http, { cases, guard: { staff: guard.staff, actor: (req) => guard.actor(req).actor } });
  registerReceptionRoutes(http, {
    reception: createReceptionStore(db, storeDeps), contacts, guard: requireRole('reception'), sites: () => store.sites(), actor: guard.actor,
  });
  registerReceptionTicketRoutes(http, { lobby: store, printers, reception: requireRole('reception'), sites: () => store.sites() });
  await registerAppRoutes(http, store, config.appsDir);

  let broker: EmbeddedBroker | undefined;
  let ws: ReturnType<typeof attachMqttWebSocket> | undefined;
  let consumers: ReturnType<typeof createDeviceConsumers> | undefined;
  let stopping: Promise<void> | undefined;
  let jobWatch: NodeJS.Timeout | undefined;
  let sessionSweep: NodeJS.Timeout | undefined;

  async function start(): Promise<RunningUrls> {
    let mqttUrl = config.mqttUrl;
    if (!mqttUrl) {
      broker = await startEmbeddedBroker({ host: config.host, port: config.mqttPort, logger, auth: brokerAuth });
      mqttUrl = `mqtt://${config.host}:${broker.port}`;
    }
    await http.listen({ host: config.host, port: config.port });
    const address = http.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const base = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
    publicUrl ??= base;

    const target = broker
      ? { aedes: broker.aedes, admit: (stream: object, audience: SocketIdentity['audience']) => brokerAuth.admitBrowser(stream, audience) }
      : {
        host: new URL(mqttUrl).hostname, port: Number(new URL(mqttUrl).port || 1883),
        ...(config.mqttUsername && config.mqttPassword ? { login: gatewayLogin({ username: config.mqttUsername, password: config.mqttPassword }) } : {}),
      };
    ws = attachMqttWebSocket({
      server: http.server, logger, target,
      // The browser's own session decides what it may read (staff by role; displays the public board).
      // A staff member reads by role; an enrolled device its own topics; on an open (demo)
      // site anyone else the public board. On an enrolled site nobody else gets in.
      identify: (req) => {
        const token = readCookie(req.headers.cookie, SESSION_COOKIE);
        const session = token ? staff.getSessionByToken(token) : null;
        const secret = deviceToken(req.headers);
        const device = secret ? credentials.identify(secret) : null;
        const who: SocketIdentity = {
          audience: session ? { roles: session.staff.roles } : device ? { device } : null,
          ...(session ? { staffSessionId: session.sessionId } : {}),
          ...(device ? { device } : {}),
          stillValid: () => (!token || staff.getSessionByToken(token) !== null) && (!secret || credentials.identify(secret) !== null),
        };
        return who.audience || config.deviceAuth === 'open' ? who : null;
      },
      // A display is online while its socket is open: the enrolled one it is, or on an open
      // site the one its address names (its bootstrap gave it).
      onOpen: (req, who) => {
        if (who.device?.kind === 'display') return presence.hold(who.device.site, who.device.id);
        if (config.deviceAuth !== 'open') return undefined;
        const display = new URL(req.url ?? '/', 'http://x').searchParams.get('display');
        const site = display ? devices.siteOf('display', display) : null;
        return site && display ? presence.hold(site, display) : undefined;
      },
    });

    client = mqtt.connect(mqttUrl, {
      protocolVersion: 4,
      clientId: `entre-server-${store.sites().join('-') || 'none'}`,
      // A persistent session lets the broker keep device results for us across a restart.
      clean: false,
      reconnectPeriod: 1000,
      connectTimeout: 5000,
      ...(broker ? serverLogin : config.mqttUsername ? { username: config.mqttUsername, password: config.mqttPassword } : {}),
    });
    const log = logger.child({ module: 'mqtt' });
    client.on('error', (err) => log.warn({ err: err.message }, 'mqtt error'));
    client.on('offline', () => log.warn('broker unreachable; state changes wait in the outbox'));
    publisher = createOutboxPublisher({ store, client, logger });
    derived = createDerivedPublisher({ client, logger, compute: (site) => store.derived(site) });
    consumers = createDeviceConsumers({ store, agents, devices, client, sites: store.sites(), logger });
    client.on('connect', () => {
      log.info({ url: mqttUrl }, 'connected to broker');
      store.republishRetained();
      derived?.resend(store.sites());
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`could not reach the MQTT broker at ${mqttUrl}`)), 10_000);
      client!.once('connect', () => { clearTimeout(timer); resolve(); });
    });
    await consumers.start();
    for (const site of store.sites()) for (const device of devices.onlineBrowserDevices(site)) presence.expectBack(site, device);
    // The year's day summaries, counted in the background so the manager's first question is quick.
    for (const site of store.sites()) {
      const started = performance.now();
      statistics.warm(site, storeDeps.clock())
        .then((days) => logger.info({ site, days, ms: Math.round(performance.now() - started) }, 'statistics summaries ready'))
        .catch((err: unknown) => logger.warn({ site, err: (err as Error).message }, 'statistics summaries not counted; the first question will count them'));
    }
    publisher.start();
    notifier?.start();
    // A print job nobody answered is not left "printing…" for ever.
    jobWatch = setInterval(() => {
      // A throw here would be uncaught and end the process: a locked (SQLITE_BUSY) or full
      // (SQLITE_FULL) database only postpones the sweep to the next tick.
      try {
        const expired = store.expireQueuedJobs(PRINT_JOB_TIMEOUT_SECONDS);
        if (expired) logger.warn({ expired }, 'print jobs unanswered by any bridge; marked failed (timeout)');
      } catch (err) {
        logger.warn({ err: (err as Error).message }, 'print job timeout sweep failed; tried again in 5 s');
      }
    }, 5000);
    jobWatch.unref();
    // Sessions end at their expiry, not only at their next use: so onSessionsEnded hears of it.
    sessionSweep = setInterval(() => {
      try { staff.sweepExpiredSessions(); } catch (err) { logger.warn({ err: (err as Error).message }, 'expired-session sweep failed; tried again in a minute'); }
    }, 60_000);
    sessionSweep.unref();
    return { http: base, mqtt: mqttUrl, kiosk: `${base}/kiosk/`, display: `${base}/display/`, console: `${base}/console/` };
  }

  async function stop(): Promise<void> {
    stopping ??= (async () => {
      // WebSocket clients first: an upgraded socket still counts as an open connection of
      // the HTTP server, whose close() would otherwise wait for every display to leave.
      if (jobWatch) clearInterval(jobWatch);
      if (sessionSweep) clearInterval(sessionSweep);
      clearTimeout(expiryTimer);
      dayClose.stop();
      retentionSchedule.stop();
      await ws?.close();
      presence.close();
      await http.close().catch((err) => logger.warn({ err }, 'http close failed'));
      await notifier?.stop();
      await consumers?.stop();
      await derived?.stop();
      await publisher?.stop();
      await client?.endAsync().catch(() => undefined);
      await broker?.stop();
      db.close();
    })();
    return stopping;
  }

  return {
    http, store, contacts, agents, staff, db, notifier, start, stop,
    compileSerializers: () => serializers.compileAll(),
    flushed: async (timeoutMs?: number) => {
      await publisher?.flushed(timeoutMs);
      await derived?.settled(timeoutMs);
    },
  };
}
