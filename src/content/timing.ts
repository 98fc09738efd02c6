// How long the content script holds the page's main thread at a time: what the browser tests
// and the bench read (WatchState.longestMs, busyMs). The parts that work in slices mark each
// slice with a Stretch, which they need anyway to know when to yield; its length goes to a meter
// the product never reads back.

import type { Clock } from './clock'

/** Told the length (ms) of every stretch of main-thread work. */
export type WorkMeter = (ms: number) => void

/** A meter that keeps nothing. */
export const unmetered: WorkMeter = () => {}

/** The meter the browser tests and the bench read: all the time taken, and the longest stretch. */
export function meterInto(state: { busyMs: number; longestMs: number }): WorkMeter {
  return (ms) => {
    state.busyMs += ms
    if (ms > state.longestMs) state.longestMs = ms
  }
}

/** Main-thread work from now until end() or the next yield, reported to the meter. */
export class Stretch {
  #start: number

  constructor(
    private readonly clock: Clock,
    private readonly meter: WorkMeter,
  ) {
    this.#start = clock.now()
  }

  /** True once this stretch has run longer than `ms`. */
  over(ms: number): boolean {
    return this.clock.now() - this.#start > ms
  }

  /** Ends the stretch: its length goes to the meter. */
  end(): void {
    this.meter(this.clock.now() - this.#start)
  }

  /** Ends the stretch, gives the page its main thread back, and starts the next stretch. */
  async yield(): Promise<void> {
    this.end()
    await this.clock.yieldToPage()
    this.#start = this.clock.now()
  }
}
