/**
 * Spoken calls through the browser's own speech synthesis, where it has a voice for the
 * language; without one (or without speechSynthesis at all) the phrase is skipped silently.
 */
export interface Speech {
  /** Resolves true when spoken, false when there is no voice for `lang`. */
  speak(text: string, lang: string, volume: number): Promise<boolean>;
}

export interface VoiceLike { lang: string; localService: boolean; default: boolean }

/** The voice for a BCP-47 language: an exact or regional match, local voices first. */
export function bestVoice<V extends VoiceLike>(voices: readonly V[], lang: string): V | undefined {
  const want = lang.toLowerCase();
  const norm = (v: V) => v.lang.toLowerCase().replace('_', '-');
  const fits = voices.filter((v) => norm(v) === want || norm(v).startsWith(`${want}-`));
  return fits.sort((a, b) => Number(b.localService) - Number(a.localService) || Number(b.default) - Number(a.default))[0];
}

export function browserSpeech(): Speech | null {
  const synth = (globalThis as { speechSynthesis?: SpeechSynthesis }).speechSynthesis;
  if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return null;
  // Chromium lists its voices only after being asked once; ask now, long before the first call.
  synth.getVoices();
  return {
    speak(text, lang, volume) {
      const voice = bestVoice(synth.getVoices(), lang);
      if (!voice) return Promise.resolve(false);
      return new Promise<boolean>((resolve) => {
        const utterance = new SpeechSynthesisUtterance(text);
        utterance.voice = voice;
        utterance.lang = voice.lang;
        utterance.volume = Math.min(1, Math.max(0, volume));
        utterance.rate = 0.9;
        const done = () => { clearTimeout(guard); resolve(true); };
        // Some engines never fire `end`; a call must not wait for ever.
        const guard = setTimeout(done, 4_000 + text.length * 150);
        utterance.onend = done;
        utterance.onerror = done;
        synth.speak(utterance);
      });
    },
  };
}
