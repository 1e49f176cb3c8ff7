/**
 * A V8 CPU profile of the server, summed up: the share of busy time spent in each package (or
 * Careloop module, or runtime work such as socket writes and garbage collection) and in the
 * busiest functions, by self time.
 */

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
export interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

export interface CpuSummary {
  /** Milliseconds sampled, and of those not idle (nor the profiler's own). */
  sampledMs: number;
  busyMs: number;
  /** Share of busy time, in percent. */
  byArea: { area: string; percent: number }[];
  topFunctions: { fn: string; percent: number }[];
}

function areaOf(frame: CallFrame): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url);
  if (pkg) return pkg[1]!;
  const module = /\/src\/(modules\/[^/]+|platform|db)\//.exec(frame.url);
  if (module) return `careloop ${module[1]}`;
  if (frame.url.includes('/src/')) return 'careloop';
  if (frame.url.includes('/bench/')) return 'bench probe';
  if (frame.url.startsWith('node:')) return `node ${frame.url.slice(5).split('/').slice(0, 2).join('/')}`;
  // Native work without a script: socket writes (writev), GC, the program itself.
  return frame.functionName || '(native)';
}

export function summarize(profile: CpuProfile, top = 12): CpuSummary {
  const byNode = new Map<number, ProfileNode>(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  /**
   * Native work (a socket write, a builtin) counts in the area of the code that caused it: the
   * nearest caller outside Node's own modules (a writev under net and streams belongs to ws, pg or
   * fastify), else the nearest caller at all.
   */
  const callerArea = (id: number): string => {
    let nearest: string | undefined;
    for (let at = parent.get(id); at !== undefined; at = parent.get(at)) {
      const frame = byNode.get(at)!.callFrame;
      if (!frame.url) continue;
      if (!frame.url.startsWith('node:')) return areaOf(frame);
      nearest ??= areaOf(frame);
    }
    return nearest ?? 'runtime';
  };
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let sampledMs = 0;
  let idleMs = 0;
  for (const [id, ms] of selfMs) {
    const frame = byNode.get(id)!.callFrame;
    sampledMs += ms;
    const area0 = frame.url ? '' : callerArea(id);
    // Idle, and the profiler's own work (serializing the profile when asked for it), are not the server's.
    if (frame.functionName === '(idle)' || area0 === 'node inspector' || area0 === 'bench probe' || frame.url === 'node:inspector') {
      idleMs += ms;
      continue;
    }
    const area = frame.url || ['(garbage collector)', '(program)'].includes(frame.functionName) ? areaOf(frame) : `${area0} (native ${frame.functionName || '?'})`;
    areas.set(area, (areas.get(area) ?? 0) + ms);
    const where = frame.url ? ` ${frame.url.replace(/^.*node_modules\//, '').replace(/^.*\/(src|bench)\//, '$1/')}:${frame.lineNumber + 1}` : '';
    const fn = `${frame.functionName || '(anonymous)'}${where}`;
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
  }
  const busyMs = sampledMs - idleMs;
  const share = (ms: number) => Math.round((ms / Math.max(busyMs, 1)) * 1000) / 10;
  const ranked = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    sampledMs: Math.round(sampledMs),
    busyMs: Math.round(busyMs),
    byArea: ranked(areas).map(([area, ms]) => ({ area, percent: share(ms) })),
    topFunctions: ranked(functions).map(([fn, ms]) => ({ fn, percent: share(ms) })),
  };
}
