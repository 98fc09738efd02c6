// Verdicts for the numbers a scan found, from the background, with no DOM: a cache of the answers
// (a page that re-renders its text costs no new request), batches of at most BATCH findings sent
// one after the other (STYLE.md habit 8: one message per flush, never one per number), and the
// requests on their way, so the same number is never asked about twice at once.

import type { FindingRequest } from '../core/judge-finding'
import type { ScanFinding } from '../core/page-scan'
import type { PageVerdict, ReportTarget } from '../messages'
import { RecentMap } from './recent-map'

/** Findings per request. */
export const BATCH = 1000
/**
 * Verdicts kept: a page that shows new numbers all day (a feed, a chat) costs bounded memory.
 * The least recently used go first.
 */
export const MAX_VERDICTS = 2000

/** What the background answers for one batch: one verdict (or null) per finding, in order. */
export interface JudgeAnswer {
  verdicts: Array<PageVerdict | null>
  report: ReportTarget | null
}

/** A number and the verdict it got: what a badge is made from. */
export type Judged = [finding: ScanFinding, verdict: PageVerdict, report: ReportTarget | null]

/** Takes verdicts as they come; the client waits for it before it sends the next batch. */
export type Deliver = (judged: Judged[]) => Promise<void>

export interface VerdictClientOptions {
  /** Sends one batch; resolves with one verdict per finding. */
  judge: (findings: FindingRequest[]) => Promise<JudgeAnswer>
  /** Aborted: nothing more is sent or delivered. */
  signal: AbortSignal
  /** A request failed: the background is gone (the extension was updated or disabled). */
  failed: () => void
  /** A request goes out. */
  asked?: () => void
}

/** What `lookup` found out at once, and the way to the rest. */
export interface Lookup {
  /** Findings whose verdict was known already (the same number in the same context before). */
  known: Judged[]
  /**
   * Resolves once the verdicts asked for have come and were delivered (each batch's as it
   * arrives), then delivers those of findings an earlier lookup was already asking about, once
   * that lookup delivered its own.
   */
  rest: () => Promise<void>
}

/** Same number, same verdict: the key the verdict cache and the re-insertion back-off use. */
export function verdictKey(f: ScanFinding): string {
  return `${f.digits}|${f.plus}|${f.link ? `${f.link.plus}${f.link.digits}` : ''}|${f.lang ?? ''}|${f.redFlags.join(',')}|${f.claim.where}:${f.claim.words}|${f.nearbyText}`
}

/** What goes over the wire, cut to the limits the background checks (a page controls all of it). */
export function toRequest(f: ScanFinding): FindingRequest {
  return {
    text: f.text.slice(0, 200),
    digits: f.digits,
    plus: f.plus,
    groups: f.groups,
    disguises: Math.min(f.disguises, 200),
    link: f.link ? { digits: f.link.digits, plus: f.link.plus } : null,
    redFlags: f.redFlags.map((x) => x.slice(0, 120)),
    nearbyText: f.nearbyText.slice(0, 200),
    lang: f.lang ? f.lang.slice(0, 40) : null,
    claim: { words: f.claim.words.slice(0, 120), where: f.claim.where },
    imitation: f.imitation ? f.imitation.slice(0, 120) : null,
  }
}

export class VerdictClient {
  /** Verdicts already received, by number and context. */
  readonly #verdicts = new RecentMap<string, { verdict: PageVerdict; report: ReportTarget | null }>(MAX_VERDICTS)
  /**
   * Requests on their way, by number and context: settled once the answer is delivered, so a
   * finding that waits for it is delivered after the ones asked about (a second printed copy
   * after the first).
   */
  readonly #asking = new Map<string, Promise<void>>()

  constructor(private readonly options: VerdictClientOptions) {}

  /**
   * Sorts findings into those known and those to ask about, and sends the requests (in batches of
   * at most BATCH, each after the previous one was answered and delivered). The same number in the
   * same context is asked about once: in this lookup, and while an earlier one asks about it.
   */
  lookup(found: readonly ScanFinding[], deliver: Deliver): Lookup {
    const { signal } = this.options
    const fresh: ScanFinding[] = []
    const freshKeys = new Set<string>()
    const known: Judged[] = []
    const later: Array<[ScanFinding, string]> = []
    for (const f of found) {
      const key = verdictKey(f)
      const cached = this.#verdicts.recall(key)
      if (cached) known.push([f, cached.verdict, cached.report])
      // Asked already (a page re-rendered while the answer was on its way, or the same number
      // twice in this lookup): wait for that answer.
      else if (this.#asking.has(key) || freshKeys.has(key)) later.push([f, key])
      else {
        freshKeys.add(key)
        fresh.push(f)
      }
    }
    const batches: Array<Promise<void>> = []
    let previous: Promise<unknown> = Promise.resolve()
    for (let i = 0; i < fresh.length; i += BATCH) {
      const batch = fresh.slice(i, i + BATCH)
      // One batch after the other, but all of them known as asked from now on.
      // A batch whose badges could not be placed (deliver threw) costs the next ones nothing.
      const answer = previous.then(() => (signal.aborted ? undefined : this.#ask(batch, deliver))).catch(() => undefined)
      previous = answer
      const keys = batch.map(verdictKey)
      for (const key of keys) this.#asking.set(key, answer)
      batches.push(
        answer.then(() => {
          // A later lookup may have asked again (this answer had no verdict for it): that request stays.
          for (const key of keys) if (this.#asking.get(key) === answer) this.#asking.delete(key)
        }),
      )
    }
    const rest = async (): Promise<void> => {
      for (const batch of batches) await batch
      if (later.length === 0 || signal.aborted) return
      await Promise.all(later.map(([, key]) => this.#asking.get(key)))
      const answered: Judged[] = []
      for (const [f, key] of later) {
        const cached = this.#verdicts.peek(key)
        if (cached) answered.push([f, cached.verdict, cached.report])
      }
      await deliver(answered)
    }
    return { known, rest }
  }

  async #ask(findings: ScanFinding[], deliver: Deliver): Promise<void> {
    const { signal } = this.options
    this.options.asked?.()
    let answer: JudgeAnswer
    try {
      answer = await this.options.judge(findings.map(toRequest))
    } catch {
      this.options.failed()
      return
    }
    if (signal.aborted || !answer || !Array.isArray(answer.verdicts)) return
    const judged: Judged[] = []
    for (let i = 0; i < findings.length; i++) {
      const f = findings[i]!
      const v = answer.verdicts[i]
      if (!v) continue
      this.#verdicts.remember(verdictKey(f), { verdict: v, report: answer.report })
      judged.push([f, v, answer.report])
    }
    await deliver(judged)
  }
}
