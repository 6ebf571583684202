/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Agent, CaseDetail, Contact, CounterQueue, SignedInStaff } from '@entre/protocol';
import { ApiError } from '@entre/web-common/http';
import type { CounterApi } from '../api.js';
import { memoryOnly } from '../storage.js';
import { strings } from '../strings.js';
import { createCounterState } from './counter-state.js';

const anna: SignedInStaff = { id: 'staff-anna', username: 'anna', displayName: 'Anna Lindqvist', roles: ['counter'] };
const disk: SignedInStaff = { id: 'staff-disk', username: 'disk', displayName: 'Disk', roles: ['counter'] };
const at = '2026-11-25T09:00:00.000Z';

const allowedIn: Record<Contact['state'], string[]> = {
  waiting: ['call', 'transfer', 'cancel', 'abandon'], called: ['recall', 'start', 'no_show', 'requeue', 'transfer', 'cancel', 'abandon'],
  serving: ['park', 'transfer', 'finish'], parked: ['resume', 'transfer', 'finish', 'cancel'], done: [], no_show: [], cancelled: [],
};

function contact(id: string, state: Contact['state'], more: Partial<Contact> = {}): Contact {
  return {
    id, channel: 'visit', number: 'A001', service: 'allmant', serviceName: { sv: 'Allmänt' }, language: 'sv', priority: 'normal',
    state, issuedAt: at, queuedAt: at, recalls: 0, allowed: allowedIn[state], ...more,
  };
}

/** A fake server holding one waiting visit; records every call the page makes. */
function fakeApi() {
  const calls: string[] = [];
  const bodies: Record<string, unknown> = {};
  const agents: Agent[] = [
    { id: 'anna', name: 'Anna Lindqvist', staff: 'staff-anna', state: 'offline', channels: ['visit', 'phone'], languages: ['sv'], skills: [{ service: 'allmant', penalty: 0 }] },
    { id: 'erik', name: 'Erik Johansson', staff: 'staff-erik', state: 'available', servicePoint: 'disk-2', channels: ['phone'], languages: ['sv'], skills: [] },
  ];
  let waiting: Contact[] = [contact('c1', 'waiting'), contact('c2', 'waiting', { number: 'A002' })];
  let current: Contact | null = null;
  const queue = (): CounterQueue => ({
    site: 'demo', at, total: waiting.length, waiting, current,
    services: [{ id: 'allmant', name: { sv: 'Allmänt' }, mine: true, waiting: waiting.length, longestWaitSeconds: 60 },
      { id: 'bygglov', name: { sv: 'Bygglov' }, mine: false, waiting: 0, longestWaitSeconds: 0 }],
  });
  const move = (id: string, state: Contact['state'], more: Partial<Contact> = {}, base?: Contact) => {
    const c = { ...(current?.id === id ? current : base ?? contact(id, state)), ...more, state, allowed: allowedIn[state] };
    current = ['called', 'serving', 'parked'].includes(state) ? c : null;
    return c;
  };
  const log = (name: string, body?: unknown) => { calls.push(name); if (body !== undefined) bodies[name] = body; };
  const api: CounterApi = {
    async servicePoints() { log('points'); return { servicePoints: [{ id: 'disk-1', name: { sv: 'Disk 1' }, zones: ['lobby'], services: ['allmant'] }, { id: 'disk-2', name: { sv: 'Disk 2' }, zones: ['lobby'], services: ['allmant'] }] }; },
    async agents() { log('agents'); return agents; },
    async agent(id) { log(`agent ${id}`); return agents.find((a) => a.id === id)!; },
    async setState(id, body) {
      log(`state ${id}`, body);
      const a = agents.find((x) => x.id === id)!;
      Object.assign(a, { state: body.state, servicePoint: body.servicePoint ?? undefined, pauseReason: body.reason });
      return { ...a };
    },
    async callNextAsAgent(id) {
      log(`call-next ${id}`);
      const next = waiting.shift();
      if (!next) return { called: null, why: { sv: 'Ingen väntar.', en: 'Nobody.' }, waiting: 0 };
      agents.find((x) => x.id === id)!.state = 'serving';
      return { called: move(next.id, 'called', { agent: id }, next), why: { sv: 'Längst väntat.', en: 'Longest wait.' }, waiting: waiting.length };
    },
    async callNext(point) {
      log(`point-call-next ${point}`);
      const next = waiting.shift()!;
      move(next.id, 'called', { servicePoint: point }, next);
      return { called: { id: next.id, number: next.number ?? 'A001', service: next.service, serviceName: next.serviceName, servicePoint: point, calledAt: at }, waiting: waiting.length, why: { sv: 'Först i kön.', en: 'First.' } };
    },
    async contact(id) { log(`contact ${id}`); return current?.id === id ? current : contact(id, 'waiting'); },
    async act(id, action) {
      log(`${action} ${id}`);
      const to = { recall: 'called', start: 'serving', 'no-show': 'no_show', park: 'parked', resume: 'serving' } as const;
      return move(id, to[action], action === 'recall' ? { recalls: (current?.recalls ?? 0) + 1 } : {});
    },
    async transfer(id, body) { log(`transfer ${id}`, body); const c = move(id, 'waiting'); waiting.push(c); return c; },
    async finish(id, body) { log(`finish ${id}`, body); return move(id, 'done', { outcome: body.outcome, rosaLevel: body.rosaLevel }); },
    async agentQueue(id) { log(`queue agent ${id}`); return queue(); },
    async pointQueue(id) { log(`queue point ${id}`); return queue(); },
    async createCase(body) { log('case new', body); current = { ...current!, caseId: 'case-1' }; return caseOf([current.id]); },
    async getCase(id) {
      log(`case get ${id}`);
      if (id !== 'K7QM-4XW9-2RN') throw new ApiError('http', 404, { type: 'about:blank', title: 'Not Found', status: 404, code: 'ENTRE_UNKNOWN_CASE', detail: 'No case.' }, 'x');
      return caseOf(['old-phone']);
    },
    async attachCase(id, c) { log(`case attach ${id}`, { contact: c }); current = { ...current!, caseId: 'case-1' }; return caseOf(['old-phone', c]); },
  };
  return { api, calls, bodies, agents, setWaiting: (w: Contact[]) => { waiting = w; } };
}

