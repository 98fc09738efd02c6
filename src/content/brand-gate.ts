// The one cheap check every page pays: could its title, its meta data or the text of what changed
// name the brand at all? A literal search (BrandPrefilter), no lexicon, no extension API: nothing
// else of TrueDial runs on a page until it hits.

import { firstAbove, withoutInvisible, type BrandPrefilter } from '../core/brand-prefilter'
import type { Clock } from './clock'
import { Stretch, type WorkMeter } from './timing'

/** Text checked for brand words per slice. */
const BRAND_CHUNK = 32 * 1024
/** Text nodes read per brand-check slice. */
const BRAND_NODES = 20_000
/**
 * Characters of one brand-check chunk read again with the next: a brand phrase as pages write it,
 * with room for whitespace between its words ("App" and "Store" 70 spaces apart).
 */
const SEAM = 160

export interface BrandGateOptions {
  prefilter: BrandPrefilter
  clock: Clock
  meter: WorkMeter
  /** Aborted: a check under way answers false at its next slice. */
  signal: AbortSignal
}

/** The node starts in (from, to), counted from `from`. */
function sliceStarts(starts: readonly number[], from: number, to: number): number[] {
  const out: number[] = []
  for (let i = firstAbove(starts, from); i < starts.length && starts[i]! < to; i++) out.push(starts[i]! - from)
  return out
}

export class BrandGate {
  constructor(
    private readonly doc: Document,
    private readonly options: BrandGateOptions,
  ) {}

  /**
   * True when the brand is named in the title, the page's meta data or the roots' text. Text
   * nodes are read in chunks (not textContent, which is one long task on a page of a million
   * nodes) and checked a chunk at a time, yielding in between. A chunk is its nodes joined with
   * nothing between them, plus where each starts: the prefilter reads each start as a word break
   * ("…below" of one block, "Apple" of the next) and as none (a word split by markup:
   * "Ap<b>ple</b>", which the scanner reads whole within its block). One reading, one search.
   */
  async named(roots: readonly Node[]): Promise<boolean> {
    const { clock, meter, signal } = this.options
    // The title is a text of its own: a line break keeps it from the first word of the page.
    // Texts are joined once per chunk (a string grown node by node must be flattened before a search).
    let parts = [`${this.#pageNames()}\n`]
    let length = parts[0]!.length
    let starts: number[] = []
    let walking = new Stretch(clock, meter)
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
        walking.end()
        if (await this.#hasBrand(chunk, at)) return true
        if (signal.aborted) return false
        walking = new Stretch(clock, meter)
        // The chunk's end starts the next one, with its node starts: a term across the seam is read whole.
        const seam = Math.max(0, chunk.length - SEAM)
        starts = sliceStarts(at, seam, chunk.length)
        parts = [chunk.slice(seam)]
        length = parts[0]!.length
      }
    }
    const [chunk, at] = withoutInvisible(parts.join(''), starts)
    walking.end()
    return this.#hasBrand(chunk, at)
  }

  /**
   * Brand words anywhere in the text (no invisible characters in it), checked in slices of up to
   * twice a chunk: a chunk ends with the node that takes it past BRAND_CHUNK, and a 10 MB text
   * node is one string.
   */
  async #hasBrand(text: string, starts: number[]): Promise<boolean> {
    const { prefilter, clock, meter, signal } = this.options
    for (let at = 0; at < text.length; at += 2 * BRAND_CHUNK) {
      const stretch = new Stretch(clock, meter)
      // Overlap so a term across a slice boundary is still seen.
      const from = Math.max(0, at - SEAM)
      const to = at + 2 * BRAND_CHUNK
      const whole = at === 0 && text.length <= to
      const inside = whole ? starts : sliceStarts(starts, from, to)
      const hit = prefilter.test(whole ? text : text.slice(from, to), inside)
      stretch.end()
      if (hit) return true
      await clock.yieldToPage()
      if (signal.aborted) return false
    }
    return false
  }

  /** The title and the meta data a clone of Apple's page keeps its brand in. */
  #pageNames(): string {
    const names = [this.doc.title ?? '']
    for (const m of this.doc.querySelectorAll('meta[property="og:site_name"], meta[name="application-name"], meta[name="description"], meta[property="og:title"]')) {
      names.push((m.getAttribute('content') ?? '').slice(0, 300))
    }
    return names.join('\n')
  }
}
