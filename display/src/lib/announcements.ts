/**
 * What a call sounds like, one call after the other: the chime, then the spoken call in
 * Swedish and in the ticket's language. Two counters calling at the same moment give two
 * chimes in a row, never on top of each other. A burst longer than the room can listen to
 * keeps every chime but drops the speech of the calls waiting behind.
 */
import type { Chime } from './chime.js';
import type { Speech } from './speech.js';

export interface Phrase { text: string; lang: string }

export interface AnnouncementJob {
  chime: boolean;
  speech: boolean;
  volume: number;
  /** What to say after the chime, in order. */
  phrases: Phrase[];
}

/** More queued than this and the spoken part is skipped. */
const SPEECH_BACKLOG = 3;

export function createAnnouncements(deps: { chime: Chime; speech: Speech | null; onChime(): void }) {
  let tail: Promise<void> = Promise.resolve();
  let queued = 0;

  async function run(job: AnnouncementJob, backlog: boolean): Promise<void> {
    if (job.chime) {
      deps.onChime();
      await deps.chime.play(job.volume);
    }
    if (!job.speech || !deps.speech || backlog) return;
    for (const p of job.phrases) await deps.speech.speak(p.text, p.lang, job.volume);
  }

  return {
    announce(job: AnnouncementJob): Promise<void> {
      queued++;
      const backlog = queued > SPEECH_BACKLOG;
      tail = tail
        .then(() => run(job, backlog))
        .catch((err: unknown) => console.warn('display: announcement failed', err))
        .finally(() => { queued--; });
      return tail;
    },
  };
}

export type Announcements = ReturnType<typeof createAnnouncements>;
