/**
 * A background worker's runs: whenever woken or called, never two at once (a call during a run is
 * served by one run after it), and a stop that waits for both. The scheduler's jobs call
 * `runOnce` on their interval. The webhook outbox and the mail queue dispatchers are built on it.
 */
export interface RunLoop<R> {
  /** Ignores later wakes and resolves once the run in flight (and one queued) has finished. */
  stop(): Promise<void>;
  /** Runs soon; a failure goes to `onError`. Ignored once stopped. */
  wake(): void;
  /** One run, or the one queued after the run in flight. */
  runOnce(): Promise<R>;
}

export function createRunLoop<R>(run: () => Promise<R>, onError: (error: unknown) => void): RunLoop<R> {
  let current: Promise<R> | undefined;
  let queued: Promise<R> | undefined;
  let stopped = false;

  const runOnce = (): Promise<R> => {
    if (!current) {
      current = run().finally(() => {
        current = undefined;
      });
      return current;
    }
    queued ??= current
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return runOnce();
      });
    return queued;
  };

  const wake = () => {
    if (stopped) return;
    runOnce().catch(onError);
  };

  return {
    async stop() {
      stopped = true;
      await Promise.allSettled([current, queued]);
    },
    wake,
    runOnce,
  };
}
