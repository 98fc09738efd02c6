// Watches a page for numbers that claim to be Apple support: one scan when the page is idle,
// then only what changes (MutationObserver), in time-boxed slices. The observer callback does
// no real work: it queues roots and schedules a flush (STYLE.md habit 3).

import { firstAbove, withoutInvisible, type BrandPrefilter } from '../core/brand-prefilter'
import type { ClaimDetector } from '../core/claims'
import type { FindingRequest } from '../core/judge-finding'
import { readPageFacts, type PageFacts } from '../core/claim-scope'
import { insideSkipped, scanSteps, type ScanFinding } from '../core/page-scan'
import type { PageVerdict, ReportTarget } from '../messages'
import { BADGE_TAG, createBadge } from './badge'

/** What the scanner needs once the page names the brand: asked for only then. */
export interface Connection {
  detector: ClaimDetector
  showOfficial: boolean
}

export interface WatchOptions {
  /** The cheap brand check every page gets; nothing else runs until it hits. */
  prefilter: BrandPrefilter
  /** Asks the background for the lexicon and settings; null: TrueDial is paused on this site. */
  connect: () => Promise<Connection | null>
  /** Sends one batch of findings; resolves with one verdict per finding. */
  judge: (url: string, findings: FindingRequest[]) => Promise<{ verdicts: Array<PageVerdict | null>; report: ReportTarget | null }>
  /** The page's URL changed without a reload (single-page app). */
  reset: (url: string) => Promise<void>
  /** False once the extension was updated or disabled ("Extension context invalidated"). */
  alive: () => boolean
}

/** State the browser tests read from the content script's isolated world (never from the page). */
export interface WatchState {
  scans: number
  pending: boolean
  badges: number
  requests: number
  /** Longest stretch of main-thread work the content script did without yielding, in ms. */
  longestMs: number
  /** All the main-thread time the content script's scanning took, in ms (wall clock, so a busy machine inflates it). */
  busyMs: number
  /** The page named the brand and the background was asked for the lexicon (a page that never does is never reported). */
  connected: boolean
  /** performance.now() when the watch started, when the lexicon arrived, when the first full scan and its badges were done (0: not yet). */
  startedAt: number
  connectedAt: number
  scannedAt: number
}

/** A watch that has done nothing yet. */
export function newWatchState(): WatchState {
  return { scans: 0, pending: false, badges: 0, requests: 0, longestMs: 0, busyMs: 0, connected: false, startedAt: 0, connectedAt: 0, scannedAt: 0 }
}

const FLUSH_DELAY_MS = 50
/** Findings sent while a long scan goes on, at the first slice boundary after this many. */
const EARLY_BATCH = 100
const SLICE_MS = 8
const MAX_QUEUE = 2000
/** After a queue overflow (a mutation storm), full rescans are at least this far apart. */
const STORM_INTERVAL_MS = 2000
/** Text checked for brand words per slice. */
const BRAND_CHUNK = 32 * 1024
/** Text nodes read per brand-check slice. */
const BRAND_NODES = 20_000
/**
 * Characters of one brand-check chunk read again with the next: a brand phrase as pages write it,
 * with room for whitespace between its words ("App" and "Store" 70 spaces apart).
 */
const SEAM = 160
/** A badge the page keeps removing is put back at most this often before backing off. */
const REINSERT_FREE = 3
const REINSERT_MAX_DELAY_MS = 60_000
/** Badges per number watched for removal: a page that re-renders one takes the newest. */
const RECENT_BADGES = 8
/**
 * Entries kept per map of numbers (verdicts, insertions): a page that shows new numbers all day
 * (a feed, a chat) costs bounded memory. The oldest entries go first.
 */
const MAX_REMEMBERED = 2000

/** Badges tracked before the ones the page removed are let go. */
const PRUNE_BADGES = 200

/** The node starts in (from, to), counted from `from`. */
function sliceStarts(starts: readonly number[], from: number, to: number): number[] {
  const out: number[] = []
  for (let i = firstAbove(starts, from); i < starts.length && starts[i]! < to; i++) out.push(starts[i]! - from)
  return out
}

/** Reads a map entry and makes it the newest, so what a page keeps showing is kept longest. */
function recall<K, V>(map: Map<K, V>, key: K): V | undefined {
  const value = map.get(key)
  if (value !== undefined) {
    map.delete(key)
    map.set(key, value)
  }
  return value
}

