// The time and the scheduling the content script's parts run on, passed in: the page gets the
// browser's, and the unit tests a manual clock they move forward instead of sleeping.

export type TimerId = ReturnType<typeof setTimeout>

export interface Clock {
  /** Milliseconds on a monotonic clock (performance.now() in a page). */
  now(): number
  setTimeout(run: () => void, ms: number): TimerId
  clearTimeout(id: TimerId): void
  /** Resolves once the page has had its main thread back. */
  yieldToPage(): Promise<void>
}

/**
 * Gives the page its main thread back between slices of work. setTimeout(0) is clamped to 4 ms
 * once nested, which on a big page left the main thread idle a third of the time; scheduler.yield()
 * (Chromium) resumes as soon as the page's own work is done, a MessageChannel message elsewhere.
 */
function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler
  if (typeof scheduler?.yield === 'function') return scheduler.yield()
  return new Promise((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => resolve()
    channel.port2.postMessage(null)
  })
}

/** The browser's clock; every global is read at call time. */
export const browserClock: Clock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (id) => clearTimeout(id),
  yieldToPage,
}
