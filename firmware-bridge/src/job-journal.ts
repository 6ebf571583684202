import { appendFileSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The bridge's memory of which jobs it sent to paper, kept in a file so a restarted bridge
 * never prints a job twice (the server re-sends what it has no answer for). A job is
 * written down BEFORE its bytes go to the printer, and struck out if the write fails:
 * a crash in between then loses that one print (the visitor still has the number on the
 * kiosk screen and the server times the job out) rather than printing it twice.
 * Lines are `+id` and `-id`; the file is compacted to the newest `limit` ids.
 */
export interface JobJournal {
  has(jobId: string): boolean;
  /** Before the write; durable when it returns. */
  intend(jobId: string): void;
  /** The write failed: the job may be printed again by a later job message. */
  strike(jobId: string): void;
}

export function createJobJournal(path: string, limit = 5000): JobJournal {
  mkdirSync(dirname(path), { recursive: true });
  const ids = new Set<string>();
  let lines = 0;
  try {
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (line.length < 2) continue;
      lines++;
      const id = line.slice(1);
      if (line[0] === '+') { ids.delete(id); ids.add(id); } else if (line[0] === '-') ids.delete(id);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }

  const append = (line: string) => {
    const fd = openSync(path, 'a');
    try {
      appendFileSync(fd, line + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    lines++;
  };

  const compact = () => {
    while (ids.size > limit) ids.delete(ids.values().next().value!);
    const tmp = `${path}.tmp`;
    writeFileSync(tmp, [...ids].map((id) => `+${id}\n`).join(''));
    renameSync(tmp, path);
    lines = ids.size;
  };
  if (lines > 2 * limit) compact();

  return {
    has: (jobId) => ids.has(jobId),
    intend(jobId) {
      if (/[\n\r]/.test(jobId)) throw new Error('a job id may not contain a line break');
      append(`+${jobId}`);
      ids.delete(jobId);
      ids.add(jobId);
      if (lines > 2 * limit) compact();
    },
    strike(jobId) {
      if (!ids.has(jobId)) return;
      append(`-${jobId}`);
      ids.delete(jobId);
    },
  };
}
