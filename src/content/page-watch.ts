// Watches a page for numbers that claim to be Apple support: one scan when the page is idle,
// then only what changes, in time-boxed slices. This file wires the parts and keeps what lies
// between them (connecting, single-page navigation, the sliced scan):
// - change-queue.ts: what changed (MutationObserver, storms, navigation), flushed after a delay;
// - brand-gate.ts: the cheap first check, until the page names the brand;
// - verdict-client.ts: verdicts from the background (cache, batches, requests in flight), no DOM;
// - badge-placer.ts: the badges (where, one per printed copy, the back-off);
// - clock.ts and timing.ts: the clock they share, and the bench's timing of their work.

import type { BrandPrefilter } from '../core/brand-prefilter'
import { TEXT_BLOCK_SELECTOR } from '../core/blocks'
import { readPageFacts, type PageFacts } from '../core/claim-scope'
import type { ClaimDetector } from '../core/claims'
import type { FindingRequest } from '../core/judge-finding'
import { insideSkipped, scanSteps, type ScanFinding } from '../core/page-scan'
import { RED_VERDICTS } from '../core/verdict-words'
import type { PageVerdict, ReportTarget } from '../messages'
import { BadgePlacer } from './badge-placer'
import { BrandGate } from './brand-gate'
import { ChangeQueue, type Change } from './change-queue'
import { browserClock, type Clock } from './clock'
import { meterInto, Stretch, type WorkMeter } from './timing'
import { VerdictClient, type Judged } from './verdict-client'

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
  /** Time and scheduling; the browser's when not given. */
  clock?: Clock
  /** A badge with a red verdict went onto the page (a number claimed for Apple that is not Apple's). */
  redClaim?: (verdict: PageVerdict) => void
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

/** Findings sent while a long scan goes on, at the first slice boundary after this many. */
const EARLY_BATCH = 100
const SLICE_MS = 8

export class PageWatch {
  readonly state: WatchState = newWatchState()
  readonly #clock: Clock
  readonly #meter: WorkMeter
  readonly #life = new AbortController()
  readonly #changes: ChangeQueue
  readonly #gate: BrandGate
  readonly #verdicts: VerdictClient
  readonly #placer: BadgePlacer
  #brandSeen = false
  #connection: Connection | null = null
  #connecting: Promise<Connection | null> | null = null
  #facts: { key: string; detector: ClaimDetector; facts: PageFacts } | null = null

