/**
 * Where the machine's CPU went during a phase: user + system seconds of each process of the run
 * (the server, PostgreSQL's processes, the load generator, the agents' sockets), read from /proc
 * before and after. Linux only; elsewhere the figures are left out.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function ticksOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime, stime
  } catch {
    return 0;
  }
}

function postgresPids(): number[] {
  try {
    return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number).filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
      } catch {
        return false;
      }
    });
  } catch {
    return [];
  }
}

export type CpuSnapshot = Map<string, number>;

/** CPU ticks so far of each named process, and of all PostgreSQL processes together. */
export function cpuSnapshot(processes: Record<string, number | undefined>): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map();
  for (const [name, pid] of Object.entries(processes)) if (pid) snapshot.set(name, ticksOf(pid));
  snapshot.set('postgresql', postgresPids().reduce((sum, pid) => sum + ticksOf(pid), 0));
  return snapshot;
}

/** CPU seconds each process used between two snapshots (a PostgreSQL backend that ended in between is not counted). */
export function cpuSeconds(before: CpuSnapshot, after: CpuSnapshot): Record<string, number> {
  const used: Record<string, number> = {};
  for (const [name, ticks] of after) used[name] = Math.max(0, Math.round(((ticks - (before.get(name) ?? 0)) / TICKS_PER_SECOND) * 100) / 100);
  return used;
}
