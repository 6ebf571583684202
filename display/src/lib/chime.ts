/**
 * The call chime: a shipped sound file (public/chime.wav, made by scripts/make-chime.mjs)
 * played at the configured volume. Browsers may block sound until a user gesture
 * (autoplay policy); wall displays run with `--autoplay-policy=no-user-gesture-required`,
 * and one touch on the screen also unlocks it. A chime that cannot play is silent and
 * never holds up the next one.
 */
export interface Chime {
  /** Resolves when the chime has finished (or could not play). */
  play(volume: number): Promise<void>;
}

/** Longer than the file (1.7 s): the queue moves on even if `ended` never comes. */
const GUARD_MS = 3_000;

export function createAudioChime(url = 'chime.wav'): Chime {
  if (typeof Audio === 'undefined') return { play: async () => undefined };
  const audio = new Audio(url);
  audio.preload = 'auto';
  const unlock = () => {
    // A muted play inside the gesture lets later unmuted plays through.
    audio.muted = true;
    void audio.play().then(() => { audio.pause(); audio.muted = false; }, () => { audio.muted = false; });
  };
  addEventListener('pointerdown', unlock, { once: true });

  return {
    play(volume) {
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(guard);
          audio.removeEventListener('ended', done);
          audio.removeEventListener('error', done);
          resolve();
        };
        const guard = setTimeout(done, GUARD_MS);
        audio.addEventListener('ended', done);
        audio.addEventListener('error', done);
        try {
          audio.pause();
          audio.currentTime = 0;
          audio.volume = Math.min(1, Math.max(0, volume));
          audio.play().catch((err: Error) => {
            console.warn(`display: chime not played (${err.name})`);
            done();
          });
        } catch {
          done();
        }
      });
    },
  };
}
