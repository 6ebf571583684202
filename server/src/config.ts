import { isIP } from 'node:net';
import Type from 'typebox';
import { checker, describeIssues } from '@entre/protocol';

/**
 * Demo history when started from the environment (`npm start`). A config built in code (tests,
 * benches) has none unless it asks: they count contacts and must not find made-up weeks.
 */
export const DEMO_HISTORY_WEEKS = 8;

/** The server's whole configuration, validated once; main.ts fills it from the environment. */
export const ServerConfig = Type.Object({
  host: Type.String({ default: '127.0.0.1', description: 'HTTP (and embedded MQTT) listen address' }),
  port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080, description: 'HTTP port; 0 picks a free one' }),
  dbPath: Type.String({ minLength: 1, default: 'data/entre.db', description: 'SQLite file (":memory:" for throwaway runs)' }),
  mqttUrl: Type.Optional(Type.String({ pattern: '^mqtt://', description: 'external broker; unset starts the embedded one' })),
  mqttPort: Type.Integer({ minimum: 0, maximum: 65535, default: 1883, description: 'embedded broker TCP port; 0 picks a free one' }),
  mqttUsername: Type.Optional(Type.String()),
  mqttPassword: Type.Optional(Type.String()),
  publicUrl: Type.Optional(Type.String({ pattern: '^https?://', description: 'base URL printed in ticket QR codes' })),
  demo: Type.Boolean({ default: true, description: 'seed the demo site on first start' }),
  demoHistoryWeeks: Type.Integer({
    minimum: 0, maximum: 104, default: 0,
    description: `weeks of made-up past contacts seeded with the demo site on first start, for its statistics and forecast; 0 = none (ENTRE_DEMO_HISTORY_WEEKS, ${DEMO_HISTORY_WEEKS} from the environment)`,
  }),
  timeZone: Type.String({ default: 'Europe/Stockholm', description: 'time zone of the demo site' }),
  appsDir: Type.String({ description: 'folder holding kiosk/, display/ and console/ with their dist/' }),
  smsUrl: Type.Optional(Type.String({ pattern: '^https?://', description: 'HTTP SMS gateway (POST {to, from, message}); unset: the demo logs texts, a real site sends none' })),
  smsKey: Type.Optional(Type.String({ minLength: 1, description: 'bearer key for the SMS gateway' })),
  smsFrom: Type.String({ minLength: 1, maxLength: 15, default: 'Entre', description: 'sender name or number on the visitor\'s phone' }),
  smsAhead: Type.Integer({ minimum: 0, maximum: 50, default: 3, description: 'the "soon your turn" text goes out at this many people ahead' }),
  deviceAuth: Type.Union([Type.Literal('open'), Type.Literal('enrolled')], {
    description: 'enrolled: kiosks, displays and bridges must present the credentials enrolment gave them (HTTP, MQTT, WebSocket); open: any device may name itself (the demo). Default: open with ENTRE_DEMO, enrolled without (ENTRE_DEVICE_AUTH)',
  }),
  kioskTicketsPerMinute: Type.Integer({ minimum: 1, maximum: 100_000, default: 30, description: 'tickets one kiosk may issue per minute before it is asked to wait (ENTRE_KIOSK_TICKETS_PER_MINUTE)' }),
  publicRequestsPerMinute: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 600, description: 'requests per minute one address may make to the public ticket pages and their API (ENTRE_PUBLIC_REQUESTS_PER_MINUTE)' }),
  trustProxy: Type.Optional(Type.String({
    minLength: 1,
    description: 'the reverse proxies in front of Entré, whose X-Forwarded-For, -Proto and -Host it believes: addresses or CIDR ranges, comma-separated, or loopback / linklocal / uniquelocal; unset: none (ENTRE_TRUST_PROXY)',
  })),
  logLevel: Type.Union([
    Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'),
    Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent'),
  ], { default: 'info' }),
}, { additionalProperties: false });
export type ServerConfig = Type.Static<typeof ServerConfig>;

