import { appendFileSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The bridge's memory of which jobs it sent to paper, kept in a file so a restarted bridge
 * never prints a job twice (the server re-sends what it has no answer for). A job is
 * written down BEFORE its bytes go to the printer, marked done when the printer took them,
 * and struck out if the write fails: a crash in between leaves it sent but not done, and
 * such a job is answered `failed` rather than printed twice (the visitor still has the
 * number on the kiosk screen) or reported printed when it may not be.
 * Lines are `+id` (sent), `=id` (done) and `-id` (struck); the file is compacted to the
 * newest `limit` ids.
 */
export interface JobJournal {
  /** Sent to the printer (done or not). */
  has(jobId: string): boolean;
  /** The printer took the whole job. */
  printed(jobId: string): boolean;
  /** Before the write; durable when it returns. */
  intend(jobId: string): void;
  /** After the write succeeded; durable when it returns. */
  done(jobId: string): void;
  /** The write failed: the job may be printed again by a later job message. */
  strike(jobId: string): void;
}

export function createJobJournal(path: string, limit = 5000): JobJournal {
  mkdirSync(dirname(path), { recursive: true });
  /** Insertion-ordered: oldest first, for compaction. */
  const ids = new Map<string, 'sent' | 'printed'>();
  let lines = 0;
  try {
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (line.length < 2) continue;
      lines++;
      const id = line.slice(1);
      if (line[0] === '+') { ids.delete(id); ids.set(id, 'sent'); } else if (line[0] === '=') ids.set(id, 'printed'); else if (line[0] === '-') ids.delete(id);
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
    while (ids.size > limit) ids.delete(ids.keys().next().value!);
    const tmp = `${path}.tmp`;
    writeFileSync(tmp, [...ids].map(([id, state]) => `${state === 'printed' ? '=' : '+'}${id}\n`).join(''));
    renameSync(tmp, path);
    lines = ids.size;
  };
  if (lines > 2 * limit) compact();

  return {
    has: (jobId) => ids.has(jobId),
    printed: (jobId) => ids.get(jobId) === 'printed',
    intend(jobId) {
      if (/[\n\r]/.test(jobId)) throw new Error('a job id may not contain a line break');
      append(`+${jobId}`);
      ids.delete(jobId);
      ids.set(jobId, 'sent');
      if (lines > 2 * limit) compact();
    },
    done(jobId) {
      if (!ids.has(jobId)) return;
      append(`=${jobId}`);
      ids.set(jobId, 'printed');
      if (lines > 2 * limit) compact();
    },
    strike(jobId) {
      if (!ids.has(jobId)) return;
      append(`-${jobId}`);
      ids.delete(jobId);
    },
  };
}
