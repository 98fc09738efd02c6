// The bench's timing of the content script's work: stretches between yields, summed and the longest kept.
import { describe, it, expect } from 'vitest'
import { meterInto, Stretch } from '../../src/content/timing'
import { ManualClock } from '../helpers/manual-clock'

describe('work timing', () => {
  it('adds up the stretches of work and keeps the longest, leaving out the time the page had its main thread back', async () => {
    const clock = new ManualClock()
    const state = { busyMs: 0, longestMs: 0 }
    const stretch = new Stretch(clock, meterInto(state))
    clock.time += 6
    expect(stretch.over(8)).toBe(false)
    clock.time += 3
    expect(stretch.over(8)).toBe(true)
    clock.onYield = () => (clock.time += 100)
    await stretch.yield()
    clock.time += 4
    stretch.end()
    expect(state).toEqual({ busyMs: 13, longestMs: 9 })
    expect(clock.yields).toBe(1)
  })
})
