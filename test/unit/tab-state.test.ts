// The worker's per-tab findings: kept in memory, written to storage.session behind them, and read
// back once after the worker was stopped and started again. On fake timers: nothing here sleeps.
import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest'
import { flaggedCount, TabState, type SessionStore } from '../../src/background/tab-state'
import type { BadgeVerdict, TabFinding } from '../../src/messages'

function finding(text: string, verdict: BadgeVerdict = 'spoofed'): TabFinding {
  return { text, verdict, e164: `+1${text.replace(/\D/g, '')}`, display: text, reason: 'not listed', alternatives: [], shownDisplay: null, pageUrl: 'https://scam.example/', frameId: 0 }
}

function slowSession(initial: Record<string, unknown>): SessionStore & { data: Record<string, unknown> } {
  const data = { ...initial }
  return {
    data,
    // Like storage.session: every read is a fresh copy.
    get: (k) => new Promise((resolve) => setTimeout(() => resolve(structuredClone(data[k])), 20)),
    set: async (items) => {
      Object.assign(data, items)
    },
    remove: async (k) => {
      delete data[k]
    },
  }
}

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('tab state', () => {
  it('keeps every finding when several requests arrive while a restarted worker reads the old list', async () => {
    const session = slowSession({ 'tab:7': [finding('800-555-0100')] })
    const tabs = new TabState(session, 5)
    const adding = Promise.all([tabs.add(7, [finding('888-555-0101')]), tabs.add(7, [finding('877-555-0102')])])
    // storage.session answers after 20 ms.
    await vi.advanceTimersByTimeAsync(20)
    const [a, b] = await adding
    expect(a).toBe(b)
    expect((await tabs.findings(7)).map((f) => f.text)).toEqual(['800-555-0100', '888-555-0101', '877-555-0102'])
    // Written behind, 5 ms later: not before.
    expect((session.data['tab:7'] as TabFinding[]).map((f) => f.text)).toEqual(['800-555-0100'])
    await vi.advanceTimersByTimeAsync(5)
    expect((session.data['tab:7'] as TabFinding[]).map((f) => f.text)).toEqual(['800-555-0100', '888-555-0101', '877-555-0102'])
  })

  it('writes the changes of several tabs in one write', async () => {
    const session = slowSession({})
    const writes: Array<Record<string, unknown>> = []
    const set = session.set
    session.set = async (items) => {
      writes.push(items)
      await set(items)
    }
    const tabs = new TabState(session, 250)
    const adding = Promise.all([tabs.add(1, [finding('800-555-0100')]), tabs.add(2, [finding('888-555-0101')])])
    await vi.advanceTimersByTimeAsync(20)
    await adding
    await tabs.add(1, [finding('877-555-0102')])
    await vi.advanceTimersByTimeAsync(249)
    expect(writes).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(writes.map((w) => Object.keys(w).sort())).toEqual([['tab:1', 'tab:2']])
    expect((session.data['tab:1'] as TabFinding[]).map((f) => f.text)).toEqual(['800-555-0100', '877-555-0102'])
  })

  it('forgets a tab that navigates away, in memory and in storage', async () => {
    const session = slowSession({})
    const tabs = new TabState(session, 5)
    const adding = tabs.add(3, [finding('800-555-0100')])
    await vi.advanceTimersByTimeAsync(20)
    await adding
    await tabs.clear(3)
    // Read back from storage.session (20 ms), and the write that was due meanwhile wrote nothing back.
    const reading = tabs.findings(3)
    await vi.advanceTimersByTimeAsync(20)
    expect(await reading).toEqual([])
    expect(session.data['tab:3']).toBeUndefined()
  })

  it('counts only warnings on the toolbar: an unconfirmed, unverified, trusted or official number is not one', () => {
    const verdicts: BadgeVerdict[] = ['spoofed', 'lookalike', 'mismatch', 'unconfirmed', 'unverified', 'trusted', 'official']
    expect(flaggedCount(verdicts.map((v, i) => finding(`800-555-010${i}`, v)))).toBe(3)
    expect(flaggedCount([finding('800-555-0100', 'unconfirmed'), finding('800-555-0101', 'unconfirmed')])).toBe(0)
  })
})