function caseOf(contactIds: string[]): CaseDetail {
  return {
    id: 'case-1', site: 'demo', trackingCode: 'K7QM-4XW9-2RN', trackingUrl: 'http://x/c/K7QM-4XW9-2RN', state: 'registered', allowedActions: [],
    createdAt: at, updatedAt: at, events: [],
    contacts: contactIds.map((id) => ({ id, channel: id === 'old-phone' ? 'phone' : 'visit', state: 'done', issuedAt: at })),
  };
}

function setup(staff: SignedInStaff, more: { requestedPoint?: string | null; mayActForOthers?: boolean } = {}) {
  const server = fakeApi();
  const state = createCounterState({
    api: server.api, staff, mayActForOthers: more.mayActForOthers ?? false, pointMemory: memoryOnly(), agentMemory: memoryOnly(),
    requestedPoint: more.requestedPoint ?? null, defaultPoint: 'disk-1', pollMs: 60_000,
  });
  return { ...server, state };
}

/** Lets the refresh an action starts (not awaited by it) settle. */
const settle = () => new Promise((r) => setTimeout(r, 0));

test('a signed-in agent: found by the staff link, goes available at the desk, calls next with why, serves and finishes with ROSA', async (t) => {
  const { state, calls, bodies } = setup(anna);
  t.after(() => state.stop());
  await state.start();
  assert.equal(state.agentId.value, 'anna');
  assert.equal(state.pointId.value, 'disk-1');
  assert.ok(calls.includes('queue agent anna'), 'polls the agent\'s queue');
  assert.equal(state.waiting.value, 2);

  await state.callNext();
  assert.equal(state.error.value, strings.notAvailable, 'offline agents are told, not sent to the server');
  assert.ok(!calls.some((c) => c.startsWith('call-next')));

  await state.setState('available');
  assert.deepEqual(bodies['state anna'], { state: 'available', servicePoint: 'disk-1' });
  assert.equal(state.agent.value?.state, 'available');

  await state.callNext();
  assert.equal(state.current.value?.id, 'c1');
  const out = state.outcome.value;
  assert.ok(out?.kind === 'called' && out.fresh && out.why === 'Längst väntat.' && out.number === 'A001');

  await state.callNext();
  assert.equal(state.error.value, strings.finishFirst('A001'), 'one contact at a time');

  await state.recall();
  assert.equal(state.current.value?.recalls, 1);
  await state.finish();
  assert.equal(state.error.value, strings.finishNotYet, 'a called visitor is served before finishing');
  await state.serve();
  assert.equal(state.current.value?.state, 'serving');

  await state.finish();
  assert.equal(state.error.value, strings.rosaMissing);
  assert.equal(state.focusRequest.value?.field, 'rosa');
  assert.ok(!calls.some((c) => c.startsWith('finish')));

  state.setFinishOutcome('forwarded');
  state.setFinishRosa(5);
  await state.finish();
  assert.deepEqual(bodies['finish c1'], { outcome: 'forwarded', rosaLevel: 5 });
  assert.equal(state.current.value, null);
  assert.equal(state.notice.value, strings.finished('A001'));
  await settle();
});

