// A clock the tests move forward themselves, for the content script's parts (src/content/clock.ts):
// no test sleeps. Time stands still unless `tick` is set (every reading of the clock is then
// `tick` ms later, as if each step of work took that long); a yield to the page resolves at once.
import type { Clock, TimerId } from '../../src/content/clock'

interface Timer {
  at: number
  order: number
  run: () => void
}

export class ManualClock implements Clock {
  time = 0
  /** Milliseconds every call to now() takes. */
  tick = 0
  /** Times the work gave the page its main thread back. */
  yields = 0
  /** Called at each yield to the page (before it resolves). */
  onYield: (() => void) | null = null
  readonly #timers = new Map<number, Timer>()
  #next = 1

  now(): number {
    this.time += this.tick
    return this.time
  }

  setTimeout(run: () => void, ms: number): TimerId {
    const id = this.#next++
    this.#timers.set(id, { at: this.time + Math.max(0, ms), order: id, run })
    return id as unknown as TimerId
  }

  clearTimeout(id: TimerId): void {
    this.#timers.delete(id as unknown as number)
  }

  yieldToPage(): Promise<void> {
    this.yields++
    this.onYield?.()
    return Promise.resolve()
  }

  /** Timers set and not yet run. */
  get pending(): number {
    return this.#timers.size
  }

  /** Lets the work under way run until it waits for a timer (every promise chain runs out first). */
  async settle(): Promise<void> {
    // A macrotask runs only once the microtask queue is empty: the watch's own work (its yields,
    // the stand-in background, happy-dom's MutationObserver) is microtasks only.
    await new Promise<void>((resolve) => setImmediate(resolve))
  }

  /** Moves the time forward by `ms`, running each timer when its time comes and letting what it starts finish. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms
    await this.settle()
    for (;;) {
      let due: [number, Timer] | null = null
      for (const entry of this.#timers) {
        const t = entry[1]
        if (t.at <= end && (!due || t.at < due[1].at || (t.at === due[1].at && t.order < due[1].order))) due = entry
      }
      if (!due) break
      this.#timers.delete(due[0])
      this.time = Math.max(this.time, due[1].at)
      due[1].run()
      await this.settle()
    }
    this.time = Math.max(this.time, end)
  }

  /** Moves the time forward in steps of `step` ms until `done()` holds; fails after `limit` ms. */
  async until(done: () => boolean, limit: number, step = 10): Promise<number> {
    const start = this.time
    await this.settle()
    while (!done()) {
      if (this.time - start >= limit) throw new Error(`not done within ${limit} ms of clock time`)
      await this.advance(step)
    }
    return this.time - start
  }
}
