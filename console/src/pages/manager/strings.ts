/** The manager page's staff-facing text (Swedish, like every console page). */
import type { AgentState, Channel } from '@entre/protocol';

export const managerStrings = {
  loading: 'Hämtar dagens siffror …',
  updated: (day: string, time: string) => `Servicedag ${day} · uppdaterad ${time} · uppdateras var 5:e sekund`,
  loadFailed: (detail: string) => `Kunde inte uppdatera: ${detail}. Siffrorna nedan är från senaste lyckade hämtning.`,
  networkError: 'servern svarar inte',

  overviewHeading: 'Hela centret just nu',
  tiles: {
    waiting: 'Väntar nu',
    longestWait: 'Längsta väntan',
    serviceLevel: 'Servicenivå i dag',
    fcr: 'Lösta vid första kontakten',
    available: 'Personal tillgänglig',
  },
  ofAnswered: (inTarget: number, offered: number) => `${inTarget} av ${offered} inom målet`,
  ofFinished: (resolved: number, finished: number) => `${resolved} av ${finished} avslutade`,
  ofStaff: (n: number) => `av ${n} i tjänst`,
  noData: 'ingen data än',

  queuesHeading: 'Per kö',
  slChartTitle: 'Servicenivå i dag per kö',
  slChartNote: 'Stapeln är andelen besvarade inom köns mål­tid; strecket är målet.',
  waitingChartTitle: 'Väntar nu per kö',
  queueTableCaption: 'Köerna i siffror',
  channelsHeading: 'Per kanal',
  channelSlChartTitle: 'Servicenivå i dag per kanal',
  channelTableCaption: 'Kanalerna i siffror',
  col: {
    queue: 'Kö',
    channel: 'Kanal',
    waiting: 'Väntar',
    longestWait: 'Längsta väntan',
    answered: 'Besvarade',
    inTarget: 'Inom målet',
    abandoned: 'Avbrutna',
    serviceLevel: 'Servicenivå',
    target: 'Mål',
    fcr: 'Första kontakten',
    finished: 'Avslutade',
  },
  target: (fraction: string, time: string) => `${fraction} inom ${time}`,
  belowTarget: 'under målet',
  slValue: (value: string, target: string) => `${value} (mål ${target})`,
  waitingValue: (n: number) => (n === 1 ? '1 väntar' : `${n} väntar`),

  staffHeading: 'Personal',
  staffChartTitle: 'Personal per status',
  staffTableCaption: 'Varje medarbetares status',
  staffCol: { name: 'Namn', state: 'Status', since: 'Sedan', point: 'Plats' },
  staffCount: (n: number) => (n === 1 ? '1 person' : `${n} personer`),
  agentStates: {
    available: 'Tillgänglig', serving: 'Betjänar', wrap_up: 'Efterarbete', paused: 'Paus', offline: 'Utloggad',
  } satisfies Record<AgentState, string>,
  pausedFor: (reason: string) => `Paus (${reason})`,
  channels: { visit: 'Besök', phone: 'Telefon', chat: 'Chatt', email: 'E-post' } satisfies Record<Channel, string>,
} as const;
