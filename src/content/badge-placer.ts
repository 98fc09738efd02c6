// Puts a badge beside each printed copy of a number that got a verdict: after the number's text
// node, or after the link it sits in, one badge per copy, in time-boxed slices. The number's own
// characters are marked with a highlight (highlights.ts), so a badge that cannot stand right after
// its number (text follows it in the same text node) names the number it belongs to. A page that
// keeps removing badges (a re-rendering app, or one that fights them) gets them back with growing
// delays, not in a loop; a number held back is looked at again when its back-off ends.

import { TEXT_BLOCK_TAGS } from '../core/blocks'
import type { ScanFinding } from '../core/page-scan'
import type { PageVerdict, ReportTarget } from '../messages'
import { BADGE_TAG, createBadge, fitBadges } from './badge'
import { NumberMarks } from './highlights'
import type { Clock, TimerId } from './clock'
import { RecentMap } from './recent-map'
import { Stretch, type WorkMeter } from './timing'
import { verdictKey, type Judged } from './verdict-client'

const SLICE_MS = 8
/** A badge the page keeps removing is put back at most this often before backing off. */
const REINSERT_FREE = 3
const REINSERT_MAX_DELAY_MS = 60_000
/** Badges per number watched for removal: a page that re-renders one takes the newest. */
const RECENT_BADGES = 8
/** Numbers whose badges the back-off remembers; the least recently placed go first. */
const MAX_PLACED = 2000
/** Badges tracked before the ones the page removed are let go. */
const PRUNE_BADGES = 200
/** Numbers held back at once; past this the whole page is looked at again (as the change queue does past its MAX_QUEUE). */
const MAX_RETRIES = 2000

export interface BadgePlacerOptions {
  clock: Clock
  meter: WorkMeter
  /** Aborted: the placer stops, drops its retries and takes its badges off the page. */
  signal: AbortSignal
  /** Whether numbers on Apple's list get a (green) badge. */
  showOfficial: () => boolean
  /** Numbers held back by the back-off, to be looked at again (rescanned) now that it ended. */
  requeue: (nodes: Node[]) => void
  /** A badge went onto the page, for this verdict. */
  placed?: (badge: Element, verdict: PageVerdict) => void
}

/** What the back-off knows of one number's badges. */
interface Placed {
  /** Its newest badges: a page that re-renders takes these. */
  recent: Element[]
  /** Times a look found some of them removed (one re-render that drops ten badges is one). */
  removals: number
  /** No re-insertion before this (clock time), once removals reach REINSERT_FREE. */
  next: number
  /** The round that may place it now. */
  round: number
}

/**
 * The short name a badge gives its number ("…0127") when text stands between the number and the
 * badge (the badge goes after the whole text node or link), or null when the badge follows it.
 */
export function numberTag(f: Pick<ScanFinding, 'endNode' | 'endOffset' | 'digits'>): string | null {
  if (f.endNode.nodeType !== 3 || f.digits.length < 4) return null
  const rest = (f.endNode as Text).data.slice(f.endOffset)
  return /[\p{L}\p{N}]/u.test(rest) ? `…${f.digits.slice(-4)}` : null
}

/** Which number at which place: a finding already handled is not placed again. */
function handledKey(f: ScanFinding): string {
  return `${f.text}|${f.link?.digits ?? ''}|${f.copy}`
}

/**
 * Where the badge goes: after the number's anchor (its text node, or its tel: link), or after a
 * link around it in the same text block, so that the badge neither splits the link's text nor
 * sits inside it.
 */
export function placeAfter(f: Pick<ScanFinding, 'anchor'>): Node {
  let node: Node = f.anchor
  for (let p = node.parentNode; p && p.nodeType === 1; p = p.parentNode) {
    if ((p as Element).tagName === 'A') {
      node = p
      break
    }
    if (TEXT_BLOCK_TAGS.has((p as Element).localName)) break
  }
  return node
}