/** Sets a map entry, dropping the oldest entry when the map is full. */
function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.delete(key)
  if (map.size >= MAX_REMEMBERED) map.delete(map.keys().next().value as K)
  map.set(key, value)
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
const BLOCKS = 'p,div,li,td,th,dd,dt,h1,h2,h3,h4,h5,h6,section,article,header,footer,main,aside,blockquote,address,figcaption,body'
/** The same, by localName: where a badge's search for a link around its number stops. */
const BLOCK_NAMES = new Set(BLOCKS.split(','))

/** What the back-off knows of one number's badges. */
interface Placed {
  /** Its newest badges: a page that re-renders takes these. */
  recent: Element[]
  /** Times a look found some of them removed (one re-render that drops ten badges is one). */
  removals: number
  /** No re-insertion before this (performance.now()), once removals reach REINSERT_FREE. */
  next: number
  /** The round that may place it now. */
  round: number
}

/** Which number at which place: a finding already handled is not dispatched again. */
function handledKey(f: ScanFinding): string {
  return `${f.text}|${f.link?.digits ?? ''}|${f.copy}`
}

/** A number and the verdict it got: what a badge is made from. */
type Known = [ScanFinding, PageVerdict, ReportTarget | null]

/** Same number, same verdict: the key the verdict cache and the re-insertion back-off use. */
function verdictKey(f: ScanFinding): string {
  return `${f.digits}|${f.plus}|${f.link ? `${f.link.plus}${f.link.digits}` : ''}|${f.lang ?? ''}|${f.redFlags.join(',')}|${f.claim.where}:${f.claim.words}|${f.nearbyText}`
}