const check = checker(ServerConfig);

export function validateConfig(input: Partial<ServerConfig> & { appsDir: string }): ServerConfig {
  const withDefaults = {
    host: '127.0.0.1', port: 8080, dbPath: 'data/entre.db', mqttPort: 1883, demo: true, demoHistoryWeeks: 0,
    timeZone: 'Europe/Stockholm', logLevel: 'info', smsFrom: 'Entre', smsAhead: 3,
    kioskTicketsPerMinute: 30, publicRequestsPerMinute: 600, ...stripUndefined(input),
  };
  // The demo lets devices name themselves; a real site makes them enrol.
  withDefaults.deviceAuth ??= withDefaults.demo === false ? 'enrolled' : 'open';
  const res = check(withDefaults);
  if (!res.ok) throw new Error(`invalid configuration: ${describeIssues(res.issues)}`);
  const proxies = res.value.trustProxy?.split(',').map((p) => p.trim());
  const notAProxy = proxies?.find((p) => !isProxyAddress(p));
  if (notAProxy !== undefined) {
    throw new Error(`invalid configuration: ENTRE_TRUST_PROXY names "${notAProxy}", which is not an address, a CIDR range (10.0.0.0/8) or loopback, linklocal, uniquelocal; trusting every sender would let anyone choose their own address`);
  }
  if (res.value.smsUrl && !res.value.smsKey) throw new Error('invalid configuration: ENTRE_SMS_URL needs ENTRE_SMS_KEY (the gateway\'s bearer key)');
  return res.value;
}

/** What Fastify's trustProxy (proxy-addr) takes, short of trusting everyone. */
function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : -1;
  // A /0 range is everyone.
  return bits >= 1 && bits <= (family === 4 ? 32 : 128);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Reads ENTRE_* and friends; numbers are parsed here so the schema sees real types. */
export function configFromEnv(env: NodeJS.ProcessEnv, appsDir: string): ServerConfig {
  const int = (name: string) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n)) throw new Error(`invalid configuration: ${name}=${raw} is not a whole number`);
    return n;
  };
  const bool = (name: string) => (env[name] === undefined ? undefined : !['0', 'false', 'no', 'off'].includes(env[name]!.toLowerCase()));
  return validateConfig({
    host: env.HOST || undefined,
    port: int('PORT'),
    dbPath: env.ENTRE_DB || undefined,
    mqttUrl: env.MQTT_URL || undefined,
    mqttPort: int('MQTT_PORT'),
    mqttUsername: env.MQTT_USERNAME || undefined,
    mqttPassword: env.MQTT_PASSWORD || undefined,
    publicUrl: env.PUBLIC_URL || undefined,
    demo: bool('ENTRE_DEMO'),
    demoHistoryWeeks: int('ENTRE_DEMO_HISTORY_WEEKS') ?? DEMO_HISTORY_WEEKS,
    timeZone: env.ENTRE_TIME_ZONE || undefined,
    smsUrl: env.ENTRE_SMS_URL || undefined,
    smsKey: env.ENTRE_SMS_KEY || undefined,
    smsFrom: env.ENTRE_SMS_FROM || undefined,
    smsAhead: int('ENTRE_SMS_AHEAD'),
    deviceAuth: (env.ENTRE_DEVICE_AUTH || undefined) as ServerConfig['deviceAuth'] | undefined,
    kioskTicketsPerMinute: int('ENTRE_KIOSK_TICKETS_PER_MINUTE'),
    publicRequestsPerMinute: int('ENTRE_PUBLIC_REQUESTS_PER_MINUTE'),
    trustProxy: env.ENTRE_TRUST_PROXY || undefined,
    logLevel: (env.LOG_LEVEL || undefined) as ServerConfig['logLevel'] | undefined,
    appsDir,
  });
}
