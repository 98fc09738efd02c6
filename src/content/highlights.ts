// Marks the exact characters of each number TrueDial judged, without touching the page's text:
// the CSS Custom Highlight API (Chrome 105+, Firefox 140+) paints registered ranges with the
// `::highlight(name)` rules of content/highlights.css, which the manifest injects into every page.
// The range is the number's own characters, across elements ("+1 <b>844</b> 555-0127") too; the
// badge stays at its safe insertion point and names the number when it cannot stand beside it.
//
// One highlight per tone, so a page with hundreds of numbers has four registry entries, not
// hundreds. Ranges are live: a page that edits the text around a number moves its mark with it,
// and a range the page emptied (collapsed) is let go at the next prune.

import { RED_VERDICTS, type BadgeVerdict } from '../core/verdict-words'

export type Tone = 'red' | 'info' | 'ok'

/** The highlight names content/highlights.css styles: `::highlight(truedial-red)` and so on. */
export const HIGHLIGHT_NAMES: Record<Tone | 'focus', string> = {
  red: 'truedial-red',
  info: 'truedial-info',
  ok: 'truedial-ok',
  focus: 'truedial-focus',
}

export function toneOf(verdict: BadgeVerdict): Tone {
  if (RED_VERDICTS.has(verdict)) return 'red'
  return verdict === 'official' || verdict === 'trusted' ? 'ok' : 'info'
}

interface HighlightLike {
  add(range: AbstractRange): void
  delete(range: AbstractRange): boolean
  clear(): void
  readonly size: number
  forEach(cb: (range: AbstractRange) => void): void
}
interface Registry {
  get(name: string): HighlightLike | undefined
  set(name: string, h: HighlightLike): void
  delete(name: string): boolean
}

/** The page's highlight registry and the Highlight constructor, when the browser has them. */
function api(doc: Document): { registry: Registry; make: () => HighlightLike } | null {
  const view = doc.defaultView as (Window & { Highlight?: new () => HighlightLike; CSS?: { highlights?: Registry } }) | null
  const Ctor = view?.Highlight
  const registry = view?.CSS?.highlights
  if (typeof Ctor !== 'function' || !registry) return null
  return { registry, make: () => new Ctor() }
}

/** The marks TrueDial put on one document. */
export class NumberMarks {
  readonly #doc: Document
  readonly #api: ReturnType<typeof api>
  readonly #tones = new Map<Tone | 'focus', HighlightLike>()

  constructor(doc: Document) {
    this.#doc = doc
    let found: ReturnType<typeof api> = null
    try {
      found = api(doc)
    } catch {
      // A page that broke the API (or an engine without it): badges still mark every number.
    }
    this.#api = found
  }

  #highlight(tone: Tone | 'focus'): HighlightLike | null {
    if (!this.#api) return null
    let h = this.#tones.get(tone)
    const name = HIGHLIGHT_NAMES[tone]
    // The page may have deleted or replaced our entry: put ours (back) in place.
    if (!h || this.#api.registry.get(name) !== h) {
      h ??= this.#api.make()
      this.#api.registry.set(name, h)
      this.#tones.set(tone, h)
    }
    return h
  }

  /**
   * The range of a number's characters, or null when it has none (a tel: link whose text shows no
   * number) or the page changed it since the scan.
   */
  rangeOf(startNode: Node, startOffset: number, endNode: Node, endOffset: number): Range | null {
    if (startNode.nodeType !== 3 || endNode.nodeType !== 3 || !startNode.isConnected || !endNode.isConnected) return null
    if (startOffset > (startNode as Text).length || endOffset > (endNode as Text).length) return null
    try {
      const range = this.#doc.createRange()
      range.setStart(startNode, startOffset)
      range.setEnd(endNode, endOffset)
      return range.collapsed ? null : range
    } catch {
      return null
    }
  }

  /** Paints the number's characters in the verdict's tone. */
  mark(range: Range, verdict: BadgeVerdict): void {
    try {
      this.#highlight(toneOf(verdict))?.add(range)
    } catch {
      // Never let a page's tampering with the API break the badges.
    }
  }

  /** While a badge is hovered or focused: its number stands out from the others. */
  emphasise(range: Range, on: boolean): void {
    try {
      const h = this.#highlight('focus')
      if (on) h?.add(range)
      else h?.delete(range)
    } catch {
      // As above.
    }
  }

  /** Lets go of the ranges the page emptied (their text removed or rewritten). */
  prune(): void {
    for (const h of this.#tones.values()) {
      const gone: AbstractRange[] = []
      h.forEach((r) => {
        if (r.collapsed) gone.push(r)
      })
      for (const r of gone) h.delete(r)
    }
  }

  /** Every mark off (the extension was disabled, or TrueDial stopped on this page). */
  clear(): void {
    if (!this.#api) return
    for (const [tone, h] of this.#tones) {
      h.clear()
      try {
        if (this.#api.registry.get(HIGHLIGHT_NAMES[tone]) === h) this.#api.registry.delete(HIGHLIGHT_NAMES[tone])
      } catch {
        // As above.
      }
    }
    this.#tones.clear()
  }
}
