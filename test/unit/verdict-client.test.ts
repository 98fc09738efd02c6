// The content script's verdict client, with no DOM and a stand-in background: what it asks, when,
// and in which order it hands the verdicts on.
import { describe, it, expect } from 'vitest'
import type { FindingRequest } from '../../src/core/judge-finding'
import { BATCH, MAX_VERDICTS, toRequest, VerdictClient, verdictKey, type JudgeAnswer, type Judged } from '../../src/content/verdict-client'
import { finding, spoofedVerdict } from '../helpers/findings'

/** A promise the test settles itself. */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

interface Background {
  /** Every request, as sent. */
  asked: FindingRequest[][]
  /** Answers every request at once unless `hold` is set; then each waits for release(). */
  hold: boolean
  release: () => void
  judge: (findings: FindingRequest[]) => Promise<JudgeAnswer>
}

function background(): Background {
  const waiting: Array<() => void> = []
  const bg: Background = {
    asked: [],
    hold: false,
    release: () => waiting.shift()?.(),
    judge: async (findings) => {
      bg.asked.push(findings)
      if (bg.hold) await new Promise<void>((r) => waiting.push(r))
      return { verdicts: findings.map((f) => spoofedVerdict(f.digits)), report: null }
    },
  }
  return bg
}

function client(bg: Background, more: { failed?: () => void; signal?: AbortSignal } = {}): VerdictClient {
  return new VerdictClient({ judge: bg.judge, signal: more.signal ?? new AbortController().signal, failed: more.failed ?? (() => {}) })
}

/** A deliver that records what it was handed, in order. */
function recorder(): { got: string[]; deliver: (judged: Judged[]) => Promise<void> } {
  const got: string[] = []
  return {
    got,
    deliver: async (judged) => {
      for (const [f, v] of judged) got.push(`${f.text}#${f.copy}:${v.verdict}`)
    },
  }
}

/** Runs a lookup the way the page watch does: the known verdicts first, then the rest. */
async function run(c: VerdictClient, found: ReturnType<typeof finding>[], deliver: (judged: Judged[]) => Promise<void>): Promise<Judged[]> {
  const { known, rest } = c.lookup(found, deliver)
  await deliver(known)
  await rest()
  return known
}

