import {
  KeypadEvent, PrintResult, PrinterStatus, Availability, checker, decodePayload, describeIssues, parseTopic, topicFilters,
  type Checker,
} from '@entre/protocol';
import type { MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { LobbyStore } from '../store/lobby-store.js';
import type { AgentStore } from '../store/agent-store.js';
import type { DeviceStore } from '../store/device-store.js';

const check = {
  printerResults: checker(PrintResult),
  printerStatus: checker(PrinterStatus),
  counterKeypad: checker(KeypadEvent),
  deviceAvailability: checker(Availability),
};

/**
 * What the server takes from devices: print results, printer status, keypad buttons and
 * availability. Every payload is validated; what fails is logged and dropped, and an
 * error in one handler never reaches the others.
 */
export function createDeviceConsumers(opts: { store: LobbyStore; agents: AgentStore; devices?: Pick<DeviceStore, 'applyAvailability' | 'printerStatusChanged'>; client: MqttClient; sites: string[]; logger: Logger }) {
  const log = opts.logger.child({ module: 'device-consumers' });
  const filters = opts.sites.flatMap((site) => [
    topicFilters.allPrinterResults(site), topicFilters.allPrinterStatus(site),
    topicFilters.allKeypads(site), topicFilters.allAvailability(site),
  ]);

  function valid<T extends { [k: string]: unknown }>(c: Checker<T>, topic: string, payload: Buffer, idField: keyof T, id?: string): T | null {
    const res = decodePayload(c, payload);
    if (!res.ok) {
      log.warn({ topic, issues: describeIssues(res.issues) }, 'dropped an invalid payload');
      return null;
    }
    if (res.value[idField] !== id) {
      log.warn({ topic, [idField]: res.value[idField] }, 'dropped a payload whose id does not match its topic');
      return null;
    }
    return res.value;
  }

  function onMessage(topic: string, payload: Buffer): void {
    try {
      const parsed = parseTopic(topic);
      if (!parsed || !opts.sites.includes(parsed.site)) return;
      switch (parsed.kind) {
        case 'printerResults': {
          const r = valid(check.printerResults, topic, payload, 'printer', parsed.id);
          if (r && opts.store.applyPrintResult(parsed.site, r)) log.info({ jobId: r.jobId, result: r.result, reason: r.reason }, 'print result');
          break;
        }
        case 'printerStatus': {
          const s = valid(check.printerStatus, topic, payload, 'printer', parsed.id);
          if (s) {
            opts.store.applyPrinterStatus(parsed.site, s);
            opts.devices?.printerStatusChanged(parsed.site);
            if (s.paper !== 'ok' || !s.online || s.coverOpen) log.warn({ printer: s.printer, paper: s.paper, online: s.online, coverOpen: s.coverOpen }, 'printer needs attention');
          }
          break;
        }
        case 'counterKeypad': {
          const k = valid(check.counterKeypad, topic, payload, 'point', parsed.id);
          if (k) opts.agents.keypad(k.point, k.button);
          break;
        }
        case 'deviceAvailability': {
          const a = valid(check.deviceAvailability, topic, payload, 'device', parsed.id);
          if (a) {
            log.info({ device: a.device, state: a.state }, 'device availability');
            opts.devices?.applyAvailability(parsed.site, a);
          }
          break;
        }
        default:
          break;
      }
    } catch (err) {
      log.error({ topic, err: (err as Error).message }, 'handler failed; message dropped');
    }
  }

  return {
    async start() {
      opts.client.on('message', onMessage);
      await opts.client.subscribeAsync(filters, { qos: 1 });
    },
    async stop() {
      opts.client.off('message', onMessage);
    },
  };
}
