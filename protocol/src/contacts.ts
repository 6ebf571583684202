/** The channel-agnostic core's HTTP bodies: contacts on every channel, their lifecycle, agents. */
import Type from 'typebox';
import { Id, IsoTime, LanguageCode, Localized, TicketNumber } from './common.js';
import { VisitState } from './http.js';

const strict = { additionalProperties: false } as const;

export const Channel = Type.Union([Type.Literal('visit'), Type.Literal('phone'), Type.Literal('chat'), Type.Literal('email')]);
export type Channel = Type.Static<typeof Channel>;

export const PriorityClass = Type.Union([Type.Literal('normal'), Type.Literal('priority'), Type.Literal('appointment')]);
export type PriorityClass = Type.Static<typeof PriorityClass>;

export const Outcome = Type.Union([
  Type.Literal('resolved'), Type.Literal('forwarded'), Type.Literal('no_show'), Type.Literal('abandoned'),
  Type.Literal('transferred'), Type.Literal('cancelled'),
]);
export type Outcome = Type.Static<typeof Outcome>;

/** ROSA: 1 information … 4 rule-based decision at first line; 5–8 specialist. */
export const RosaLevel = Type.Integer({ minimum: 1, maximum: 8 });

export const ContactEvent = Type.Object({
  at: IsoTime,
  type: Type.String(),
  actor: Type.String(),
  servicePoint: Type.Optional(Id),
  agent: Type.Optional(Type.String()),
  data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
}, strict);
export type ContactEvent = Type.Static<typeof ContactEvent>;

export const Contact = Type.Object({
  id: Type.String(),
  channel: Channel,
  number: Type.Optional(TicketNumber),
  service: Id,
  serviceName: Localized,
  language: LanguageCode,
  priority: PriorityClass,
  state: VisitState,
  issuedAt: IsoTime,
  queuedAt: IsoTime,
  calledAt: Type.Optional(IsoTime),
  servedAt: Type.Optional(IsoTime),
  endedAt: Type.Optional(IsoTime),
  recalls: Type.Integer({ minimum: 0 }),
  servicePoint: Type.Optional(Id),
  agent: Type.Optional(Type.String()),
  pinnedAgent: Type.Optional(Type.String()),
  pinnedServicePoint: Type.Optional(Id),
  rank: Type.Optional(Type.Integer()),
  outcome: Type.Optional(Outcome),
  rosaLevel: Type.Optional(RosaLevel),
  caseId: Type.Optional(Type.String()),
  externalRef: Type.Optional(Type.String()),
  /** The actions the lifecycle allows now, so a console can offer exactly those. */
  allowed: Type.Array(Type.String()),
  events: Type.Optional(Type.Array(ContactEvent)),
}, strict);
export type Contact = Type.Static<typeof Contact>;

export const ContactParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, strict);
export type ContactParams = Type.Static<typeof ContactParams>;

/** Phone, chat and e-mail systems hand their contacts to the same queues. */
export const CreateContactRequest = Type.Object({
  /** Needed only where one server runs several sites. */
  site: Type.Optional(Id),
  channel: Type.Union([Type.Literal('phone'), Type.Literal('chat'), Type.Literal('email')]),
  service: Id,
  language: LanguageCode,
  priority: Type.Optional(PriorityClass),
  /** The other system's id: the same ref again returns the contact already made. */
  externalRef: Type.String({ minLength: 1, maxLength: 100 }),
  caseId: Type.Optional(Type.String({ maxLength: 64 })),
}, strict);
export type CreateContactRequest = Type.Static<typeof CreateContactRequest>;

export const CallContactRequest = Type.Object({ servicePoint: Type.Optional(Id), agent: Type.Optional(Id) }, strict);
export type CallContactRequest = Type.Static<typeof CallContactRequest>;

export const TransferRequest = Type.Object({
  service: Type.Optional(Id),
  servicePoint: Type.Optional(Id),
  agent: Type.Optional(Id),
  note: Type.Optional(Type.String({ maxLength: 500 })),
  /** Keep the original arrival as the place in line (default), or join at the back. */
  keepPlace: Type.Optional(Type.Boolean()),
}, strict);
export type TransferRequest = Type.Static<typeof TransferRequest>;

export const FinishRequest = Type.Object({
  outcome: Type.Union([Type.Literal('resolved'), Type.Literal('forwarded')]),
  rosaLevel: RosaLevel,
  caseId: Type.Optional(Type.String({ maxLength: 64 })),
}, strict);
export type FinishRequest = Type.Static<typeof FinishRequest>;

export const CancelRequest = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 200 })) }, strict);
export type CancelRequest = Type.Static<typeof CancelRequest>;

export const EmptyRequest = Type.Object({}, strict);

export const DeliveredServiceRequest = Type.Object({ service: Id }, strict);
export const MarkRequest = Type.Object({ label: Type.String({ minLength: 1, maxLength: 80 }) }, strict);
export const PinRequest = Type.Object({ agent: Type.Union([Id, Type.Null()]) }, strict);
export const RankRequest = Type.Object({ rank: Type.Union([Type.Integer({ minimum: 0, maximum: 100000 }), Type.Null()]) }, strict);

export const AgentState = Type.Union([
  Type.Literal('available'), Type.Literal('serving'), Type.Literal('wrap_up'), Type.Literal('paused'), Type.Literal('offline'),
]);
export type AgentState = Type.Static<typeof AgentState>;

export const Agent = Type.Object({
  id: Id,
  name: Type.String(),
  /** The staff account linked to this agent, so a signed-in console finds its own agent. */
  staff: Type.Optional(Id),
  state: AgentState,
  pauseReason: Type.Optional(Type.String()),
  servicePoint: Type.Optional(Id),
  channels: Type.Array(Channel),
  languages: Type.Array(LanguageCode),
  skills: Type.Array(Type.Object({ service: Id, penalty: Type.Number() }, strict)),
}, strict);
export type Agent = Type.Static<typeof Agent>;

export const AgentStateRequest = Type.Object({
  state: AgentState,
  reason: Type.Optional(Type.String({ maxLength: 80 })),
  servicePoint: Type.Optional(Type.Union([Id, Type.Null()])),
}, strict);
export type AgentStateRequest = Type.Static<typeof AgentStateRequest>;

export const AgentCallNextResponse = Type.Object({
  called: Type.Union([Contact, Type.Null()]),
  /** Why this contact (or why none): the routing rule that decided, for the console. */
  why: Type.Object({ sv: Type.String(), en: Type.String() }, strict),
  waiting: Type.Integer({ minimum: 0 }),
}, strict);
export type AgentCallNextResponse = Type.Static<typeof AgentCallNextResponse>;

export const WalkInRequest = Type.Object({ service: Id, language: LanguageCode, agent: Type.Optional(Id) }, strict);
export type WalkInRequest = Type.Static<typeof WalkInRequest>;

