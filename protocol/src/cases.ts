/**
 * Cases (`/api/v1/cases`, `/api/v1/public/cases`, the tracking page `/c/{code}`): the errand
 * followed across contacts and channels (DESIGN §4). Every export is prefixed `Case`/`case`
 * so `export *` from the index cannot collide with names other modules add later.
 */
import Type from 'typebox';
import { Id, IsoTime, Localized } from './common.js';
import { Channel, Outcome } from './contacts.js';
import { VisitState } from './http.js';

const strict = { additionalProperties: false } as const;

/** Order matters: it is the order of the main route, used for lists and tests. */
export const CASE_STATES = [
  'registered', 'answered_at_first_contact', 'forwarded', 'in_progress', 'resolved', 'feedback_sent', 'closed',
] as const;
export const CaseState = Type.Union([
  Type.Literal('registered'), Type.Literal('answered_at_first_contact'), Type.Literal('forwarded'),
  Type.Literal('in_progress'), Type.Literal('resolved'), Type.Literal('feedback_sent'), Type.Literal('closed'),
]);
export type CaseState = Type.Static<typeof CaseState>;

/**
 * What staff do to a case. `forward` needs a reason and a target answer group; `withdraw`
 * (the citizen withdrew, a duplicate, registered by mistake) needs a reason.
 */
export const CASE_ACTIONS = ['answer', 'forward', 'start', 'resolve', 'send_feedback', 'close', 'withdraw'] as const;
export const CaseAction = Type.Union([
  Type.Literal('answer'), Type.Literal('forward'), Type.Literal('start'), Type.Literal('resolve'),
  Type.Literal('send_feedback'), Type.Literal('close'), Type.Literal('withdraw'),
]);
export type CaseAction = Type.Static<typeof CaseAction>;


const CODE_CHAR = '[0-9A-HJKMNP-TV-Z]';
/** The tracking code as printed: 10 random characters and a check character, e.g. "K7QM-4XW9-2RN". */
export const CaseTrackingCode = Type.String({
  pattern: `^${CODE_CHAR}{4}-${CODE_CHAR}{4}-${CODE_CHAR}{3}$`,
  description: 'Crockford-style base32 without I, L, O, U; the last character is a check character',
});

/** Contact ids come from the contacts table (UUIDs in production). */
export const CaseContactRef = Type.String({ minLength: 1, maxLength: 64 });

/** Staff's free text; may hold personal data, so it is purged with the case (DESIGN §7). */
export const CaseSummary = Type.String({ minLength: 1, maxLength: 2000 });
/** Why a case was forwarded or withdrawn; free text, treated like the summary. */
export const CaseReason = Type.String({ minLength: 1, maxLength: 500 });

export const CaseIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, strict);
export type CaseIdParams = Type.Static<typeof CaseIdParams>;

/** Loose on purpose: a mistyped code is answered by the page ("check the code"), not by a 400. */
export const CaseCodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) }, strict);
export type CaseCodeParams = Type.Static<typeof CaseCodeParams>;

export const CreateCaseRequest = Type.Object({
  site: Id,
  service: Type.Optional(Id),
  summary: Type.Optional(CaseSummary),
  contact: Type.Optional(CaseContactRef),
}, strict);
export type CreateCaseRequest = Type.Static<typeof CreateCaseRequest>;

export const AttachCaseContactRequest = Type.Object({ contact: CaseContactRef }, strict);
export type AttachCaseContactRequest = Type.Static<typeof AttachCaseContactRequest>;

export const CaseTransitionRequest = Type.Object({
  action: CaseAction,
  reason: Type.Optional(CaseReason),
  answerGroup: Type.Optional(Id),
}, strict);
export type CaseTransitionRequest = Type.Static<typeof CaseTransitionRequest>;

export const CaseContact = Type.Object({
  id: Type.String(),
  channel: Channel,
  number: Type.Optional(Type.String()),
  state: VisitState,
  issuedAt: IsoTime,
  outcome: Type.Optional(Outcome),
}, strict);
export type CaseContact = Type.Static<typeof CaseContact>;

/** One row of the append-only history; `type` is `created`, `contact_attached` or an action. */
export const CaseEvent = Type.Object({
  at: IsoTime,
  type: Type.String(),
  actor: Type.String(),
  from: Type.Optional(CaseState),
  to: Type.Optional(CaseState),
  reason: Type.Optional(Type.String()),
  answerGroup: Type.Optional(Type.String()),
  contact: Type.Optional(Type.String()),
  channel: Type.Optional(Channel),
}, strict);
export type CaseEvent = Type.Static<typeof CaseEvent>;

