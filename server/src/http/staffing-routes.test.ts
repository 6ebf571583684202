import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checker, ErlangAAnswer, ErlangCAnswer, type ErlangAAnswer as ErlangAAnswerT, type ErlangCAnswer as ErlangCAnswerT } from '@entre/protocol';
import { tempApp } from '../test-support/app.js';

type App = Awaited<ReturnType<typeof tempApp>>['app'];
let app: App;
let remove: () => Promise<void>;
before(async () => ({ app, remove } = await tempApp()));
after(() => remove());

const checkC = checker(ErlangCAnswer);
const checkA = checker(ErlangAAnswer);

/** GET without any cookie: the calculators need no sign-in. */
async function get(path: string, params: Record<string, string | number>) {
  const qs = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const res = await app.http.inject({ method: 'GET', url: `/api/v1/staffing/${path}?${qs}` });
  return { status: res.statusCode, type: String(res.headers['content-type']), body: res.json() as Record<string, any> };
}
async function erlangC(params: Record<string, string | number>): Promise<ErlangCAnswerT> {
  const res = await get('erlang-c', params);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const checked = checkC(res.body);
  assert.ok(checked.ok, `the answer matches ErlangCAnswer: ${JSON.stringify(checked)}`);
  return res.body as ErlangCAnswerT;
}
async function erlangA(params: Record<string, string | number>): Promise<ErlangAAnswerT> {
  const res = await get('erlang-a', params);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const checked = checkA(res.body);
  assert.ok(checked.ok, `the answer matches ErlangAAnswer: ${JSON.stringify(checked)}`);
  return res.body as ErlangAAnswerT;
}
const near = (actual: number | null, expected: number, digits: number, what: string) =>
  assert.ok(actual !== null && Math.abs(actual - expected) <= 0.5 * 10 ** -digits, `${what}: ${actual} vs ${expected}`);

// The Call Centre Helper worked example (callcentrehelper.com/erlang-c-formula-example-121281.htm):
// 100 calls per 30 minutes, AHT 180 s, 80 % within 20 s, 30 % shrinkage → 14 agents, 20 scheduled.
const example = { arrivals: 100, intervalSeconds: 1800, ahtSeconds: 180, targetSeconds: 20, targetServiceLevel: 0.8 };

test('erlang-c answers the worked example: required agents by default, and scheduled agents with shrinkage', async () => {
  const plain = await erlangC(example);
  assert.equal(plain.trafficErlangs, 10);
  assert.equal(plain.requiredAgents, 14);
  assert.equal(plain.agents, 14, 'agents default to the required agents');
  near(plain.probWait, 0.174, 3, 'P(wait)'); // as pyworkforce publishes for this example
  near(plain.serviceLevel, 0.888, 3, 'SL');
  near(plain.occupancy, 10 / 14, 12, 'occupancy');
  near(plain.asaSeconds, (plain.probWait * 180) / (14 - 10), 9, 'ASA = P(wait)·AHT ÷ (N − A)');
  assert.equal(plain.scheduledAgents, undefined, 'no shrinkage, no scheduled agents');
  const shrunk = await erlangC({ ...example, shrinkage: 0.3 });
  assert.equal(shrunk.scheduledAgents, 20);
  assert.deepEqual({ ...shrunk, scheduledAgents: undefined }, { ...plain, scheduledAgents: undefined });
});

test('erlang-c with given agents, an unstable queue and zero arrivals', async () => {
  const eleven = await erlangC({ ...example, agents: 11 });
  assert.equal(eleven.agents, 11);
  assert.equal(eleven.requiredAgents, 14);
  near(eleven.serviceLevel, 1 - eleven.probWait * Math.exp(-(11 - 10) * 20 / 180), 12, 'SL(t) = 1 − P_wait·e^{−(N−A)t/AHT}');
  assert.ok(eleven.serviceLevel < 0.8 && eleven.probWait > 0.5, JSON.stringify(eleven));

  for (const agents of [0, 9, 10]) {
    const unstable = await erlangC({ ...example, agents });
    assert.deepEqual(
      { probWait: unstable.probWait, serviceLevel: unstable.serviceLevel, asaSeconds: unstable.asaSeconds, occupancy: unstable.occupancy, requiredAgents: unstable.requiredAgents },
      { probWait: 1, serviceLevel: 0, asaSeconds: null, occupancy: 1, requiredAgents: 14 },
      `${agents} agents for 10 Erlangs`,
    );
  }

  const quiet = await erlangC({ ...example, arrivals: 0, shrinkage: 0.3 });
  assert.deepEqual(quiet, {
    trafficErlangs: 0, agents: 0, probWait: 0, serviceLevel: 1, asaSeconds: 0, occupancy: 0, requiredAgents: 0, scheduledAgents: 0,
  });
  const staffedQuiet = await erlangC({ ...example, arrivals: 0, agents: 3 });
  assert.equal(staffedQuiet.agents, 3);
  assert.equal(staffedQuiet.serviceLevel, 1);
});