export class BadgePlacer {
  /** The findings handled per anchor node: a number a scan finds again is not placed again. */
  #handled = new WeakMap<Node, Set<string>>()
  /** Badges TrueDial made, with the digits of their number: only these count (a page can forge <truedial-badge> elements of its own). */
  #badges = new Map<Element, string>()
  #pruneAt = PRUNE_BADGES
  /** Per number: its newest badges and how many of its badges the page removed. */
  #placed = new RecentMap<string, Placed>(MAX_PLACED)
  /** Each look at the page is a round: a round that may place a number places all its repeats. */
  #round = 0
  /** Numbers held back by the back-off, looked at again when it ends. */
  #retries = new Set<Node>()
  #pruneRetriesAt = PRUNE_BADGES
  #retryTimer: TimerId | null = null
  #retryAt = Infinity
  /** The highlights on the numbers' characters; made with the first badge. */
  #marks: NumberMarks | null = null
  /** Badges placed in this slice, measured together (one layout) before the page gets its thread back. */
  #unfitted: Element[] = []

  constructor(
    private readonly doc: Document,
    private readonly options: BadgePlacerOptions,
  ) {
    options.signal.addEventListener('abort', () => this.#stop(), { once: true })
  }

  /** Starts a look at the page: everything it places shares one back-off allowance per number. */
  nextRound(): number {
    return ++this.#round
  }

  /** The findings not handled yet, marked as handled now. */
  unhandled(found: readonly ScanFinding[]): ScanFinding[] {
    const out: ScanFinding[] = []
    for (const f of found) {
      const seen = this.#handled.get(f.anchor)
      const handled = handledKey(f)
      if (seen?.has(handled)) continue
      if (seen) seen.add(handled)
      else this.#handled.set(f.anchor, new Set([handled]))
      out.push(f)
    }
    return out
  }

  /**
   * Forgets which findings were handled: after a single-page navigation they belong to the old
   * page (badges already in the DOM stay). The back-off's memory stays: a page that changes its
   * address on every badge must not get a fresh allowance each time.
   */
  forgetHandled(): void {
    this.#handled = new WeakMap()
  }

  /** Places badges in slices: hundreds of them at once would be one long task. */
  async placeAll(items: readonly Judged[], round: number): Promise<void> {
    const { clock, meter, signal } = this.options
    const stretch = new Stretch(clock, meter)
    for (const [f, v, report] of items) {
      if (signal.aborted) return
      this.#place(f, v, report, round)
      if (stretch.over(SLICE_MS)) {
        this.#fit()
        await stretch.yield()
      }
    }
    this.#fit()
    stretch.end()
  }

  /** Badges that would overflow their bar or cell show their icon alone. */
  #fit(): void {
    if (this.#unfitted.length === 0) return
    fitBadges(this.#unfitted)
    this.#unfitted = []
  }

  #place(f: ScanFinding, v: PageVerdict, report: ReportTarget | null, round: number): void {
    if (v.verdict === 'official' && !this.options.showOfficial()) return
    const after = placeAfter(f)
    if (!after.parentNode || !after.isConnected) return
    if (this.#badgeAlreadyAfter(after, f.digits, f.copy)) return
    // A page that keeps removing or re-rendering a badge gets it back with growing delays, not in
    // a loop. What counts is how often the page took this number's badges away, not how often the
    // number is on the page (a scam page repeats it in every paragraph) or how many went at once.
    const key = verdictKey(f)
    const now = this.options.clock.now()
    const placed = this.#placed.recall(key) ?? { recent: [], removals: 0, next: 0, round: 0 }
    const kept = placed.recent.filter((b) => b.isConnected)
    if (kept.length < placed.recent.length) placed.removals++
    placed.recent = kept
    this.#placed.remember(key, placed)
    if (placed.removals >= REINSERT_FREE && placed.round !== round) {
      if (now < placed.next) {
        this.#retryLater(f, placed.next)
        return
      }
      placed.next = now + Math.min(REINSERT_MAX_DELAY_MS, 1000 * 2 ** (placed.removals - REINSERT_FREE))
      placed.round = round
    }
    const badge = this.#insert(f, v, report, after)
    // The newest badges of a number are the ones a re-rendering page takes away.
    if (placed.recent.push(badge) > RECENT_BADGES) placed.recent.shift()
  }

  /** Makes the badge and puts it on the page, right after `after`. */
  #insert(f: ScanFinding, v: PageVerdict, report: ReportTarget | null, after: Node): Element {
    const marks = (this.#marks ??= new NumberMarks(this.doc))
    const range = marks.rangeOf(f.startNode, f.startOffset, f.endNode, f.endOffset)
    if (range) marks.mark(range, v.verdict)
    const badge = createBadge(this.doc, {
      verdict: v.verdict,
      text: f.text,
      detail: v.detail,
      report,
      tag: numberTag(f),
      onEmphasis: range ? (on) => marks.emphasise(range, on) : undefined,
    })
    // After the badges already there: several numbers of one text node get their badges in the
    // order the numbers stand in.
    let before = after.nextSibling
    while (before && this.#badges.has(before as Element)) before = before.nextSibling
    after.parentNode!.insertBefore(badge, before)
    this.#unfitted.push(badge)
    if (this.#badges.size >= this.#pruneAt) {
      // Badges the page removed (with the text they stood by) are let go, and the marks of text it
      // emptied; the next look is after as many again, so a page with thousands of badges on it
      // costs no sweep per badge.
      for (const b of this.#badges.keys()) if (!b.isConnected) this.#badges.delete(b)
      marks.prune()
      this.#pruneAt = Math.max(PRUNE_BADGES, 2 * this.#badges.size)
    }
    this.#badges.set(badge, f.digits)
    this.options.placed?.(badge, v)
    return badge
  }

  /** A badge held back by the back-off: its number is looked at again (rescanned) when the back-off ends. */
  #retryLater(f: ScanFinding, at: number): void {
    const { clock } = this.options
    this.#handled.get(f.anchor)?.delete(handledKey(f))
    this.#retries.add(f.anchor)
    if (this.#retries.size >= this.#pruneRetriesAt) {
      // A page that keeps re-rendering leaves detached nodes behind: let them go, and past
      // MAX_RETRIES look at the whole page again instead.
      for (const n of this.#retries) if (!n.isConnected) this.#retries.delete(n)
      if (this.#retries.size >= MAX_RETRIES) {
        this.#retries.clear()
        this.#retries.add(this.doc.body ?? this.doc.documentElement)
      }
      this.#pruneRetriesAt = Math.max(PRUNE_BADGES, 2 * this.#retries.size)
    }
    if (this.#retryTimer !== null && this.#retryAt <= at) return
    if (this.#retryTimer !== null) clock.clearTimeout(this.#retryTimer)
    this.#retryAt = at
    this.#retryTimer = clock.setTimeout(() => {
      this.#retryTimer = null
      this.#retryAt = Infinity
      const nodes = [...this.#retries]
      this.#retries.clear()
      this.options.requeue(nodes)
    }, at - clock.now())
  }

  /** True when the `copy`-th badge (from 0) of this number already stands after the node: one badge per printed copy. */
  #badgeAlreadyAfter(node: Node, digits: string, copy: number): boolean {
    let seen = 0
    // By the number's digits as the page printed them, not by its e164: an unverified number has
    // none, and two of them in one text node must not count as one.
    for (let n = node.nextSibling; n && n.nodeName === BADGE_TAG.toUpperCase(); n = n.nextSibling) {
      if (this.#badges.get(n as Element) === digits && seen++ >= copy) return true
    }
    return false
  }


  #stop(): void {
    if (this.#retryTimer !== null) this.options.clock.clearTimeout(this.#retryTimer)
    this.#retryTimer = null
    this.#retries.clear()
    for (const b of this.#badges.keys()) b.remove()
    this.#badges.clear()
    this.#marks?.clear()
    this.#unfitted = []
  }
}
