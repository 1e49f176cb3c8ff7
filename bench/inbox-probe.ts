/**
 * Loaded into the Careloop server child with --import (bench only): on the parent's word it starts
 * recording every database statement the server sends, and on the next word answers with them,
 * counted by verb and table. Idle (nothing wrapped) until asked, so it costs nothing under load.
 */
import { categorize, recordQueries, type Recorder } from './profile.js';

export interface ProbeRequest {
  probe: 'start' | 'stop';
}

export interface ProbeStatement {
  statement: string;
  count: number;
  ms: number;
}

export interface ProbeResult {
  probe: 'result';
  statements: ProbeStatement[];
}

let recorder: Recorder | undefined;

if (process.send) {
  process.on('message', (message: ProbeRequest) => {
    if (message?.probe === 'start') {
      recorder?.stop();
      recorder = recordQueries();
    } else if (message?.probe === 'stop' && recorder) {
      recorder.stop();
      const byStatement = new Map<string, ProbeStatement>();
      for (const query of recorder.queries) {
        const statement = categorize(query.sql);
        const entry = byStatement.get(statement) ?? { statement, count: 0, ms: 0 };
        entry.count += 1;
        entry.ms += Number.isFinite(query.ms) ? query.ms : 0;
        byStatement.set(statement, entry);
      }
      recorder = undefined;
      const result: ProbeResult = { probe: 'result', statements: [...byStatement.values()].sort((a, b) => b.count - a.count) };
      process.send!(result);
    }
  });
  // The IPC channel must not keep a server alive that was told to stop.
  process.channel?.unref();
}
