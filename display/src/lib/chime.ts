/**
 * A short two-tone chime made with Web Audio: no audio files. Browsers may block sound
 * until a user gesture (autoplay policy); then the chime is silent and nothing breaks.
 * Wall displays should run with `--autoplay-policy=no-user-gesture-required`.
 */
export interface Chime {
  play(volume: number): void;
}

export function createWebAudioChime(): Chime {
  let context: AudioContext | null = null;

  const ensure = (): AudioContext | null => {
    if (context) return context;
    const Ctor = globalThis.AudioContext ?? (globalThis as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctor) return null;
    context = new Ctor();
    return context;
  };

  // If someone touches the screen once, sound is allowed from then on.
  const unlock = () => {
    try {
      void ensure()?.resume().catch(() => undefined);
    } catch {
      /* no audio on this device */
    }
  };
  globalThis.addEventListener?.('pointerdown', unlock, { once: true });
  globalThis.addEventListener?.('keydown', unlock, { once: true });

  function tone(ctx: AudioContext, frequency: number, start: number, length: number, volume: number) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(Math.max(0.0002, volume * 0.6), start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start);
    osc.stop(start + length + 0.05);
  }

  return {
    play(volume) {
      if (volume <= 0) return;
      try {
        const ctx = ensure();
        if (!ctx) return;
        if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
        const at = ctx.currentTime + 0.05;
        tone(ctx, 659.25, at, 0.7, volume);        // E5
        tone(ctx, 523.25, at + 0.35, 1.1, volume); // C5
      } catch (err) {
        console.warn('display: chime unavailable', err);
      }
    },
  };
}