test('erlang-a adds abandonment and reproduces the pyworkforce reference figures', async () => {
  // rodrigo-arenas/pyworkforce, pyworkforce/queuing/tests/test_abandonment.py: 10 Erlangs, AHT 3 min,
  // patience 5 min, 14 positions → waiting 0.14526, abandonment 0.013984, occupancy 0.704297, SL 0.916792.
  const fourteen = await erlangA({ ...example, patienceSeconds: 300, agents: 14 });
  near(fourteen.probWait, 0.14526, 5, 'P(wait)');
  near(fourteen.abandonRate, 0.013984, 6, 'abandon rate');
  near(fourteen.occupancy, 0.704297, 6, 'occupancy');
  near(fourteen.serviceLevel, 0.916792, 6, 'SL');
  assert.ok(fourteen.asaSeconds! > 0 && fourteen.asaSeconds! < 10, JSON.stringify(fourteen));

  const plain = await erlangA({ ...example, patienceSeconds: 300, shrinkage: 0.3 });
  assert.ok(plain.requiredAgents < 14, `callers who give up free agents sooner: ${plain.requiredAgents}`);
  assert.equal(plain.agents, plain.requiredAgents);
  assert.ok(plain.serviceLevel >= 0.8, JSON.stringify(plain));
  const fewer = await erlangA({ ...example, patienceSeconds: 300, agents: plain.requiredAgents - 1 });
  assert.ok(fewer.serviceLevel < 0.8, 'one agent fewer misses the target');
  assert.equal(plain.scheduledAgents, Math.ceil(plain.requiredAgents / 0.7));

  // Overloaded but stable: with patience, 8 agents for 10 Erlangs answer some and lose the rest.
  const eight = await erlangA({ ...example, patienceSeconds: 300, agents: 8 });
  assert.ok(eight.abandonRate > 0.1 && eight.probWait > 0.8 && eight.serviceLevel > 0 && eight.asaSeconds !== null, JSON.stringify(eight));
  const nobody = await erlangA({ ...example, patienceSeconds: 300, agents: 0 });
  assert.deepEqual([nobody.probWait, nobody.serviceLevel, nobody.asaSeconds, nobody.abandonRate], [1, 0, null, 1]);

  const quiet = await erlangA({ ...example, arrivals: 0, patienceSeconds: 300 });
  assert.deepEqual(quiet, { trafficErlangs: 0, agents: 0, probWait: 0, serviceLevel: 1, asaSeconds: 0, occupancy: 0, requiredAgents: 0, abandonRate: 0 });
});

test('erlang-a with infinite patience answers exactly as erlang-c, unstable queues included', async () => {
  const extras: Record<string, number>[] = [{}, { agents: 12 }, { agents: 10 }, { shrinkage: 0.25 }];
  for (const extra of extras) {
    const c = await erlangC({ ...example, ...extra });
    const a = await erlangA({ ...example, ...extra, patienceSeconds: 'Infinity' });
    assert.deepEqual(a, { ...c, abandonRate: 0 }, JSON.stringify(extra));
  }
});

