/**
 * A background worker's schedule: `run` every `intervalMs` and whenever woken, never two runs at
 * once (a call during a run is served by one run after it), and a stop that waits for both.
 * The webhook outbox and the mail queue dispatchers are built on it.
 */
export interface RunLoop<R> {
  /** Runs now and then every `intervalMs` (default 5 s) until `stop`. */
  start(intervalMs?: number): void;
  /** Stops the timer and resolves once the run in flight (and one queued) has finished. */
  stop(): Promise<void>;
  /** Runs soon; a failure goes to `onError`. Ignored once stopped. */
  wake(): void;
  /** One run, or the one queued after the run in flight. */
  runOnce(): Promise<R>;
}

export function createRunLoop<R>(run: () => Promise<R>, onError: (error: unknown) => void): RunLoop<R> {
  let current: Promise<R> | undefined;
  let queued: Promise<R> | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
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
    start(intervalMs = 5_000) {
      stopped = false;
      if (timer !== undefined) return;
      timer = setInterval(wake, intervalMs);
      wake();
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await Promise.allSettled([current, queued]);
    },
    wake,
    runOnce,
  };
}
