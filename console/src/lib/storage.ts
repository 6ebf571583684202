/** Remembers the chosen service point per browser; never throws (private mode, quotas). */
export interface PointMemory {
  read(): string | null;
  write(point: string): void;
}

const KEY = 'entre.console.point';

export function localPointMemory(storage: Storage | undefined = globalThis.localStorage): PointMemory {
  return {
    read() {
      try {
        return storage?.getItem(KEY) ?? null;
      } catch {
        return null;
      }
    },
    write(point) {
      try {
        storage?.setItem(KEY, point);
      } catch {
        /* not remembered; the query parameter still works */
      }
    },
  };
}