/** What goes over the wire, cut to the limits the background checks (a page controls all of it). */
function toRequest(f: ScanFinding): FindingRequest {
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

/** Where the badge goes: after the number's text node, or after the link it sits in. */
function placeAfter(f: ScanFinding): Node {
  let node: Node = f.anchor
  for (let p = node.parentNode; p && p.nodeType === 1; p = p.parentNode) {
    if ((p as Element).tagName === 'A') {
      node = p
      break
    }
    if (BLOCK_NAMES.has((p as Element).localName)) break
  }
  return node
}


export class PageWatch {
  readonly state: WatchState = newWatchState()
  #observer: MutationObserver | null = null
  #queue = new Set<Node>()
  #timer: ReturnType<typeof setTimeout> | null = null
  #brandSeen = false
  #url: string
  #handled = new WeakMap<Node, Set<string>>()
  #badges = new Set<Element>()
  #pruneAt = PRUNE_BADGES
  #dead = false
  /** Verdicts already received, by number: a page that re-renders its text costs no new request. */
  #verdicts = new Map<string, { verdict: PageVerdict; report: ReportTarget | null }>()
  /** Verdict requests on their way, by number: the same number is never asked for twice at once. */
  #asking = new Map<string, Promise<void>>()
  /** Per number: its newest badges and how many of its badges the page removed, for backing off from a page that keeps removing them. */
  #placed = new Map<string, Placed>()
  /** Each look at the page (#scanRoots) is a round: a round that may place a number places all its repeats. */
  #round = 0
  /** Numbers held back by the back-off, looked at again when it ends. */
  #retries = new Set<Node>()
  #pruneRetriesAt = PRUNE_BADGES
  #retryTimer: ReturnType<typeof setTimeout> | null = null
  #retryAt = Infinity
  #lastFull = 0
  #storm = false
  #connection: Connection | null = null
  #connecting: Promise<Connection | null> | null = null
  #facts: { key: string; detector: ClaimDetector; facts: PageFacts } | null = null

  constructor(
    private readonly doc: Document,
    private readonly options: WatchOptions,
  ) {
    this.#url = doc.location?.href ?? ''
  }

  start(): void {
    this.state.startedAt = performance.now()
    this.#observer = new MutationObserver((records) => this.#onMutations(records))
    this.#observer.observe(this.doc.documentElement, { childList: true, subtree: true, characterData: true })
    this.doc.defaultView?.addEventListener('popstate', this.#onPopState)
    void this.#fullScan()
  }

  destroy(): void {
    this.#dead = true
    this.#observer?.disconnect()
    this.#observer = null
    if (this.#timer) clearTimeout(this.#timer)
    if (this.#retryTimer) clearTimeout(this.#retryTimer)
    this.#retries.clear()
    this.doc.defaultView?.removeEventListener('popstate', this.#onPopState)
    for (const b of this.#badges) b.remove()
    this.#badges.clear()
    this.#queue.clear()
  }

  #onPopState = (): void => this.#schedule()

  #took(since: number): void {
    const ms = performance.now() - since
    this.state.busyMs += ms
    if (ms > this.state.longestMs) this.state.longestMs = ms
  }

  #onMutations(records: MutationRecord[]): void {
    const t0 = performance.now()
    // A page that adds a million nodes hands over a million records at once: stop reading them as
    // soon as the queue overflows (a full rescan follows anyway).
    for (let i = 0; i < records.length && this.#queue.size <= MAX_QUEUE; i++) {
      const r = records[i]!
      if (r.type === 'characterData') {
        if (r.target.parentNode) this.#queue.add(r.target.parentNode)
        continue
      }
      for (const n of r.addedNodes) {
        if (n.nodeName === 'TRUEDIAL-BADGE') continue
        this.#queue.add(n.nodeType === 3 ? (n.parentNode ?? n) : n)
      }
    }
    if (this.#queue.size > MAX_QUEUE) {
      // A mutation storm: give up on pieces and rescan the page, at most every STORM_INTERVAL_MS.
      this.#queue.clear()
      this.#queue.add(this.doc.body ?? this.doc.documentElement)
      this.#storm = true
    }
    if (this.#queue.size > 0) this.#schedule()
    this.#took(t0)
  }

  #schedule(): void {
    this.state.pending = true
    const wait = this.#storm ? Math.max(FLUSH_DELAY_MS, this.#lastFull + STORM_INTERVAL_MS - performance.now()) : FLUSH_DELAY_MS
    this.#timer ??= setTimeout(() => {
      this.#timer = null
      void this.#flush()
    }, wait)
  }

  /**
   * Brand words anywhere in the text (no invisible characters in it), checked in slices of up to
   * twice a chunk: a chunk ends with the node that takes it past BRAND_CHUNK, and a 10 MB text
   * node is one string.
   */
  async #hasBrand(text: string, starts: number[]): Promise<boolean> {
    const { prefilter } = this.options
    for (let at = 0; at < text.length; at += 2 * BRAND_CHUNK) {
      const t0 = performance.now()
      // Overlap so a term across a slice boundary is still seen.
      const from = Math.max(0, at - SEAM)
      const to = at + 2 * BRAND_CHUNK
      const whole = at === 0 && text.length <= to
      const inside = whole ? starts : sliceStarts(starts, from, to)
      const hit = prefilter.test(whole ? text : text.slice(from, to), inside)
      this.#took(t0)
      if (hit) return true
      await yieldToPage()
      if (this.#dead) return false
    }
    return false
  }

  #title(): string {
    return this.doc.title ?? ''
  }

  /**
   * What the page says about itself (site name, copyright holder, imitation of Apple), read once
   * per address and title rather than on every flush: a page that keeps changing reads its
   * footer and meta data again only when it navigates or retitles itself.
   */
  #pageFacts(title: string, detector: ClaimDetector): PageFacts {
    const key = `${this.doc.location?.href ?? ''}\n${title}`
    if (this.#facts?.key !== key || this.#facts.detector !== detector) this.#facts = { key, detector, facts: readPageFacts(this.doc, title, detector) }
    return this.#facts.facts
  }

  /** The title and the meta data a clone of Apple's page keeps its brand in: the brand gate reads them too. */
  #pageNames(): string {
    const names = [this.#title()]
    for (const m of this.doc.querySelectorAll('meta[property="og:site_name"], meta[name="application-name"], meta[name="description"], meta[property="og:title"]')) {
      names.push((m.getAttribute('content') ?? '').slice(0, 300))
    }
    return names.join('\n')
  }

  async #fullScan(): Promise<void> {
    this.state.pending = true
    const body = this.doc.body
    if (!body) return
    this.#lastFull = performance.now()
    this.#brandSeen = await this.#textHasBrand([body])
    if (this.#brandSeen && (await this.#connect())) await this.#scanRoots([body])
    this.state.scannedAt ||= performance.now()
    this.state.scans++
    this.state.pending = this.#timer !== null
  }

  /** The first time the page names the brand: the lexicon and settings from the background. */
  async #connect(): Promise<boolean> {
    if (this.#connection) return true
    let connection: Connection | null
    try {
      // One hello however many scans want it (a navigation or a storm rescan can start another
      // while the first answer is on its way).
      this.#connecting ??= this.options.connect()
      connection = await this.#connecting
    } catch {
      connection = null
    }
    if (this.#dead) return false
    if (!connection) {
      // Paused on this site, or the extension is gone: stop watching.
      this.#die()
      return false
    }
    this.#connection = connection
    this.state.connected = true
    this.state.connectedAt = performance.now()
    return true
  }

  /**
   * The one cheap check every page pays: brand words anywhere in the title or the roots' text.
   * Text nodes are read in chunks (not textContent, which is one long task on a page of a
   * million nodes) and checked a chunk at a time, yielding in between. A chunk is its nodes
   * joined with nothing between them, plus where each starts: the prefilter reads each start as
   * a word break ("…below" of one block, "Apple" of the next) and as none (a word split by markup:
   * "Ap<b>ple</b>", which the scanner reads whole within its block). One reading, one search.
   */
  async #textHasBrand(roots: Node[]): Promise<boolean> {
    // The title is a text of its own: a line break keeps it from the first word of the page.
    // Texts are joined once per chunk (a string grown node by node must be flattened before a search).
    let parts = [`${this.#pageNames()}\n`]
    let length = parts[0]!.length
    let starts: number[] = []
    let walking = performance.now()
    for (const root of roots) {
      const walker = this.doc.createTreeWalker(root, 0x4 /* SHOW_TEXT */)
      for (let n = root.nodeType === 3 ? root : walker.nextNode(); n; n = walker.nextNode()) {
        const data = (n as Text).data
        starts.push(length)
        parts.push(data)
        length += data.length
        if (length < BRAND_CHUNK && parts.length < BRAND_NODES) continue
        // Invisible characters go first (as the detector reads text): a page that pads a brand
        // word with hundreds of them ("Ap\u200b…\u200bple") gets no gap to hide it in.
        const [chunk, at] = withoutInvisible(parts.join(''), starts)
        this.#took(walking)
        if (await this.#hasBrand(chunk, at)) return true
        if (this.#dead) return false
        walking = performance.now()
        // The chunk's end starts the next one, with its node starts: a term across the seam is read whole.
        const seam = Math.max(0, chunk.length - SEAM)
        starts = sliceStarts(at, seam, chunk.length)
        parts = [chunk.slice(seam)]
        length = parts[0]!.length
      }
    }
    const [chunk, at] = withoutInvisible(parts.join(''), starts)
    this.#took(walking)
    return this.#hasBrand(chunk, at)
  }

  async #flush(): Promise<void> {
    if (this.#dead) return
    // Before the first connection there is nothing to tear down, and no extension API to touch.
    if (this.#connection && !this.options.alive()) {
      this.#die()
      return
    }
    const href = this.doc.location?.href ?? ''
    if (href !== this.#url) {
      // Single-page navigation: findings belong to the old page; badges already in the DOM stay.
      this.#url = href
      this.#queue.clear()
      this.#handled = new WeakMap()
      // The back-off's memory (#placed) stays: a page that changes its address on every badge
      // must not get a fresh allowance each time.
      // A page that never named the brand has nothing in the toolbar to reset.
      if (this.#connection) await this.options.reset(href).catch(() => this.#die())
      if (this.#dead) return
      await this.#fullScan()
      return
    }
    const roots = [...this.#queue].filter((n) => n.isConnected)
    this.#queue.clear()
    if (this.#storm) {
      this.#storm = false
      await this.#fullScan()
      return
    }
    if (!this.#brandSeen) {
      // Nothing on the page mentioned the brand so far: look only at the new text.
      if (!(await this.#textHasBrand(roots))) {
        this.state.scans++
        this.state.pending = this.#timer !== null
        return
      }
      await this.#fullScan()
      return
    }
    // Scan each change in its block, so the number's context comes along.
    const blocks = new Set<Node>()
    for (const r of roots) {
      const el = (r.nodeType === 1 ? r : r.parentNode) as Element | null
      const block = el?.closest?.(BLOCKS) ?? el
      if (block) blocks.add(block)
    }
    // Drop blocks inside other queued blocks (walk up once per block, not pairwise).
    const list = [...blocks].filter((b) => {
      for (let p = b.parentNode; p; p = p.parentNode) if (blocks.has(p)) return false
      return true
    })
    await this.#scanRoots(list)
    this.state.scans++
    this.state.pending = this.#timer !== null
  }

  async #scanRoots(roots: Node[]): Promise<void> {
    const detector = this.#connection?.detector
    if (!detector) return
    const title = this.#title()
    const page = this.#pageFacts(title, detector)
    const found: ScanFinding[] = []
    // One look at the page is one round, however many batches its badges come in.
    const round = ++this.#round
    // Findings go out while the scan goes on, so a big page's first badges do not wait for its
    // last slice.
    const sending: Array<Promise<void>> = []
    let sent = 0
    let sliceStart = performance.now()
    for (const root of roots) {
      if (insideSkipped(root)) continue
      for (const _ of scanSteps({ root, title, detector, page }, found)) {
        if (performance.now() - sliceStart > SLICE_MS) {
          if (found.length - sent >= EARLY_BATCH) {
            sending.push(this.#dispatch(found.slice(sent), round))
            sent = found.length
          }
          // Give the page its main thread back between slices: no long task from TrueDial.
          this.#took(sliceStart)
          await yieldToPage()
          if (this.#dead) return
          sliceStart = performance.now()
        }
      }
    }
    this.#took(sliceStart)
    sending.push(this.#dispatch(found.slice(sent), round))
    await Promise.all(sending)
  }

  /** Asks for what is new (one message per 1,000 numbers) and places what is known meanwhile, then the answers. */
  async #dispatch(found: ScanFinding[], round: number): Promise<void> {
    const sorting = performance.now()
    const fresh: ScanFinding[] = []
    const freshKeys = new Set<string>()
    const known: Known[] = []
    const later: Array<[ScanFinding, string]> = []
    for (const f of found) {
      const seen = this.#handled.get(f.anchor)
      const handled = handledKey(f)
      if (seen?.has(handled)) continue
      if (seen) seen.add(handled)
      else this.#handled.set(f.anchor, new Set([handled]))
      const key = verdictKey(f)
      const cached = recall(this.#verdicts, key)
      if (cached) known.push([f, cached.verdict, cached.report])
      // Asked already (a page re-rendered while the answer was on its way, or the same number
      // twice in this batch): wait for that answer.
      else if (this.#asking.has(key) || freshKeys.has(key)) later.push([f, key])
      else {
        freshKeys.add(key)
        fresh.push(f)
      }
    }
    this.#took(sorting)
    if (this.#dead) return
    const batches: Array<{ keys: string[]; answer: Promise<void> }> = []
    let previous: Promise<unknown> = Promise.resolve()
    for (let i = 0; i < fresh.length; i += 1000) {
      const batch = fresh.slice(i, i + 1000)
      const keys = batch.map(verdictKey)
      // One batch after the other, but all of them known as asked from now on.
      const answer = previous.then(() => (this.#dead ? undefined : this.#judge(batch, round)))
      previous = answer
      for (const key of keys) this.#asking.set(key, answer)
      batches.push({ keys, answer })
    }
    // Numbers judged before (a page that shows the same number twice) get their badges while the
    // new ones are asked about.
    await this.#placeAll(known, round)
    for (const { keys, answer } of batches) {
      await answer
      for (const key of keys) this.#asking.delete(key)
    }
    if (later.length === 0 || this.#dead) return
    await Promise.all(later.map(([, key]) => this.#asking.get(key)))
    const answered: Known[] = []
    for (const [f, key] of later) {
      const cached = this.#verdicts.get(key)
      if (cached) answered.push([f, cached.verdict, cached.report])
    }
    await this.#placeAll(answered, round)
  }

  async #judge(findings: ScanFinding[], round: number): Promise<void> {
    this.state.requests++
    let answer: Awaited<ReturnType<WatchOptions['judge']>>
    try {
      answer = await this.options.judge(this.doc.location?.href ?? '', findings.map(toRequest))
    } catch {
      this.#die()
      return
    }
    if (this.#dead || !answer || !Array.isArray(answer.verdicts)) return
    const judged: Known[] = []
    for (let i = 0; i < findings.length; i++) {
      const f = findings[i]!
      const v = answer.verdicts[i]
      if (!v) continue
      remember(this.#verdicts, verdictKey(f), { verdict: v, report: answer.report })
      judged.push([f, v, answer.report])
    }
    await this.#placeAll(judged, round)
  }

  /** Places badges in slices: hundreds of them at once would be one long task. */
  async #placeAll(items: Known[], round: number): Promise<void> {
    let sliceStart = performance.now()
    for (const [f, v, report] of items) {
      if (this.#dead) return
      this.#place(f, v, report, round)
      if (performance.now() - sliceStart > SLICE_MS) {
        this.#took(sliceStart)
        await yieldToPage()
        sliceStart = performance.now()
      }
    }
    this.#took(sliceStart)
  }

  #place(f: ScanFinding, v: PageVerdict, report: ReportTarget | null, round: number): void {
    if (v.verdict === 'official' && !this.#connection?.showOfficial) return
    const after = placeAfter(f)
    if (!after.parentNode || !after.isConnected) return
    const e164 = v.detail?.e164 ?? ''
    if (this.#badgeAlreadyAfter(after, e164, f.copy)) return
    // A page that keeps removing or re-rendering a badge gets it back with growing delays, not in
    // a loop. What counts is how often the page took this number's badges away, not how often the
    // number is on the page (a scam page repeats it in every paragraph) or how many went at once.
    const key = verdictKey(f)
    const now = performance.now()
    const placed = recall(this.#placed, key) ?? { recent: [], removals: 0, next: 0, round: 0 }
    const kept = placed.recent.filter((b) => b.isConnected)
    if (kept.length < placed.recent.length) placed.removals++
    placed.recent = kept
    remember(this.#placed, key, placed)
    if (placed.removals >= REINSERT_FREE && placed.round !== round) {
      if (now < placed.next) {
        this.#retryLater(f, placed.next)
        return
      }
      placed.next = now + Math.min(REINSERT_MAX_DELAY_MS, 1000 * 2 ** (placed.removals - REINSERT_FREE))
      placed.round = round
    }
    const badge = createBadge(this.doc, { verdict: v.verdict, text: f.text, detail: v.detail, report })
    after.parentNode.insertBefore(badge, after.nextSibling)
    if (this.#badges.size >= this.#pruneAt) {
      // Badges the page removed (with the text they stood by) are let go; the next look is after
      // as many again, so a page with thousands of badges on it costs no sweep per badge.
      for (const b of this.#badges) if (!b.isConnected) this.#badges.delete(b)
      this.#pruneAt = Math.max(PRUNE_BADGES, 2 * this.#badges.size)
    }
    this.#badges.add(badge)
    // The newest badges of a number are the ones a re-rendering page takes away.
    if (placed.recent.push(badge) > RECENT_BADGES) placed.recent.shift()
    this.state.badges++
  }

  /** A badge held back by the back-off: its number is looked at again (rescanned) when the back-off ends. */
  #retryLater(f: ScanFinding, at: number): void {
    this.#handled.get(f.anchor)?.delete(handledKey(f))
    this.#retries.add(f.anchor)
    if (this.#retries.size >= this.#pruneRetriesAt) {
      // A page that keeps re-rendering leaves detached nodes behind: let them go, and past
      // MAX_QUEUE look at the whole page again instead.
      for (const n of this.#retries) if (!n.isConnected) this.#retries.delete(n)
      if (this.#retries.size >= MAX_QUEUE) {
        this.#retries.clear()
        this.#retries.add(this.doc.body ?? this.doc.documentElement)
      }
      this.#pruneRetriesAt = Math.max(PRUNE_BADGES, 2 * this.#retries.size)
    }
    if (this.#retryTimer && this.#retryAt <= at) return
    if (this.#retryTimer) clearTimeout(this.#retryTimer)
    this.#retryAt = at
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null
      this.#retryAt = Infinity
      for (const n of this.#retries) this.#queue.add(n.nodeType === 3 ? (n.parentNode ?? n) : n)
      this.#retries.clear()
      this.#schedule()
    }, at - performance.now())
  }

  /** Only badges TrueDial made count: a page can forge <truedial-badge> elements of its own. */
  /** True when the `copy`-th badge (from 0) of this number already stands after the node: one badge per printed copy. */
  #badgeAlreadyAfter(node: Node, e164: string, copy: number): boolean {
    let seen = 0
    for (let n = node.nextSibling; n && n.nodeName === BADGE_TAG.toUpperCase(); n = n.nextSibling) {
      if (this.#badges.has(n as Element) && (n as Element).getAttribute('data-e164') === e164 && seen++ >= copy) return true
    }
    return false
  }

  /** The extension is gone: stop quietly and take our badges with us. */
  #die(): void {
    if (!this.#dead) this.destroy()
  }
}
