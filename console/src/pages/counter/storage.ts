/** Remembers this desk's choices per browser; never throws (private mode, quotas). */
export interface DeskMemory {
  read(): string | null;
  write(value: string | null): void;
}

function remembered(key: string, storage: Storage | undefined): DeskMemory {
  return {
    read() {
      try {
        return storage?.getItem(key) ?? null;
      } catch {
        return null;
      }
    },
    write(value) {
      try {
        if (value === null) storage?.removeItem(key);
        else storage?.setItem(key, value);
      } catch {
        /* not remembered; the query parameter still works */
      }
    },
  };
}

/** The chosen service point. */
export const localPointMemory = (storage: Storage | undefined = globalThis.localStorage) => remembered('entre.console.point', storage);
/** Whom reception last acted as at this desk. */
export const localAgentMemory = (storage: Storage | undefined = globalThis.localStorage) => remembered('entre.console.agent', storage);

/** For tests and for a browser without storage. */
export function memoryOnly(initial: string | null = null): DeskMemory {
  let value = initial;
  return { read: () => value, write: (v) => { value = v; } };
}
