/**
 * The "it is your turn" alert on the phone: a short chime drawn with WebAudio oscillators
 * (no sound file to fetch) and a vibration. Browsers allow sound only after a tap, so the
 * page offers a button that unlocks audio; until then, and wherever a part is missing,
 * the alert does what it can and stays quiet about the rest.
 */
export interface Alerter {
  /** This browser can play sound once a tap unlocks it. */
  readonly soundSupported: boolean;
  /** Call from a tap: unlocks audio and plays one soft tone; true when sound is on. */
  enableSound(): Promise<boolean>;
  /** Sound (if unlocked) and vibration (if the phone has it). Never throws. */
  alert(): void;
}

type AudioContextCtor = new () => AudioContext;

/** Tones of the alert: [start s, frequency Hz, length s]; two rising pairs, about a second. */
const CHIME: readonly (readonly [number, number, number])[] = [
  [0, 660, 0.18], [0.24, 880, 0.26], [0.7, 660, 0.18], [0.94, 880, 0.3],
];

export function createBrowserAlerter(win: Window & typeof globalThis = window): Alerter {
  const Ctor = (win.AudioContext ?? (win as unknown as { webkitAudioContext?: AudioContextCtor }).webkitAudioContext) as AudioContextCtor | undefined;
  let ctx: AudioContext | null = null;

  function tone(audio: AudioContext, start: number, frequency: number, length: number, volume = 0.35): void {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = 'sine';
    osc.frequency.value = frequency;
    // A quick fade in and out: no click at either end.
    gain.gain.setValueAtTime(0, start);
    gain.gain.linearRampToValueAtTime(volume, start + 0.02);
    gain.gain.setValueAtTime(volume, start + length - 0.04);
    gain.gain.linearRampToValueAtTime(0, start + length);
    osc.connect(gain).connect(audio.destination);
    osc.start(start);
    osc.stop(start + length + 0.02);
  }

  function vibrate(): void {
    const nav = win.navigator as Navigator & { userActivation?: { hasBeenActive: boolean } };
    // Chrome refuses (and warns) before the first tap; skip rather than be refused.
    if (typeof nav.vibrate !== 'function' || nav.userActivation?.hasBeenActive === false) return;
    try { nav.vibrate([300, 150, 300]); } catch { /* not allowed here: the screen and title still say it */ }
  }

  return {
    soundSupported: Ctor !== undefined,
    async enableSound() {
      if (!Ctor) return false;
      try {
        ctx ??= new Ctor();
        // resume() can stay pending on a phone without an audio route: do not wait forever.
        await Promise.race([ctx.resume(), new Promise((r) => win.setTimeout(r, 1500))]);
        if (ctx.state !== 'running') return false;
        tone(ctx, ctx.currentTime + 0.02, 880, 0.15, 0.2);
        return true;
      } catch {
        return false;
      }
    },
    alert() {
      vibrate();
      const audio = ctx;
      if (!audio) return;
      try {
        if (audio.state !== 'running') void audio.resume().catch(() => undefined);
        const t0 = audio.currentTime + 0.05;
        for (const [at, frequency, length] of CHIME) tone(audio, t0 + at, frequency, length);
      } catch {
        // Audio went away (device switched, context closed): the page still shows the call.
      }
    },
  };
}