test('a phone contact shows its channel; park and resume; transfer keeps a note and says where it went', async (t) => {
  const { state, bodies, setWaiting } = setup(anna);
  t.after(() => state.stop());
  const phone = contact('p1', 'waiting', { channel: 'phone' });
  delete (phone as Partial<Contact>).number;
  setWaiting([phone, contact('v2', 'waiting', { number: 'A002' })]);
  await state.start();
  await state.setState('available');
  await state.callNext();
  assert.equal(state.outcome.value?.kind === 'called' && state.outcome.value.number, strings.channels.phone);
  await state.serve();
  await state.togglePark();
  assert.equal(state.current.value?.state, 'parked');
  await state.togglePark();
  assert.equal(state.current.value?.state, 'serving');

  state.openTransfer(true);
  assert.equal(state.transferOpen.value, true);
  assert.equal(state.focusRequest.value?.field, 'transfer');
  assert.equal(await state.transfer({ kind: 'service', id: '' }, '', true), false, 'a target is needed');
  assert.ok(await state.transfer({ kind: 'service', id: 'bygglov' }, '  ring tillbaka  ', false));
  assert.deepEqual(bodies['transfer p1'], { service: 'bygglov', note: 'ring tillbaka', keepPlace: false });
  assert.equal(state.notice.value, strings.transferred(strings.channels.phone, 'Bygglov'));
  assert.equal(state.current.value, null);
  assert.equal(state.transferOpen.value, false);

  await state.callNext();
  await state.serve();
  assert.ok(await state.transfer({ kind: 'point', id: 'disk-2' }, '', true));
  assert.deepEqual(bodies['transfer v2'], { servicePoint: 'disk-2', keepPlace: true });
  await settle();
});

test('a case: a mistyped code says so; a found one shows earlier contacts, is attached, and the finish names it', async (t) => {
  const { state, bodies } = setup(anna);
  t.after(() => state.stop());
  await state.start();
  await state.setState('available');
  await state.callNext();
  await state.serve();

  await state.findCase('   ');
  assert.equal(state.error.value, strings.caseCodeMissing);
  await state.findCase('NOPE');
  assert.equal(state.error.value, strings.problems['ENTRE_UNKNOWN_CASE'], 'the problem code in Swedish, not the server\'s English');
  await state.findCase('K7QM-4XW9-2RN');
  assert.deepEqual(state.caseDetail.value?.contacts.map((c) => c.id), ['old-phone']);
  await state.attachCase();
  assert.deepEqual(bodies['case attach case-1'], { contact: 'c1' });
  assert.equal(state.current.value?.caseId, 'case-1');
  state.setFinishRosa(2);
  await state.finish();
  assert.deepEqual(bodies['finish c1'], { outcome: 'resolved', rosaLevel: 2, caseId: 'case-1' });
  const caseCode = () => state.caseDetail.value?.trackingCode ?? null;
  assert.equal(caseCode(), null, 'the next contact starts without a case');

  await state.callNext();
  await state.createCase();
  assert.deepEqual(bodies['case new'], { site: 'demo', service: 'allmant', contact: 'c2' });
  assert.equal(caseCode(), 'K7QM-4XW9-2RN');
  await settle();
});

test('an account without an agent works as the desk: "next" at the point, its queue, no state controls', async (t) => {
  const { state, calls } = setup(disk, { requestedPoint: 'disk-2' });
  t.after(() => state.stop());
  await state.start();
  assert.equal(state.agentId.value, null);
  assert.equal(state.pointId.value, 'disk-2');
  assert.ok(calls.includes('queue point disk-2'));
  await state.setState('available');
  assert.ok(!calls.some((c) => c.startsWith('state')), 'no agent, no state');
  await state.callNext();
  assert.ok(calls.includes('point-call-next disk-2'));
  assert.equal(state.current.value?.id, 'c1');
  assert.equal(state.outcome.value?.kind === 'called' && state.outcome.value.why, 'Först i kön.');
  await settle();
});

test('reception acts for a chosen agent; another counter account cannot', async (t) => {
  const { state, calls } = setup({ ...disk, roles: ['reception'] }, { mayActForOthers: true });
  t.after(() => state.stop());
  await state.start();
  assert.equal(state.agentId.value, null);
  state.actAs('erik');
  await settle();
  assert.equal(state.agentId.value, 'erik');
  assert.ok(calls.includes('queue agent erik'));

  const counter = setup(disk);
  t.after(() => counter.state.stop());
  await counter.state.start();
  counter.state.actAs('erik');
  assert.equal(counter.state.agentId.value, null);
});

test('an agent already seated at a desk opens that desk, unless the address names another', async (t) => {
  const erik: SignedInStaff = { id: 'staff-erik', username: 'erik', displayName: 'Erik Johansson', roles: ['counter'] };
  const seated = setup(erik);
  t.after(() => seated.state.stop());
  await seated.state.start();
  assert.deepEqual([seated.state.agentId.value, seated.state.pointId.value], ['erik', 'disk-2']);
  const asked = setup(erik, { requestedPoint: 'disk-1' });
  t.after(() => asked.state.stop());
  await asked.state.start();
  assert.equal(asked.state.pointId.value, 'disk-1');
});
