/**
 * Calls `attempt` until it returns a value other than undefined, or rejects once `timeoutMs`
 * has passed, naming what was awaited and the last thing seen. For work that finishes on its
 * own schedule (an S3-triggered function); the deadline bounds the wait, it asserts nothing.
 */
export async function waitFor<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  { timeoutMs, intervalMs = 100 }: { timeoutMs: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = "nothing yet";
  for (;;) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) {
      const seen = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}; last error: ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
