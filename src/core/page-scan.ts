// The page scanner: finds numbers that claim to be Apple support in a DOM. The content script
// runs it on live pages and `truedial scan` runs it on HTML files (happy-dom), so the browser
// and the CLI agree on every page. It uses only the DOM objects passed in (no globals), never
// changes the page, and does no phone parsing: verdicts come from the background / the CLI.

import { BLOCK_TAGS } from './blocks'
import { findCandidates, labelSaysNotAPhone, mayHoldNumber, type Candidate } from './candidates'
import type { ClaimDetector } from './claims'
import { claimFrom, flagsIn, labelBefore, lastSentence, type HeadingCache, readPageFacts, scopesAbove, sentenceAround, wordsBefore, type ClaimFound, type PageFacts, type ScopeText } from './claim-scope'
import { toDialString } from './normalize'
import { SCAN_LIMITS } from './scan-limits'

export { SCAN_LIMITS }

// DOM constants by value, so this module needs no DOM globals (it also runs in Node).
const ELEMENT_NODE = 1
const TEXT_NODE = 3
const SHOW_ELEMENT = 0x1
const SHOW_TEXT = 0x4
const FILTER_ACCEPT = 1
const FILTER_REJECT = 2

/** Subtrees never read: code, form fields, editable regions, our own badges. */
// By localName (lowercase in HTML documents): reading it costs no new string per element, unlike
// tagName.toUpperCase(), and a big page has a hundred thousand elements.
const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'input', 'select', 'option', 'iframe', 'object', 'svg', 'canvas', 'truedial-badge', 'head'])
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'])

/** An element's tag in lowercase (localName; only XML documents keep upper case in it). */
function tagOf(el: Element): string {
  const name = el.localName
  return name.charCodeAt(0) < 0x61 ? name.toLowerCase() : name
}
/** Characters of a text segment looked at per step; numbers near a window's edge are read whole. */
const WINDOW_CHARS = 16_384
const WINDOW_OVERLAP = 64
/** Characters of a number's paragraph before and after it read for red flags. */
const PARAGRAPH_FLAG_CHARS = 600
/** Words before a number in its sentence up to which it still starts its line (and takes a label). */
const LABEL_WORDS = 4

/** A number on the page (its text, digits and groups as the candidate finder read them) and its context. */
export interface ScanFinding extends Pick<Candidate, 'text' | 'digits' | 'plus' | 'groups' | 'extension' | 'disguises'> {
  /** The tel: link the number sits in (or that carries it with no number in its text). */
  link: { href: string; digits: string; plus: boolean } | null
  /** The words that claim the number for Apple, where they stood, and the terms found. */
  claim: ClaimFound
  /** The page imitates Apple's site: what gives it away (the background decides if the domain is Apple's). */
  imitation: string | null
  redFlags: string[]
  /** Text just before the number, for country names ("UK: 0800 …"). */
  nearbyText: string
  /** The lang of the nearest element that declares one. */
  lang: string | null
  /** Where to put a badge: after this node (a text node, or the tel: link). Not serialisable. */
  anchor: Node
  /** Which printed copy of these digits at this anchor it is (0 for the first): each copy gets its own badge. */
  copy: number
  /** The text node and offsets the number spans, for DOM placement (first/last node). */
  startNode: Node
  startOffset: number
  endNode: Node
  endOffset: number
}

export interface ScanInput {
  /** Document or subtree to scan. */
  root: Node
  /** The document's title, read by the caller (weak evidence: see claim-scope.ts). */
  title: string
  detector: ClaimDetector
  /** What the page says about itself; read from the root's document when not given. */
  page?: PageFacts
  /**
   * Read every block node by node, the quiet ones too (see quietBlock): the plain walk, which
   * stepping over quiet blocks must match finding for finding (test/unit/scan-quiet.test.ts).
   */
  readQuietBlocks?: boolean
}

interface Segment {
  text: string
  nodes: Text[]
  starts: number[]
  heading: string
  block: Node | null
}

function isElement(n: Node): n is Element {
  return n.nodeType === ELEMENT_NODE
}

function closestBlock(n: Node): Node | null {
  for (let p = n.parentNode; p; p = p.parentNode) {
    if (isElement(p) && BLOCK_TAGS.has(tagOf(p))) return p
  }
  return null
}

function closestLang(n: Node): string | null {
  for (let p: Node | null = n.nodeType === ELEMENT_NODE ? n : n.parentNode; p; p = p.parentNode) {
    if (isElement(p)) {
      const lang = p.getAttribute('lang')
      if (lang) return lang
    }
  }
  return null
}

