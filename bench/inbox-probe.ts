/**
 * Loaded into the Careloop server child with --import (bench only). On the parent's word it
 * records every database statement the server sends (counted by verb and table), or runs V8's CPU
 * profiler (summed up by package and function); on the next word it answers with what it saw.
 * Idle until asked (nothing wrapped, no profiler), so it costs nothing under load.
 */
import { Session } from 'node:inspector/promises';
import { summarize, type CpuProfile, type CpuSummary } from './inbox-cpuprofile.js';
import { categorize, recordQueries, type Recorder } from './profile.js';

export interface ProbeRequest {
  probe: 'start' | 'stop' | 'cpu-start' | 'cpu-stop';
}

export interface ProbeStatement {
  statement: string;
  count: number;
  ms: number;
}

export type ProbeResult = { probe: 'result'; statements: ProbeStatement[] } | { probe: 'cpu'; summary: CpuSummary };

let recorder: Recorder | undefined;
let session: Session | undefined;

function statements(done: Recorder): ProbeStatement[] {
  const byStatement = new Map<string, ProbeStatement>();
  for (const query of done.queries) {
    const statement = categorize(query.sql);
    const entry = byStatement.get(statement) ?? { statement, count: 0, ms: 0 };
    entry.count += 1;
    entry.ms += Number.isFinite(query.ms) ? query.ms : 0;
    byStatement.set(statement, entry);
  }
  return [...byStatement.values()].sort((a, b) => b.count - a.count);
}

async function handle(message: ProbeRequest) {
  const reply = (result: ProbeResult) => process.send!(result);
  if (message?.probe === 'start') {
    recorder?.stop();
    recorder = recordQueries();
  } else if (message?.probe === 'stop' && recorder) {
    recorder.stop();
    reply({ probe: 'result', statements: statements(recorder) });
    recorder = undefined;
  } else if (message?.probe === 'cpu-start') {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  } else if (message?.probe === 'cpu-stop' && session) {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    session = undefined;
    reply({ probe: 'cpu', summary: summarize(profile as CpuProfile) });
  }
}

if (process.send) {
  process.on('message', (message: ProbeRequest) => void handle(message));
  // The IPC channel must not keep a server alive that was told to stop.
  process.channel?.unref();
}
