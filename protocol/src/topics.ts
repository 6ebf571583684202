/**
 * One builder per row of the MQTT contract (DESIGN §5). Call sites never concatenate
 * topic strings, so a renamed topic is a compile error rather than a silent miss.
 */
export const TOPIC_ROOT = 'entre/v1';

/** Ids that go into a topic level: no MQTT wildcards or separators, so a level stays one level. */
const LEVEL = /^[a-z0-9][a-z0-9_-]{0,63}$/;

function level(kind: string, value: string): string {
  if (!LEVEL.test(value)) throw new TypeError(`invalid ${kind} id for a topic level: ${JSON.stringify(value)}`);
  return value;
}

const base = (site: string) => `${TOPIC_ROOT}/${level('site', site)}`;

export const topics = {
  calls: (site: string) => `${base(site)}/calls`,
  zoneBoard: (site: string, zone: string) => `${base(site)}/zones/${level('zone', zone)}/board`,
  displayConfig: (site: string, display: string) => `${base(site)}/displays/${level('display', display)}/config`,
  queueSummary: (site: string, service: string) => `${base(site)}/queues/${level('service', service)}/summary`,
  printerJobs: (site: string, printer: string) => `${base(site)}/printers/${level('printer', printer)}/jobs`,
  printerResults: (site: string, printer: string) => `${base(site)}/printers/${level('printer', printer)}/results`,
  printerStatus: (site: string, printer: string) => `${base(site)}/printers/${level('printer', printer)}/status`,
  counterKeypad: (site: string, point: string) => `${base(site)}/counters/${level('point', point)}/keypad`,
  deviceAvailability: (site: string, device: string) => `${base(site)}/devices/${level('device', device)}/availability`,
} as const;

/** Subscription filters for consumers that listen to a whole family of topics. */
export const topicFilters = {
  allPrinterResults: (site: string) => `${base(site)}/printers/+/results`,
  allPrinterStatus: (site: string) => `${base(site)}/printers/+/status`,
  allKeypads: (site: string) => `${base(site)}/counters/+/keypad`,
  allAvailability: (site: string) => `${base(site)}/devices/+/availability`,
} as const;

export type TopicName = keyof typeof topics;

/** Parses a concrete topic back into its kind and ids; null when it is not ours. */
export function parseTopic(topic: string):
  | { kind: TopicName; site: string; id?: string }
  | null {
  const parts = topic.split('/');
  if (parts[0] !== 'entre' || parts[1] !== 'v1' || parts.length < 4) return null;
  const site = parts[2]!;
  const rest = parts.slice(3);
  if (rest.length === 1 && rest[0] === 'calls') return { kind: 'calls', site };
  if (rest.length !== 3) return null;
  const [family, id, leaf] = rest as [string, string, string];
  const kinds: Record<string, TopicName> = {
    'zones/board': 'zoneBoard',
    'displays/config': 'displayConfig',
    'queues/summary': 'queueSummary',
    'printers/jobs': 'printerJobs',
    'printers/results': 'printerResults',
    'printers/status': 'printerStatus',
    'counters/keypad': 'counterKeypad',
    'devices/availability': 'deviceAvailability',
  };
  const kind = kinds[`${family}/${leaf}`];
  return kind ? { kind, site, id } : null;
}