function closestTelLink(n: Node): Element | null {
  for (let p = n.parentNode; p; p = p.parentNode) {
    if (isElement(p) && tagOf(p) === 'a') {
      const href = p.getAttribute('href') ?? ''
      return /^\s*tel:/i.test(href) ? p : null
    }
    if (isElement(p) && BLOCK_TAGS.has(tagOf(p))) return null
  }
  return null
}

function isEditable(el: Element): boolean {
  const ce = el.getAttribute('contenteditable')
  return ce !== null && ce.toLowerCase() !== 'false'
}

function telDigits(href: string): { digits: string; plus: boolean } | null {
  let target = href.replace(/^\s*tel:/i, '')
  try {
    target = decodeURIComponent(target)
  } catch {
    // keep it raw
  }
  target = target.split(/[;?]/)[0] ?? ''
  const dial = toDialString(target)
  return dial && dial.digits.length >= 3 ? { digits: dial.digits, plus: dial.plus } : null
}

/** Nodes walked between checkpoints, so a caller can yield to the page in time-boxed slices. */
const NODES_PER_STEP = 400

/** What an element is to the walk, by tag: one lookup per element instead of four. */
const SKIP = 1
const BLOCK = 2
const HEADING = 4
const LINK = 8
const TAG_KIND = new Map<string, number>()
for (const tag of SKIP_TAGS) TAG_KIND.set(tag, SKIP)
for (const tag of BLOCK_TAGS) TAG_KIND.set(tag, (TAG_KIND.get(tag) ?? 0) | BLOCK)
for (const tag of HEADINGS) TAG_KIND.set(tag, (TAG_KIND.get(tag) ?? 0) | HEADING)
TAG_KIND.set('a', LINK)

/** Elements a block may hold and still be read whole by quietBlock(). */
const QUIET_ELEMENTS = 64

/**
 * The length of a block's text when the block can be stepped over without reading its nodes one
 * by one, else -1. It can when its text (read in one call) holds no digit-like character and none
 * of its first QUIET_ELEMENTS elements (it may have no more) is a block, a skipped or editable
 * element, a tel: link or a shadow host. Such a block would give the walk one segment with no
 * digit (dropped), no tel: link, no heading and no shadow root, so stepping over it changes
 * nothing but the cost: a big page's text nodes are mostly in such blocks, and reading each of
 * them from an isolated world costs a wrapper and a string apiece.
 */
function quietBlock(block: Element, editable: Set<Element> | null): number {
  let seen = 0
  let el = block.firstElementChild
  while (el) {
    if (++seen > QUIET_ELEMENTS) return -1
    const kind = TAG_KIND.get(tagOf(el)) ?? 0
    if ((kind !== 0 && kind !== LINK) || (editable !== null && editable.has(el))) return -1
    if (kind === LINK && /^\s*tel:/i.test(el.getAttribute('href') ?? '')) return -1
    if ((el as Element & { shadowRoot: ShadowRoot | null }).shadowRoot) return -1
    // Next element in document order inside the block.
    let next: Element | null = el.firstElementChild
    for (let up: Element | null = el; !next && up && up !== block; up = up.parentElement) next = up.nextElementSibling
    el = next
  }
  const text = block.textContent ?? ''
  // Long text is left to the walk, which reads it in windows between yields.
  return text.length > SCAN_LIMITS.maxSegmentChars || mayHoldNumber(text) ? -1 : text.length
}

/** True when `before` ends with the first half of a surrogate pair that `after` completes into a digit-like character. */
function splitDigit(before: string, after: string): boolean {
  const high = before.charCodeAt(before.length - 1)
  const low = after.charCodeAt(0)
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff && mayHoldNumber(String.fromCharCode(high, low))
}

/**
 * Collects the text segments (one per run of text in a block) of a root and its open shadow
 * roots into `segments`, yielding every NODES_PER_STEP nodes. Only segments with a digit-like
 * character are kept: the others can hold no number, and a big page has a hundred thousand, so
 * a run's text is only joined once it is known to hold one.
 */
