// Watches a page for numbers that claim to be Apple support: one scan when the page is idle,
// then only what changes (MutationObserver), in time-boxed slices. The observer callback does
// no real work: it queues roots and schedules a flush (STYLE.md habit 3).

import type { ClaimDetector } from '../core/claims'
import type { FindingRequest } from '../core/judge-finding'
import { insideSkipped, scanPage, type ScanFinding } from '../core/page-scan'
import type { PageVerdict, ReportTarget } from '../messages'
import { BADGE_TAG, createBadge } from './badge'

export interface WatchOptions {
  detector: ClaimDetector
  showOfficial: boolean
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
}

const FLUSH_DELAY_MS = 150
const SLICE_MS = 8
const MAX_QUEUE = 2000
const BLOCKS = 'p,div,li,td,th,dd,dt,h1,h2,h3,h4,h5,h6,section,article,header,footer,main,aside,blockquote,address,figcaption,body'

function toRequest(f: ScanFinding): FindingRequest {
  return {
    text: f.text.slice(0, 200),
    digits: f.digits,
    plus: f.plus,
    groups: f.groups,
    disguises: f.disguises,
    link: f.link ? { digits: f.link.digits, plus: f.link.plus } : null,
    redFlags: f.redFlags,
    nearbyText: f.nearbyText,
    lang: f.lang,
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
    if (BLOCKS.includes((p as Element).tagName.toLowerCase())) break
  }
  return node
}

function badgeAlreadyAfter(node: Node, e164: string): boolean {
  for (let n = node.nextSibling; n && n.nodeName === BADGE_TAG.toUpperCase(); n = n.nextSibling) {
    if ((n as Element).getAttribute('data-e164') === e164) return true
  }
  return false
}

export class PageWatch {
  readonly state: WatchState = { scans: 0, pending: false, badges: 0, requests: 0 }
  #observer: MutationObserver | null = null
  #queue = new Set<Node>()
  #timer: ReturnType<typeof setTimeout> | null = null
  #brandSeen = false
  #url: string
  #handled = new WeakMap<Node, Set<string>>()
  #badges = new Set<Element>()
  #dead = false

  constructor(
    private readonly doc: Document,
    private readonly options: WatchOptions,
  ) {
    this.#url = doc.location?.href ?? ''
  }

  start(): void {
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
    this.doc.defaultView?.removeEventListener('popstate', this.#onPopState)
    for (const b of this.#badges) b.remove()
    this.#badges.clear()
    this.#queue.clear()
  }

  #onPopState = (): void => this.#schedule()

  #onMutations(records: MutationRecord[]): void {
    for (const r of records) {
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
      // A mutation storm: give up on pieces and rescan the page once.
      this.#queue.clear()
      this.#queue.add(this.doc.body ?? this.doc.documentElement)
    }
    if (this.#queue.size > 0) this.#schedule()
  }

  #schedule(): void {
    this.state.pending = true
    this.#timer ??= setTimeout(() => {
      this.#timer = null
      void this.#flush()
    }, FLUSH_DELAY_MS)
  }

  #title(): string {
    return this.doc.title ?? ''
  }

  async #fullScan(): Promise<void> {
    this.state.pending = true
    const body = this.doc.body
    if (!body) return
    this.#brandSeen = this.options.detector.hasBrand(`${this.#title()}\n${body.textContent ?? ''}`)
    if (this.#brandSeen) await this.#scanRoots([body])
    this.state.scans++
    this.state.pending = this.#timer !== null
  }

  async #flush(): Promise<void> {
    if (this.#dead) return
    if (!this.options.alive()) {
      this.#die()
      return
    }
    const href = this.doc.location?.href ?? ''
    if (href !== this.#url) {
      // Single-page navigation: findings belong to the old page; badges already in the DOM stay.
      this.#url = href
      this.#queue.clear()
      this.#handled = new WeakMap()
      await this.options.reset(href).catch(() => this.#die())
      await this.#fullScan()
      return
    }
    const roots = [...this.#queue].filter((n) => n.isConnected)
    this.#queue.clear()
    if (!this.#brandSeen) {
      // Nothing on the page mentioned the brand so far: look only at the new text.
      const added = roots.map((r) => r.textContent ?? '').join('\n')
      if (!this.options.detector.hasBrand(`${this.#title()}\n${added}`)) {
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
    // Drop blocks inside other queued blocks.
    const list = [...blocks].filter((b) => ![...blocks].some((o) => o !== b && o.contains(b)))
    await this.#scanRoots(list)
    this.state.scans++
    this.state.pending = this.#timer !== null
  }

  async #scanRoots(roots: Node[]): Promise<void> {
    const title = this.#title()
    const fresh: ScanFinding[] = []
    let sliceStart = performance.now()
    for (const root of roots) {
      if (insideSkipped(root)) continue
      for (const f of scanPage({ root, title, detector: this.options.detector, brandChecked: true })) {
        const seen = this.#handled.get(f.anchor)
        const key = `${f.text}|${f.link?.digits ?? ''}`
        if (seen?.has(key)) continue
        if (seen) seen.add(key)
        else this.#handled.set(f.anchor, new Set([key]))
        fresh.push(f)
      }
      if (performance.now() - sliceStart > SLICE_MS) {
        // Yield to the page between slices so a big page never gets a long task from us.
        await new Promise((r) => setTimeout(r, 0))
        sliceStart = performance.now()
      }
    }
    if (fresh.length === 0 || this.#dead) return
    for (let i = 0; i < fresh.length; i += 300) await this.#judge(fresh.slice(i, i + 300))
  }

  async #judge(findings: ScanFinding[]): Promise<void> {
    this.state.requests++
    let answer: Awaited<ReturnType<WatchOptions['judge']>>
    try {
      answer = await this.options.judge(this.doc.location?.href ?? '', findings.map(toRequest))
    } catch {
      this.#die()
      return
    }
    if (this.#dead || !answer || !Array.isArray(answer.verdicts)) return
    findings.forEach((f, i) => {
      const v = answer.verdicts[i]
      if (!v) return
      if (v.verdict === 'official' && !this.options.showOfficial) return
      const after = placeAfter(f)
      if (!after.parentNode || !after.isConnected) return
      const e164 = v.detail?.e164 ?? ''
      if (badgeAlreadyAfter(after, e164)) return
      const badge = createBadge(this.doc, { verdict: v.verdict, text: f.text, detail: v.detail, report: answer.report })
      after.parentNode.insertBefore(badge, after.nextSibling)
      this.#badges.add(badge)
      this.state.badges++
    })
  }

  /** The extension is gone: stop quietly and take our badges with us. */
  #die(): void {
    if (!this.#dead) this.destroy()
  }
}
