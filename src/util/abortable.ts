// Waiting on work that may not honour an AbortSignal itself (a caller's
// identify(), a comm ping, an iterator's next()): stop() must not hang on it.

/**
 * Settles like `promise`, or rejects with the signal's reason as soon as it
 * aborts. The abort listener is removed either way, so long-lived signals do
 * not accumulate listeners.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {}); // its outcome no longer matters
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => {});
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}
