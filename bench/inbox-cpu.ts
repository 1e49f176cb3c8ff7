/**
 * Where the machine's CPU went during a phase: user + system seconds of each process of the run
 * (the server, PostgreSQL's processes, the load generator, the agents' sockets), read from /proc
 * four times a second, so that a process that ends during the phase (a load generator, an idle
 * pooled connection's backend) still counts up to its last reading. Linux only; elsewhere the
 * figures are zero.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function ticksOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime, stime
  } catch {
    return undefined;
  }
}

/**
 * PostgreSQL's processes that work for the bench: the backends connected to its database (the
 * process title names it) and the shared writers (WAL, checkpoints). Other databases' backends on
 * the same server are not counted.
 */
function postgresPids(database: string): number[] {
  try {
    return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number).filter((pid) => {
      try {
        if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') return false;
        const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return title.includes(` ${database} `) || /: (walwriter|checkpointer|background writer)/.test(title);
      } catch {
        return false;
      }
    });
  } catch {
    return [];
  }
}

export interface CpuMeter {
  /** CPU seconds of each process (and of PostgreSQL's, together) since the meter started. */
  stop(): Record<string, number>;
}

/** Starts counting; `processes` is asked at each reading (a restarted server has a new pid). */
export function cpuMeter(database: string, processes: () => Record<string, number | undefined>): CpuMeter {
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  let initial = true;
  const read = () => {
    const named = Object.entries(processes()).filter((entry): entry is [string, number] => entry[1] !== undefined);
    for (const [name, pid] of [...named, ...postgresPids(database).map((pid) => ['postgresql', pid] as [string, number])]) {
      const ticks = ticksOf(pid);
      if (ticks === undefined) continue;
      const key = `${name}:${pid}`;
      // A process first seen after the start did all its work during the phase.
      if (!first.has(key)) first.set(key, initial ? ticks : 0);
      last.set(key, ticks);
    }
    initial = false;
  };
  read();
  const timer = setInterval(read, 250);
  return {
    stop() {
      read();
      clearInterval(timer);
      const seconds: Record<string, number> = {};
      for (const [key, ticks] of last) {
        const name = key.slice(0, key.lastIndexOf(':'));
        seconds[name] = (seconds[name] ?? 0) + (ticks - first.get(key)!) / TICKS_PER_SECOND;
      }
      for (const name of Object.keys(seconds)) seconds[name] = Math.round(seconds[name]! * 100) / 100;
      return seconds;
    },
  };
}