function* collectSegments(root: Node, segments: Segment[], onTelLink: (a: Element, heading: string) => void, readQuiet: boolean): Generator<void, void, void> {
  const doc = root.nodeType === 9 ? (root as Document) : root.ownerDocument!
  /** The block of each inline parent (a link, a span): memoised, so a 5,000-deep page costs no 5,000 steps per text node. */
  const blockOf = new Map<Node, Node | null>()
  let heading = ''
  let steps = 0
  let nextYield = NODES_PER_STEP
  // The run being read: its nodes and their texts, joined only if one of them holds a digit.
  let block: Node | null = null
  let open = false
  let digit = false
  let chars = 0
  let segHeading = ''
  let nodes: Text[] = []
  let values: string[] = []
  const close = (): void => {
    if (open && digit) {
      const starts: number[] = []
      let at = 0
      for (const v of values) {
        starts.push(at)
        at += v.length
      }
      segments.push({ text: values.join(''), nodes, starts, heading: segHeading, block })
      nodes = []
      values = []
    } else {
      nodes.length = 0
      values.length = 0
    }
    open = false
    digit = false
    chars = 0
  }
  let lastParent: Node | null = null
  let lastBlock: Node | null = null
  const roots: Node[] = [root]
  while (roots.length > 0) {
    const r = roots.shift()!
    close()
    // Editable regions, found once by the browser instead of an attribute read per element.
    const marked = 'querySelectorAll' in r ? (r as ParentNode).querySelectorAll('[contenteditable]') : []
    const editable = marked.length > 0 ? new Set([...marked].filter(isEditable)) : null
    // No NodeFilter callback: calling into JS for each of a big page's nodes costs more than the
    // walk itself. Skipped subtrees are stepped over by hand instead.
    const walker = doc.createTreeWalker(r, SHOW_ELEMENT | SHOW_TEXT)
    const skipSubtree = (): Node | null => {
      for (;;) {
        const next = walker.nextSibling()
        if (next) return next
        if (!walker.parentNode()) return null
      }
    }
    for (let n = walker.nextNode(); n; ) {
      if (++steps >= nextYield) {
        nextYield = steps + NODES_PER_STEP
        yield
      }
      if (isElement(n)) {
        const kind = TAG_KIND.get(tagOf(n)) ?? 0
        if (kind & SKIP || (editable !== null && editable.has(n))) {
          n = skipSubtree()
          continue
        }
        const shadow = (n as Element & { shadowRoot: ShadowRoot | null }).shadowRoot
        if (shadow) roots.push(shadow)
        if (kind & HEADING) heading = (n.textContent ?? '').slice(0, 300)
        if (kind & LINK && /^\s*tel:/i.test(n.getAttribute('href') ?? '')) onTelLink(n, heading)
        if (kind & BLOCK) {
          close()
          const quiet = readQuiet ? -1 : quietBlock(n, editable)
          if (quiet >= 0) {
            // Its text, read in one call, counts toward the next yield.
            steps += 1 + (quiet >> 6)
            n = skipSubtree()
            continue
          }
        }
        n = walker.nextNode()
        continue
      }
      const node = n as Text
      n = walker.nextNode()
      if (node.nodeType !== TEXT_NODE) continue
      const value = node.data
      if (value.length === 0) continue
      const parent = node.parentNode
      let nodeBlock: Node | null
      if (parent === lastParent) nodeBlock = lastBlock
      else if (parent && isElement(parent) && BLOCK_TAGS.has(tagOf(parent))) nodeBlock = parent
      else {
        let known = parent ? blockOf.get(parent) : undefined
        if (known === undefined) {
          known = closestBlock(node)
          if (parent) blockOf.set(parent, known)
        }
        nodeBlock = known
      }
      lastParent = parent
      lastBlock = nodeBlock
      if (!open || block !== nodeBlock || chars > SCAN_LIMITS.maxSegmentChars) {
        close()
        open = true
        block = nodeBlock
        segHeading = heading
      }
      // A digit outside the BMP may be split between two text nodes (script can do that).
      if (!digit) digit = mayHoldNumber(value) || (values.length > 0 && splitDigit(values[values.length - 1]!, value))
      nodes.push(node)
      values.push(value)
      chars += value.length
    }
  }
  close()
}

/**
 * The first `max` characters of a block's text, with a line break where the text of one inner
 * block meets another's: textContent glues "…here" of a <p> to the "Apple" after it ("hereApple"),
 * and builds the whole text of a big block to keep 400 characters of it.
 */
function blockText(block: Node, max: number): string {
  const doc = block.nodeType === 9 ? (block as Document) : block.ownerDocument!
  const walker = doc.createTreeWalker(block, SHOW_TEXT)
  let out = ''
  let last: Node | null | undefined
  for (let n = walker.nextNode(); n && out.length < max; n = walker.nextNode()) {
    const data = (n as Text).data
    if (!data) continue
    const inner = closestBlock(n)
    if (last !== undefined && inner !== last) out += '\n'
    last = inner
    out += data
  }
  return out.slice(0, max)
}

