/**
 * Where a process's time went, from a `node --cpu-prof` profile: by area (the server's own
 * files, each package, Node's internals, GC, idle), and the functions with the most self
 * and total time. Total time counts a function once per sample however deep it recurses.
 */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** A short place for a script URL: the package, the repo path, or node's internals. */
export function placeOf(url: string): string {
  if (!url) return '';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node';
  const repo = /\/((?:server|protocol|web-common|firmware-bridge)\/(?:dist|src)\/.*)$/.exec(url);
  return repo ? repo[1]! : url.replace(/^file:\/\//, '');
}

export function profileSummary(profile: CpuProfile, top = 20): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const total = [...self.values()].reduce((a, b) => a + b, 0);

  const keyOf = (id: number) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const place = placeOf(url);
    return place ? `${functionName || '(anonymous)'} ${place}:${lineNumber + 1}` : functionName;
  };
  const areaOf = (id: number) => {
    const { functionName, url } = byId.get(id)!.callFrame;
    if (!url) return functionName.startsWith('(') ? functionName : '(native)';
    const place = placeOf(url);
    return /^(server|protocol|web-common)\//.test(place) ? place : place.split('/')[0]!;
  };
  const selfBy = new Map<string, number>();
  const totalBy = new Map<string, number>();
  const areas = new Map<string, number>();
  for (const [id, ms] of self) {
    selfBy.set(keyOf(id), (selfBy.get(keyOf(id)) ?? 0) + ms);
    areas.set(areaOf(id), (areas.get(areaOf(id)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) seen.add(keyOf(at));
    for (const k of seen) totalBy.set(k, (totalBy.get(k) ?? 0) + ms);
  }
  const pct = (ms: number) => `${((100 * ms) / total).toFixed(1).padStart(5)}%`;
  const rows = (m: Map<string, number>, n: number, skip: (k: string) => boolean = () => false) =>
    [...m].filter(([k]) => !skip(k)).sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, ms]) => `  ${pct(ms)} ${String(Math.round(ms)).padStart(7)} ms  ${k}`);
  const structural = (k: string) => k === '(root)' || k === '(program)' || k === '(idle)' || k === '(garbage collector)';
  return [
    `  ${Math.round(total)} ms sampled; by area (self time):`, ...rows(areas, 14),
    '  functions by self time:', ...rows(selfBy, top, structural),
    '  functions by total time (self and callees):', ...rows(totalBy, top, structural),
  ];
}
