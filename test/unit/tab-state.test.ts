// The worker's per-tab findings: kept in memory, written to storage.session behind them, and read
// back once after the worker was stopped and started again.
import { describe, it, expect } from 'vitest'
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

describe('tab state', () => {
  it('keeps every finding when several requests arrive while a restarted worker reads the old list', async () => {
    const session = slowSession({ 'tab:7': [finding('800-555-0100')] })
    const tabs = new TabState(session, 5)
    const [a, b] = await Promise.all([tabs.add(7, [finding('888-555-0101')]), tabs.add(7, [finding('877-555-0102')])])
    expect(a).toBe(b)
    expect((await tabs.findings(7)).map((f) => f.text)).toEqual(['800-555-0100', '888-555-0101', '877-555-0102'])
    await new Promise((r) => setTimeout(r, 30))
    expect((session.data['tab:7'] as TabFinding[]).map((f) => f.text)).toEqual(['800-555-0100', '888-555-0101', '877-555-0102'])
  })

  it('forgets a tab that navigates away, in memory and in storage', async () => {
    const session = slowSession({})
    const tabs = new TabState(session, 5)
    await tabs.add(3, [finding('800-555-0100')])
    await tabs.clear(3)
    expect(await tabs.findings(3)).toEqual([])
    expect(session.data['tab:3']).toBeUndefined()
  })

  it('counts only warnings on the toolbar: an unconfirmed, unverified, trusted or official number is not one', () => {
    const verdicts: BadgeVerdict[] = ['spoofed', 'lookalike', 'mismatch', 'unconfirmed', 'unverified', 'trusted', 'official']
    expect(flaggedCount(verdicts.map((v, i) => finding(`800-555-010${i}`, v)))).toBe(3)
    expect(flaggedCount([finding('800-555-0100', 'unconfirmed'), finding('800-555-0101', 'unconfirmed')])).toBe(0)
  })
})
