// The page watch's second half (page-watch.ts has the first): once the page names the brand and
// the background has sent the lexicon, it reads the page for numbers claimed for Apple in
// time-boxed slices, asks for their verdicts and places their badges:
// - verdict-client.ts: verdicts from the background (cache, batches, requests in flight), no DOM;
// - badge-placer.ts: the badges (where, one per printed copy, the back-off).
// It comes with the scanner module (scanner.ts), which a page that never names the brand never loads.

import { TEXT_BLOCK_SELECTOR } from '../core/blocks'
import { readPageFacts, type PageFacts } from '../core/claim-scope'
import type { ClaimDetector } from '../core/claims'
import type { FindingRequest } from '../core/judge-finding'
import { insideSkipped, scanSteps, type ScanFinding } from '../core/page-scan'
import { RED_VERDICTS } from '../core/verdict-words'
import type { PageVerdict, ReportTarget } from '../messages'
import { BadgePlacer } from './badge-placer'
import type { Clock } from './clock'
import { Stretch, type WorkMeter } from './timing'
import { VerdictClient, type Judged } from './verdict-client'

export interface ScanSessionOptions {
  detector: ClaimDetector
  /** Green badges for Apple's real numbers (off on Apple's own sites by default). */
  showOfficial: boolean
  clock: Clock
  meter: WorkMeter
  /** Aborted when the page watch stops: badges come off, nothing more is sent. */
  signal: AbortSignal
  /** Sends one batch of findings; resolves with one verdict per finding. */
  judge: (findings: FindingRequest[]) => Promise<{ verdicts: Array<PageVerdict | null>; report: ReportTarget | null }>
  /** Nodes to look at again later (a badge that could not be placed yet). */
  requeue: (nodes: Node[]) => void
  /** The background is gone (the extension was updated or disabled). */
  failed: () => void
  /** A batch of findings went to the background. */
  asked: () => void
  /** A badge went onto the page. */
  placed: () => void
  /** A badge with a red verdict went onto the page (a number claimed for Apple that is not Apple's). */
  redClaim?: (verdict: PageVerdict) => void
}

/** Findings sent while a long scan goes on, at the first slice boundary after this many. */
const EARLY_BATCH = 100
const SLICE_MS = 8

export class ScanSession {
  readonly #doc: Document
  readonly #options: ScanSessionOptions
  readonly #verdicts: VerdictClient
  readonly #placer: BadgePlacer
  #facts: { key: string; facts: PageFacts } | null = null

  constructor(doc: Document, options: ScanSessionOptions) {
    this.#doc = doc
    this.#options = options
    const { clock, meter, signal } = options
    this.#verdicts = new VerdictClient({ judge: options.judge, signal, failed: options.failed, asked: options.asked })
    this.#placer = new BadgePlacer(doc, {
      clock,
      meter,
      signal,
      showOfficial: () => options.showOfficial,
      requeue: options.requeue,
      placed: (_badge, verdict) => {
        options.placed()
        if (RED_VERDICTS.has(verdict.verdict)) options.redClaim?.(verdict)
      },
    })
  }

  /** Single-page navigation: findings belong to the old page (badges already in the DOM stay). */
  forgetHandled(): void {
    this.#placer.forgetHandled()
  }

  /** What changed, read a text block at a time so each number's context comes along. */
  scanChanges(roots: readonly Node[]): Promise<void> {
    return this.scan(blocksOf(roots))
  }

  /**
   * What the page says about itself (site name, copyright holder, imitation of Apple), read once
   * per address and title rather than on every flush: a page that keeps changing reads its
   * footer and meta data again only when it navigates or retitles itself.
   */
  #pageFacts(title: string): PageFacts {
    const key = `${this.#doc.location?.href ?? ''}\n${title}`
    if (this.#facts?.key !== key) this.#facts = { key, facts: readPageFacts(this.#doc, title, this.#options.detector) }
    return this.#facts.facts
  }

  /** Scans the roots in slices, sending what it finds while it goes on. */
  async scan(roots: readonly Node[]): Promise<void> {
    const { detector, clock, meter, signal } = this.#options
    const title = this.#doc.title ?? ''
    const page = this.#pageFacts(title)
    const found: ScanFinding[] = []
    // One look at the page is one round, however many batches its badges come in.
    const round = this.#placer.nextRound()
    // Findings go out while the scan goes on, so a big page's first badges do not wait for its
    // last slice.
    const sending: Array<Promise<void>> = []
    let sent = 0
    const stretch = new Stretch(clock, meter)
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
          if (signal.aborted) return
        }
      }
    }
    stretch.end()
    sending.push(this.#dispatch(found.slice(sent), round))
    await Promise.all(sending)
  }

  /** Asks for what is new (one message per 1,000 numbers) and places what is known meanwhile, then the answers. */
  async #dispatch(found: ScanFinding[], round: number): Promise<void> {
    const sorting = new Stretch(this.#options.clock, this.#options.meter)
    const place = (judged: Judged[]): Promise<void> => this.#placer.placeAll(judged, round)
    const { known, rest } = this.#verdicts.lookup(this.#placer.unhandled(found), place)
    sorting.end()
    if (this.#options.signal.aborted) return
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
