import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** CPU time (ms) used so far, per process group we care about, plus the machine's idle time. */
export interface CpuSnapshot {
  at: number;
  byGroup: Map<string, number>;
  idleMs: number;
}

// USER_HZ is 100 on every Linux build Node supports.
const TICK_MS = 10;

/**
 * Reads /proc: each process is put in a group by `classify` (its pid and command name), or
 * left out; the machine's idle time comes from /proc/stat. Two snapshots give where the cores went.
 */
export function cpuSnapshot(classify: (pid: number, comm: string) => string | undefined): CpuSnapshot {
  const byGroup = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const group = classify(pid, comm);
    if (!group) continue;
    const fields = stat.slice(close + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after "pid (comm) ".
    const ms = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    byGroup.set(group, (byGroup.get(group) ?? 0) + ms);
  }
  const idle = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  return { at: performance.now(), byGroup, idleMs: (Number(idle[4]) + Number(idle[5])) * TICK_MS };
}

/** "detector 0.92 cores, postgres 0.71, …, idle 0.10 of 2" between two snapshots. */
export function describeCpuSplit(from: CpuSnapshot, to: CpuSnapshot): string {
  const wall = to.at - from.at;
  const parts = [...to.byGroup.entries()]
    .map(([group, ms]) => [group, (ms - (from.byGroup.get(group) ?? 0)) / wall] as const)
    .sort((a, b) => b[1] - a[1])
    .map(([group, cores]) => `${group} ${cores.toFixed(2)}`);
  return `${parts.join(', ')}, idle ${((to.idleMs - from.idleMs) / wall).toFixed(2)} of ${cpus().length} cores`;
}
