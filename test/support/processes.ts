import { readdirSync, readFileSync } from 'node:fs';

/** A process as /proc shows it; its start time tells it apart from a later process given the same pid. */
export interface ProcessRef {
  pid: number;
  startTime: string;
  cmdline: string;
}

/** The process's parent pid, state and start time, or undefined once it is gone. */
function stat(pid: number): { ppid: number; state: string; startTime: string } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: split after its last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), state: fields[0], startTime: fields[19] };
  } catch {
    return undefined;
  }
}

/** The live children of a process (Linux /proc). */
export function childProcesses(parent: number): ProcessRef[] {
  const children: ProcessRef[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const info = stat(pid);
    if (!info || info.ppid !== parent || !isRunning({ pid, startTime: info.startTime, cmdline: '' })) continue;
    try {
      children.push({ pid, startTime: info.startTime, cmdline: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ') });
    } catch {
      // exited while we looked
    }
  }
  return children;
}

/**
 * True while the process runs (or is stopped). A zombie has ended: whether its new parent reaps it
 * is up to that parent. A pid now held by another process counts as gone.
 */
export function isRunning(process: ProcessRef): boolean {
  const info = stat(process.pid);
  return !!info && info.startTime === process.startTime && info.state !== 'Z' && info.state !== 'X';
}