/** The staff view: everything, including the summary. */
export const CaseDetail = Type.Object({
  id: Type.String(),
  site: Id,
  trackingCode: CaseTrackingCode,
  trackingUrl: Type.String({ description: 'the public tracking page, for a QR code or a message to the citizen' }),
  state: CaseState,
  allowedActions: Type.Array(CaseAction),
  service: Type.Optional(Id),
  serviceName: Type.Optional(Localized),
  answerGroup: Type.Optional(Id),
  rosaLevel: Type.Optional(Type.Integer({ minimum: 1, maximum: 8 })),
  summary: Type.Optional(Type.String()),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  closedAt: Type.Optional(IsoTime),
  contacts: Type.Array(CaseContact),
  events: Type.Array(CaseEvent),
}, strict);
export type CaseDetail = Type.Static<typeof CaseDetail>;

export const CaseStepStatus = Type.Union([Type.Literal('done'), Type.Literal('current'), Type.Literal('upcoming')]);
export type CaseStepStatus = Type.Static<typeof CaseStepStatus>;

export const CaseStep = Type.Object({
  state: CaseState,
  status: CaseStepStatus,
  at: Type.Optional(IsoTime),
}, strict);
export type CaseStep = Type.Static<typeof CaseStep>;

/**
 * What anyone holding the code may see: where the errand is and when each step happened.
 * No summary, no reasons, no names, no contact details, no staff: the code is the only key.
 */
export const PublicCase = Type.Object({
  code: CaseTrackingCode,
  state: CaseState,
  serviceName: Type.Optional(Localized),
  channels: Type.Array(Channel),
  steps: Type.Array(CaseStep),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  closedAt: Type.Optional(IsoTime),
  timeZone: Type.String({ description: "the site's IANA time zone, to show dates as local dates" }),
}, strict);
export type PublicCase = Type.Static<typeof PublicCase>;

/** The tracking page's strings, Swedish first; a missing key in `en` is a compile error. */
const caseTextSv = {
  'page.title': 'Följ ditt ärende',
  'page.code': 'Ärendekod',
  'page.errand': 'Ärende',
  'page.channels': 'Kontaktvägar',
  'page.updated': 'Senast ändrat',
  'page.steps': 'Så långt har ditt ärende kommit',
  'page.privacy': 'Sidan visar bara hur långt ärendet har kommit – inga personuppgifter.',
  'page.help': 'Har du frågor? Kontakta servicecenter och uppge din ärendekod.',
  'page.otherLanguage': 'In English',
  'page.notFound': 'Vi hittar inget ärende med den koden',
  'page.checkCode': 'Kontrollera koden och försök igen. Den har elva tecken, till exempel K7QM-4XW9-2RN.',
  'page.enterCode': 'Skriv din ärendekod',
  'page.show': 'Visa ärendet',
  'step.done': 'Klart',
  'step.current': 'Här är ärendet nu',
  'step.upcoming': 'Kommande steg',
  'state.registered': 'Registrerat',
  'state.answered_at_first_contact': 'Besvarat direkt',
  'state.forwarded': 'Skickat vidare till handläggare',
  'state.in_progress': 'Handläggs',
  'state.resolved': 'Färdigbehandlat',
  'state.feedback_sent': 'Besked skickat till dig',
  'state.closed': 'Avslutat',
  'channel.visit': 'Besök',
  'channel.phone': 'Telefon',
  'channel.chat': 'Chatt',
  'channel.email': 'E-post',
} as const;
export type CaseTextKey = keyof typeof caseTextSv;

export const caseText: Record<'sv' | 'en', Record<CaseTextKey, string>> = {
  sv: caseTextSv,
  en: {
    'page.title': 'Track your case',
    'page.code': 'Case code',
    'page.errand': 'Errand',
    'page.channels': 'Contact channels',
    'page.updated': 'Last changed',
    'page.steps': 'How far your case has come',
    'page.privacy': 'This page only shows how far the case has come – no personal data.',
    'page.help': 'Questions? Contact the service center and give your case code.',
    'page.otherLanguage': 'På svenska',
    'page.notFound': 'We cannot find a case with that code',
    'page.checkCode': 'Check the code and try again. It has eleven characters, for example K7QM-4XW9-2RN.',
    'page.enterCode': 'Enter your case code',
    'page.show': 'Show the case',
    'step.done': 'Done',
    'step.current': 'The case is here now',
    'step.upcoming': 'Next step',
    'state.registered': 'Registered',
    'state.answered_at_first_contact': 'Answered at first contact',
    'state.forwarded': 'Forwarded to a case officer',
    'state.in_progress': 'In progress',
    'state.resolved': 'Resolved',
    'state.feedback_sent': 'Decision sent to you',
    'state.closed': 'Closed',
    'channel.visit': 'Visit',
    'channel.phone': 'Phone',
    'channel.chat': 'Chat',
    'channel.email': 'E-mail',
  },
};