test('bad or out-of-range parameters answer 400 problem+json naming the parameter', async () => {
  const { targetServiceLevel: _drop, ...withoutTarget } = example;
  const cases: [string, 'erlang-c' | 'erlang-a', Record<string, string | number>, string][] = [
    ['missing arrivals', 'erlang-c', { intervalSeconds: 1800, ahtSeconds: 180, targetSeconds: 20, targetServiceLevel: 0.8 }, 'arrivals'],
    ['missing targetServiceLevel', 'erlang-c', withoutTarget, 'targetServiceLevel'],
    ['missing patience', 'erlang-a', example, 'patienceSeconds'],
    ['arrivals not a number', 'erlang-c', { ...example, arrivals: 'many' }, 'arrivals'],
    ['negative arrivals', 'erlang-c', { ...example, arrivals: -5 }, 'arrivals'],
    ['empty ahtSeconds', 'erlang-c', { ...example, ahtSeconds: '' }, 'ahtSeconds'],
    ['exponent notation', 'erlang-c', { ...example, arrivals: '1e3' }, 'arrivals'],
    ['too many arrivals', 'erlang-c', { ...example, arrivals: 1_000_001 }, 'arrivals'],
    ['zero interval', 'erlang-c', { ...example, intervalSeconds: 0 }, 'intervalSeconds'],
    ['interval over a week', 'erlang-c', { ...example, intervalSeconds: 604_801 }, 'intervalSeconds'],
    ['zero AHT', 'erlang-c', { ...example, ahtSeconds: '0.0' }, 'ahtSeconds'],
    ['target time over a day', 'erlang-c', { ...example, targetSeconds: 86_401 }, 'targetSeconds'],
    ['service level 1', 'erlang-c', { ...example, targetServiceLevel: 1 }, 'targetServiceLevel'],
    ['service level 0', 'erlang-a', { ...example, targetServiceLevel: 0, patienceSeconds: 60 }, 'targetServiceLevel'],
    ['service level as a percentage', 'erlang-c', { ...example, targetServiceLevel: 80 }, 'targetServiceLevel'],
    ['fractional agents', 'erlang-c', { ...example, agents: 2.5 }, 'agents'],
    ['too many agents', 'erlang-c', { ...example, agents: 100_001 }, 'agents'],
    ['shrinkage of 1', 'erlang-c', { ...example, shrinkage: 1 }, 'shrinkage'],
    ['zero patience', 'erlang-a', { ...example, patienceSeconds: 0 }, 'patienceSeconds'],
    ['patience as words', 'erlang-a', { ...example, patienceSeconds: 'forever' }, 'patienceSeconds'],
    ['negative infinity', 'erlang-a', { ...example, patienceSeconds: '-Infinity' }, 'patienceSeconds'],
    ['traffic beyond the model', 'erlang-c', { ...example, arrivals: 1_000_000, intervalSeconds: 60 }, 'arrivals'],
  ];
  for (const [name, path, params, parameter] of cases) {
    const res = await get(path, params);
    assert.equal(res.status, 400, `${name}: ${res.status} ${JSON.stringify(res.body)}`);
    assert.match(res.type, /^application\/problem\+json/, name);
    assert.equal(res.body.code, 'ENTRE_VALIDATION', name);
    assert.ok(String(res.body.detail).includes(parameter), `${name}: the detail names ${parameter}: ${res.body.detail}`);
    assert.ok((res.body.errors as { path: string; message: string }[] | undefined)?.some((e) => e.path.includes(parameter) || e.message.includes(parameter)),
      `${name}: errors[] names ${parameter}: ${JSON.stringify(res.body.errors)}`);
  }
  // Several wrong at once: every one is named.
  const several = await get('erlang-c', { ...example, intervalSeconds: 0, targetServiceLevel: 2 });
  assert.deepEqual((several.body.errors as { path: string }[]).map((e) => e.path).sort(), ['/intervalSeconds', '/targetServiceLevel']);
  // An unknown parameter is refused rather than silently ignored.
  const unknown = await get('erlang-c', { ...example, agentz: 3 });
  assert.equal(unknown.status, 400);
  const repeated = await app.http.inject({ method: 'GET', url: '/api/v1/staffing/erlang-c?arrivals=1&arrivals=2&intervalSeconds=900&ahtSeconds=300&targetSeconds=20&targetServiceLevel=0.8' });
  assert.equal(repeated.statusCode, 400);
  assert.match(repeated.json().detail, /arrivals/);
});

test('both calculators are in the OpenAPI document with their query parameters', async () => {
  const doc = (await app.http.inject({ method: 'GET', url: '/docs/json' })).json() as {
    paths: Record<string, { get?: { parameters?: { name: string; in: string; required?: boolean }[] } }>;
  };
  for (const [path, extra] of [['/api/v1/staffing/erlang-c', []], ['/api/v1/staffing/erlang-a', ['patienceSeconds']]] as const) {
    const params = doc.paths[path]?.get?.parameters ?? [];
    const required = params.filter((p) => p.in === 'query' && p.required).map((p) => p.name).sort();
    assert.deepEqual(required, ['ahtSeconds', 'arrivals', 'intervalSeconds', ...extra, 'targetSeconds', 'targetServiceLevel'].sort(), path);
    assert.ok(params.some((p) => p.name === 'agents' && !p.required), `${path} documents the optional agents`);
  }
});
