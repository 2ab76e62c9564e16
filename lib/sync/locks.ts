/** Named mutexes: work under the same name runs one at a time, in call order. */
export interface Locks {
  run<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/**
 * A set of named locks. Each sync service owns one, so lookups and folder creations of one
 * server never race each other (two archives adopting the same remote archive, or creating
 * the same folder twice), while separate services (tests) stay independent.
 */
export function createLocks(): Locks {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(name: string, fn: () => Promise<T>): Promise<T> {
      const run = (tails.get(name) ?? Promise.resolve()).catch(() => undefined).then(fn);
      tails.set(name, run);
      void run
        .finally(() => {
          if (tails.get(name) === run) tails.delete(name);
        })
        .catch(() => undefined);
      return run;
    },
  };
}