  constructor(
    private readonly doc: Document,
    private readonly options: WatchOptions,
  ) {
    const clock = (this.#clock = options.clock ?? browserClock)
    const meter = (this.#meter = meterInto(this.state))
    const signal = this.#life.signal
    this.#changes = new ChangeQueue(doc, {
      clock,
      meter,
      signal,
      flush: (change) => void this.#flush(change),
      scheduled: () => {
        this.state.pending = true
      },
    })
    this.#gate = new BrandGate(doc, { prefilter: options.prefilter, clock, meter, signal })
    this.#verdicts = new VerdictClient({
      judge: (findings) => options.judge(doc.location?.href ?? '', findings),
      signal,
      failed: () => this.#die(),
      asked: () => {
        this.state.requests++
      },
    })
    this.#placer = new BadgePlacer(doc, {
      clock,
      meter,
      signal,
      showOfficial: () => this.#connection?.showOfficial ?? false,
      requeue: (nodes) => this.#changes.requeue(nodes),
      placed: (_badge, verdict) => {
        this.state.badges++
        if (RED_VERDICTS.has(verdict.verdict)) options.redClaim?.(verdict)
      },
    })
  }

  start(): void {
    this.state.startedAt = this.#clock.now()
    this.#changes.start()
    void this.#fullScan()
  }

  /** Stops watching and takes TrueDial's badges off the page. */
  destroy(): void {
    this.#life.abort()
  }

  /** Aborted when the watch stops (the extension went away, or TrueDial is paused here). */
  get signal(): AbortSignal {
    return this.#life.signal
  }

  get #dead(): boolean {
    return this.#life.signal.aborted
  }

  /** The extension is gone: stop quietly and take our badges with us. */
  #die(): void {
    if (!this.#dead) this.destroy()
  }

  /** Nothing more to do until the next change: the browser tests' "scan finished". */
  #settled(): void {
    this.state.scans++
    this.state.pending = this.#changes.waiting
  }

  async #flush(change: Change): Promise<void> {
    if (this.#dead) return
    // Before the first connection there is nothing to tear down, and no extension API to touch.
    if (this.#connection && !this.options.alive()) {
      this.#die()
      return
    }
    if (change.kind === 'navigated') {
      // Single-page navigation: findings belong to the old page; badges already in the DOM stay.
      this.#placer.forgetHandled()
      // A page that never named the brand has nothing in the toolbar to reset.
      if (this.#connection) await this.options.reset(change.url).catch(() => this.#die())
      if (this.#dead) return
      await this.#fullScan()
      return
    }
    if (change.kind === 'storm') {
      await this.#fullScan()
      return
    }
    if (!this.#brandSeen) {
      // Nothing on the page mentioned the brand so far: look only at the new text.
      if (!(await this.#gate.named(change.roots))) {
        this.#settled()
        return
      }
      await this.#fullScan()
      return
    }
    await this.#scanRoots(blocksOf(change.roots))
    this.#settled()
  }

  async #fullScan(): Promise<void> {
    this.state.pending = true
    const body = this.doc.body
    if (!body) return
    this.#changes.fullScanStarted()
    this.#brandSeen = await this.#gate.named([body])
    if (this.#brandSeen && (await this.#connect())) await this.#scanRoots([body])
    this.state.scannedAt ||= this.#clock.now()
    this.#settled()
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
    this.state.connectedAt = this.#clock.now()
    return true
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

  /** Scans the roots in slices, sending what it finds while it goes on. */
  async #scanRoots(roots: Node[]): Promise<void> {
    const detector = this.#connection?.detector
    if (!detector) return
    const title = this.doc.title ?? ''
    const page = this.#pageFacts(title, detector)
    const found: ScanFinding[] = []
    // One look at the page is one round, however many batches its badges come in.
    const round = this.#placer.nextRound()
    // Findings go out while the scan goes on, so a big page's first badges do not wait for its
    // last slice.
    const sending: Array<Promise<void>> = []
    let sent = 0
    const stretch = new Stretch(this.#clock, this.#meter)
    for (const root of roots) {
      if (insideSkipped(root)) continue
      for (const _ of scanSteps({ root, title, detector, page }, found)) {
        if (stretch.over(SLICE_MS)) {
          if (found.length - sent >= EARLY_BATCH) {
            sending.push(this.#dispatch(found.slice(sent), round))
            sent = found.length
          }
          // Give the page its main thread back between slices: no long task from TrueDial.
          await stretch.yield()
          if (this.#dead) return
        }
      }
    }
    stretch.end()
    sending.push(this.#dispatch(found.slice(sent), round))
    await Promise.all(sending)
  }

  /** Asks for what is new (one message per 1,000 numbers) and places what is known meanwhile, then the answers. */
  async #dispatch(found: ScanFinding[], round: number): Promise<void> {
    const sorting = new Stretch(this.#clock, this.#meter)
    const place = (judged: Judged[]): Promise<void> => this.#placer.placeAll(judged, round)
    const { known, rest } = this.#verdicts.lookup(this.#placer.unhandled(found), place)
    sorting.end()
    if (this.#dead) return
    // Numbers judged before (a page that shows the same number twice) get their badges while the
    // new ones are asked about.
    await place(known)
    await rest()
  }
}

/**
 * Each changed root's text block, so the number's context comes along; blocks inside other
 * queued blocks are dropped (walking up once per block, not pairwise).
 */
function blocksOf(roots: readonly Node[]): Node[] {
  const blocks = new Set<Node>()
  for (const r of roots) {
    const el = (r.nodeType === 1 ? r : r.parentNode) as Element | null
    const block = el?.closest?.(TEXT_BLOCK_SELECTOR) ?? el
    if (block) blocks.add(block)
  }
  return [...blocks].filter((b) => {
    for (let p = b.parentNode; p; p = p.parentNode) if (blocks.has(p)) return false
    return true
  })
}
