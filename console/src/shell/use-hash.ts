import { useEffect, useState } from 'preact/hooks';

/** The address's `#…` part, kept current on back/forward and link clicks. */
export function useHash(): string {
  const [hash, setHash] = useState(() => location.hash);
  useEffect(() => {
    const update = () => setHash(location.hash);
    addEventListener('hashchange', update);
    // A replaceState() (landing redirect) fires no event: read it once more after mount.
    update();
    return () => removeEventListener('hashchange', update);
  }, []);
  return hash;
}

/** Changes the hash without a history entry and tells useHash() listeners about it. */
export function replaceHash(hash: string): void {
  const url = new URL(location.href);
  url.hash = hash;
  history.replaceState(history.state, '', url);
  dispatchEvent(new HashChangeEvent('hashchange'));
}