/** The text node holding offset `at` of a segment, and the offset inside it. */
function locate(seg: Segment, at: number, preferEnd: boolean): [Text, number] {
  let lo = 0
  let hi = seg.starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    const s = seg.starts[mid]!
    if (s < at || (!preferEnd && s === at)) lo = mid
    else hi = mid - 1
  }
  return [seg.nodes[lo]!, at - seg.starts[lo]!]
}

/** The badge goes after the number's last text node, or after the tel: link around it. */
function anchorFor(node: Node, link: Element | null): Node {
  return link ?? node
}

/** True when the node sits in a subtree TrueDial never reads (a form field, editable region, our badge…). */
export function insideSkipped(node: Node): boolean {
  for (let p: Node | null = node; p; p = p.parentNode) {
    if (isElement(p) && (SKIP_TAGS.has(tagOf(p)) || isEditable(p))) return true
  }
  return false
}

/** Scans to completion: what the CLI runs. */
export function scanPage(input: ScanInput): ScanFinding[] {
  const findings: ScanFinding[] = []
  for (const _ of scanSteps(input, findings)) {
    // run to the end
  }
  return findings
}

/**
 * The scan as steps: pushes findings into `findings` and yields at checkpoints, so the content
 * script can stop after a few milliseconds and give the page its main thread back.
 */