describe('the verdict client', () => {
  it('asks once about a number shown twice in the same context, and delivers a verdict for each copy, first copy first', async () => {
    const bg = background()
    const c = client(bg)
    const { got, deliver } = recorder()
    await run(c, [finding('1-888-555-0100'), finding('1-888-555-0100', { copy: 1 })], deliver)
    expect(bg.asked.map((r) => r.map((f) => f.digits))).toEqual([['18885550100']])
    expect(got).toEqual(['1-888-555-0100#0:spoofed', '1-888-555-0100#1:spoofed'])
  })

  it('asks again for the same number in another context', async () => {
    const bg = background()
    const c = client(bg)
    await run(c, [finding('1-888-555-0100'), finding('1-888-555-0100', { nearbyText: 'UK: ' })], recorder().deliver)
    expect(bg.asked.flat()).toHaveLength(2)
  })

  it('answers a number it has a verdict for at once, with no request', async () => {
    const bg = background()
    const c = client(bg)
    await run(c, [finding('1-888-555-0100')], recorder().deliver)
    const { known, rest } = c.lookup([finding('1-888-555-0100', { copy: 3 })], recorder().deliver)
    expect(known.map(([f, v]) => [f.copy, v.verdict])).toEqual([[3, 'spoofed']])
    await rest()
    expect(bg.asked).toHaveLength(1)
  })

  it('sends at most a thousand findings per request, each request once the previous answer was delivered', async () => {
    const bg = background()
    bg.hold = true
    const c = client(bg)
    const delivered: number[] = []
    const placing = deferred<void>()
    const found = Array.from({ length: 2 * BATCH + 500 }, (_, i) => finding(`1-888-555-${String(i).padStart(4, '0')}`))
    const { rest } = c.lookup(found, async (judged) => {
      delivered.push(judged.length)
      // The first batch's badges take a while to place.
      if (delivered.length === 1) await placing.promise
    })
    const done = rest()
    await settle()
    expect(bg.asked.map((r) => r.length)).toEqual([BATCH])
    bg.release()
    await settle()
    // Answered, but its badges are still being placed: the next request waits.
    expect(delivered).toEqual([BATCH])
    expect(bg.asked).toHaveLength(1)
    placing.resolve()
    await settle()
    expect(bg.asked.map((r) => r.length)).toEqual([BATCH, BATCH])
    bg.release()
    await settle()
    bg.release()
    await done
    expect(bg.asked.map((r) => r.length)).toEqual([BATCH, BATCH, 500])
    expect(delivered).toEqual([BATCH, BATCH, 500])
  })

  it('never asks about a number twice at once, and hands it to the second asker after the first one placed it', async () => {
    const bg = background()
    bg.hold = true
    const c = client(bg)
    const order: string[] = []
    const deliverAs = (who: string) => async (judged: Judged[]) => {
      for (const [f] of judged) order.push(`${who} ${f.copy}`)
    }
    const first = run(c, [finding('1-888-555-0100')], deliverAs('first'))
    // The page re-rendered while the answer was on its way: the same number again (its second copy).
    const second = run(c, [finding('1-888-555-0100', { copy: 1 })], deliverAs('second'))
    await settle()
    expect(bg.asked).toHaveLength(1)
    bg.release()
    await Promise.all([first, second])
    expect(order).toEqual(['first 0', 'second 1'])
    expect(bg.asked).toHaveLength(1)
  })

  it('asks again about a number the background had no verdict for', async () => {
    const asked: FindingRequest[][] = []
    const c = new VerdictClient({
      judge: async (findings) => {
        asked.push(findings)
        return { verdicts: findings.map(() => null), report: null }
      },
      signal: new AbortController().signal,
      failed: () => {},
    })
    const { got, deliver } = recorder()
    await run(c, [finding('1-888-555-0100')], deliver)
    await run(c, [finding('1-888-555-0100')], deliver)
    expect(asked).toHaveLength(2)
    expect(got).toEqual([])
  })

  it('keeps the verdicts it used last, and forgets the oldest past its limit', async () => {
    const bg = background()
    const c = client(bg)
    const deliver = recorder().deliver
    const number = (i: number) => finding(`1-800-${String(i).padStart(7, '0')}`)
    await run(c, [number(0), number(1)], deliver)
    // A page that shows new numbers all day; number 0 stays on it (and is looked at again), number 1 does not.
    for (let i = 2; i < MAX_VERDICTS + 1; i += 500) {
      await run(c, [number(0), ...Array.from({ length: 500 }, (_, k) => number(i + k)).filter((_, k) => i + k < MAX_VERDICTS + 1)], deliver)
    }
    expect(c.lookup([number(0)], deliver).known).toHaveLength(1)
    expect(c.lookup([number(1)], deliver).known).toHaveLength(0)
  })

  it('goes on asking when a batch\u2019s badges could not be placed, and asks about those numbers again later', async () => {
    const bg = background()
    const c = client(bg)
    const found = Array.from({ length: BATCH + 1 }, (_, i) => finding(`1-888-555-${String(i).padStart(4, '0')}`))
    let calls = 0
    const { rest } = c.lookup(found, async () => {
      // The page tore the first batch's paragraphs out while they were placed.
      if (++calls === 1) throw new Error('placing failed')
    })
    await rest()
    expect(bg.asked.map((r) => r.length)).toEqual([BATCH, 1])
    // The failed batch's verdicts were kept; nothing of it is left "being asked".
    const again = c.lookup([finding('1-888-555-0000', { copy: 2 })], recorder().deliver)
    expect(again.known).toHaveLength(1)
    await again.rest()
    expect(bg.asked).toHaveLength(2)
  })

  it('reports a failed request and delivers nothing for it', async () => {
    let failures = 0
    const c = new VerdictClient({
      judge: async () => {
        throw new Error('Extension context invalidated.')
      },
      signal: new AbortController().signal,
      failed: () => failures++,
    })
    const { got, deliver } = recorder()
    await run(c, [finding('1-888-555-0100')], deliver)
    expect(failures).toBe(1)
    expect(got).toEqual([])
  })

  it('sends nothing once aborted', async () => {
    const bg = background()
    const life = new AbortController()
    const c = client(bg, { signal: life.signal })
    const { rest } = c.lookup([finding('1-888-555-0100')], recorder().deliver)
    life.abort()
    await rest()
    expect(bg.asked).toEqual([])
  })

  it('sends what the background checks, cut to its limits', () => {
    const long = 'x'.repeat(500)
    const r = toRequest(finding('+1-888-555-0100', { nearbyText: long, redFlags: [long], disguises: 900, lang: long, imitation: long }))
    expect(r).toMatchObject({ digits: '18885550100', plus: true, disguises: 200, link: null })
    expect([r.nearbyText.length, r.redFlags[0]!.length, r.lang!.length, r.imitation!.length]).toEqual([200, 120, 40, 120])
    // Nothing of the DOM goes over the wire.
    expect(Object.keys(r)).not.toContain('anchor')
  })

  it('keys a verdict by the number and everything the verdict depends on', () => {
    const base = finding('1-888-555-0100')
    expect(verdictKey(finding('1-888-555-0100', { copy: 2, text: '1 888 555 0100' }))).toBe(verdictKey(base))
    for (const other of [{ lang: 'en-GB' }, { redFlags: ['gift cards'] }, { nearbyText: 'UK: ' }, { link: { href: 'tel:+18885550199', digits: '18885550199', plus: true } }]) {
      expect(verdictKey(finding('1-888-555-0100', other))).not.toBe(verdictKey(base))
    }
  })
})