export function* scanSteps(input: ScanInput, findings: ScanFinding[]): Generator<void, void, void> {
  const { root, detector } = input
  // A title is a line of text; a hostile page can make it megabytes long.
  const title = input.title.slice(0, 1000)
  // No page-level brand check here: the content script runs its own (BrandPrefilter) before
  // scanning, and a page with no brand word gives no claim below anyway. A second, different
  // check here made the CLI skip pages the extension scans ("<p>x</p>Ap<b>ple</b>").
  if (insideSkipped(root)) return
  const doc = root.nodeType === 9 ? (root as Document) : root.ownerDocument
  const page = input.page ?? readPageFacts(doc!, title, detector)
  const telLinks: Array<{ a: Element; heading: string }> = []
  const segments: Segment[] = []
  yield* collectSegments(root, segments, (a, heading) => telLinks.push({ a, heading }), input.readQuietBlocks ?? false)
  const linksWithNumber = new Set<Element>()
  // Copies of one number at one anchor ("call +1-866-… or … call +1-866-… any time"), counted.
  const copies = new Map<Node, Map<string, number>>()
  const copyOf = (anchor: Node, digits: string): number => {
    let byDigits = copies.get(anchor)
    if (!byDigits) copies.set(anchor, (byDigits = new Map()))
    const n = byDigits.get(digits) ?? 0
    byDigits.set(digits, n + 1)
    return n
  }
  // Per element: the texts over it (headings, table headers, dialog title); per segment: its label.
  const above = new Map<Node, ScopeText[]>()
  const headings: HeadingCache = new Map()
  const scopesOver = (node: Node | null): ScopeText[] => {
    if (!node) return []
    let s = above.get(node)
    if (!s) above.set(node, (s = scopesAbove(node, headings)))
    return s
  }

  let chars = 0
  for (const seg of segments) {
    if (findings.length >= SCAN_LIMITS.maxFindings) break
    // Long text is read in windows, and the caller can yield between windows (a 10 MB text node).
    for (let ws = 0; ws < seg.text.length && findings.length < SCAN_LIMITS.maxFindings; ws += WINDOW_CHARS) {
      chars += Math.min(WINDOW_CHARS, seg.text.length - ws)
      if (chars > 20_000) {
        chars = 0
        yield
      }
      scanWindow(seg, ws, Math.min(seg.text.length, ws + WINDOW_CHARS))
    }
  }

  function scanWindow(seg: Segment, ws: number, we: number): void {
    const from = Math.max(0, ws - WINDOW_OVERLAP)
    const text = seg.text.slice(from, Math.min(seg.text.length, we + WINDOW_OVERLAP))
    let label: string | null = null
    for (const found of findCandidates(text, { maxCandidates: SCAN_LIMITS.maxFindings })) {
      const c = { ...found, start: found.start + from, end: found.end + from }
      // Each number belongs to the window it starts in.
      if (c.start < ws || c.start >= we) continue
      if (findings.length >= SCAN_LIMITS.maxFindings) break
      const [startNode, startOffset] = locate(seg, c.start, false)
      const [endNode, endOffset] = locate(seg, c.end, true)
      const link = closestTelLink(endNode)
      if (link) linksWithNumber.add(link)
      const sentence = sentenceAround(seg.text, c.start, c.end, SCAN_LIMITS.contextChars)
      // The rest of its paragraph is read for red flags (a post that tells the scam call in three
      // sentences names AnyDesk in the third), as a heading's section is: it makes a claimed number
      // red, never makes a claim.
      const paragraph = seg.text.slice(Math.max(0, c.start - PARAGRAPH_FLAG_CHARS), c.end + PARAGRAPH_FLAG_CHARS)
      const scopes: ScopeText[] = [{ text: sentence.text, where: 'sentence', at: sentence.at, end: sentence.at + c.end - c.start, section: paragraph }]
      // A number that starts its line ("Call Apple Support:" then the number in the next block)
      // takes the text before it as its label.
      if (wordsBefore(sentence.text, sentence.at) <= LABEL_WORDS) {
        // The text before the number's sentence: the block's own, else the blocks before it.
        const sentenceStart = c.start - sentence.at
        const own = sentenceStart > 0 ? lastSentence(seg.text.slice(Math.max(0, sentenceStart - 160), sentenceStart)) : null
        const text = own ?? (label ??= labelBefore(seg.nodes[0]!))
        // A label naming an identifier ("Employer ID (EIN)", "CEP:") makes the digits no phone number.
        if (text && wordsBefore(sentence.text, sentence.at) === 0 && labelSaysNotAPhone(text)) continue
        if (text) scopes.push({ text, where: 'label', at: text.length })
      }
      // From the number's own element: a heading may stand before it inside its block (a card
      // whose <h2> and link share one <section>).
      const over = scopesOver(startNode.parentNode ?? seg.block)
      scopes.push(...over)
      const claim = claimFrom(detector, scopes, page, flagsIn(detector, scopes, page, false))
      if (!claim) continue
      const flags = flagsIn(detector, scopes, page, true)
      const target = link ? telDigits(link.getAttribute('href') ?? '') : null
      const tableHeads = over.filter((s) => s.where === 'table').map((s) => s.text)
      findings.push({
        text: c.text,
        digits: c.digits,
        plus: c.plus,
        groups: c.groups,
        extension: c.extension,
        disguises: c.disguises,
        link: link && target ? { href: link.getAttribute('href') ?? '', ...target } : null,
        claim,
        imitation: page.imitation,
        redFlags: flags,
        // Nearest last (the country named nearest the end is read): the label, then the row's own
        // header, then the number's sentence; a label can reach back into the row before.
        nearbyText: [scopes[1]?.where === 'label' ? scopes[1].text : '', ...tableHeads, sentence.text.slice(0, sentence.at)].join('\n').slice(-200),
        lang: closestLang(startNode),
        anchor: anchorFor(endNode, link),
        copy: copyOf(anchorFor(endNode, link), c.digits),
        startNode,
        startOffset,
        endNode,
        endOffset,
      })
    }
  }

  // tel: links whose text shows no number ("Call Apple Support"): the target is the number.
  for (const { a } of telLinks) {
    if (linksWithNumber.has(a) || findings.length >= SCAN_LIMITS.maxFindings) continue
    const target = telDigits(a.getAttribute('href') ?? '')
    if (!target) continue
    const block = closestBlock(a)
    const context = block ? blockText(block, 2 * SCAN_LIMITS.contextChars) : (a.textContent ?? '').slice(0, 2 * SCAN_LIMITS.contextChars)
    const own = (a.textContent ?? '').replace(/\s+/g, ' ').trim()
    const scopes: ScopeText[] = [{ text: own, where: 'sentence', at: own.length }, { text: context, where: 'sentence', at: context.length }, ...scopesOver(block)]
    const claim = claimFrom(detector, scopes, page, flagsIn(detector, scopes, page, false))
    if (!claim) continue
    const flags = flagsIn(detector, scopes, page, true)
    findings.push({
      text: own.slice(0, 80),
      digits: target.digits,
      plus: target.plus,
      groups: [{ digits: target.digits, end: 0 }],
      extension: null,
      disguises: 0,
      link: null,
      claim,
      imitation: page.imitation,
      redFlags: flags,
      nearbyText: context.slice(0, 60),
      lang: closestLang(a),
      anchor: a,
      copy: copyOf(a, target.digits),
      startNode: a,
      startOffset: 0,
      endNode: a,
      endOffset: 0,
    })
  }
}
