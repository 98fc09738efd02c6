// Which text claims a number for Apple. A claim reaches a number from its own sentence, from its
// label (the text just before it in reading order, across <br>, inline elements and blocks), from
// the heading of its section, card or list, from its table row and column headers, or from the
// title of the dialog it sits in. The nearest text that names an owner decides whose number it
// is: "Apple Support" makes it Apple's; "call Northwind at", "Northwind customer care" or "call us"
// on a site that names itself (and is not Apple) give it to someone else. The page title alone is
// weak evidence: it counts only beside scam red flags, or when the whole page imitates Apple.
//
// Reads only the DOM objects passed in (no globals): it runs in the content script and, over
// happy-dom, in `truedial scan`.

import { BLOCK_TAGS } from './blocks'
import { UNSPACED } from './brand-prefilter'
import { deobfuscate, namesOwner, namesProduct, type ClaimDetector, type TermHit, type TextReading } from './claims'
import type { ClaimEvidence, ClaimPlace } from './verdict'

const ELEMENT_NODE = 1
const TEXT_NODE = 3

/** Elements whose text is never read as context: code, form fields, our own badges. */
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'input', 'select', 'option', 'iframe', 'object', 'svg', 'canvas', 'truedial-badge', 'head'])
const HEADING = /^h[1-6]$/

/** Characters of context read before a number (its label) and per heading. */
const LABEL_CHARS = 160
const HEADING_CHARS = 200
/** Words before a number in its own sentence up to which the number still "starts its line". */
const LABEL_WORDS = 4

function tagOf(el: Element): string {
  return el.localName.toLowerCase()
}

function isElement(n: Node | null): n is Element {
  return !!n && n.nodeType === ELEMENT_NODE
}

function textOf(el: Element, max = HEADING_CHARS): string {
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, max)
}

/** What the page says about itself: read once per page (the content script keeps it per address and title). */
export interface PageFacts {
  /** The document title (bounded). */
  title: string
  /** The organisation the page speaks for, when it names one: og:site_name, application-name, copyright holder. */
  siteOrg: string | null
  /** The site names itself and is not Apple (nor imitates it): its "we" and "us" are its own. */
  siteIsOther: boolean
  /** A brand term in the title: weak evidence, a claim only beside red flags. */
  titleBrand: string | null
  /** Red flags in the title: they stand beside every number of the page. */
  titleFlags: string[]
  /**
   * Brand words the page's title or site name uses for something else ("apple" of "Apple Records –
   * Vinyl", "苹果" of "香山脚下苹果园") and never for the brand: on this page the bare word means that.
   */
  otherSense: string[]
  /** The page carries Apple's site structure and names Apple in its meta data: what gives it away. */
  imitation: string | null
}

const LEGAL_FORM = /(?<![\p{L}])(?:inc|ltd|llc|plc|gmbh|ag|corp|corporation|limited|s\.a|s\.a\.s|sarl|s\.l|k\.k|pty ltd|co\., ltd)\.?(?![\p{L}])/iu
const COPYRIGHT = /(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:(?:19|20)\d\d(?:\s*[-–—]\s*(?:19|20)?\d\d)?\s*)?,?\s*([^\n|•·]{2,80})/i
// Apple's own page furniture, which scam kits copy with the page: the global navigation and footer.
const APPLE_STRUCTURE = '#globalnav, #ac-globalnav, .globalnav, #ac-gn-menustate, #globalfooter, #ac-globalfooter, .ac-gf-footer, [data-analytics-region="global nav"]'

function meta(doc: Document, selector: string): string {
  return (doc.querySelector(selector)?.getAttribute('content') ?? '').trim().slice(0, 200)
}

/** The copyright line's holder ("Northwind Mobile, Inc."), from the footer or the page's last text. */
function copyrightHolder(doc: Document): string | null {
  const parts: string[] = []
  for (const el of doc.querySelectorAll('footer, [role="contentinfo"], #footer, .footer, #globalfooter, .ac-gf-footer')) {
    parts.push(textOf(el, 2000))
    if (parts.length >= 3) break
  }
  if (parts.length === 0 && doc.body) {
    // No footer element: the page's last text nodes, read backwards from its end (a page of a
    // million nodes costs a few steps, not a walk of all of them).
    const walker = doc.createTreeWalker(doc.body, 0x4)
    let last: Node | null = doc.body
    while (last && last.lastChild) last = last.lastChild
    const texts: string[] = []
    let length = 0
    if (last) {
      walker.currentNode = last
      const first = last.nodeType === TEXT_NODE ? last : walker.previousNode()
      for (let n: Node | null = first; n && texts.length < 64 && length < 600; n = walker.previousNode()) {
        const data = (n as Text).data
        texts.unshift(data)
        length += data.length
      }
    }
    parts.push(texts.join(' ').slice(-600))
  }
  for (const part of parts) {
    const m = COPYRIGHT.exec(part)
    if (!m) continue
    // The holder's name ends with its sentence: "Voltline Retail Ltd. Apple and Mac are trademarks of Apple Inc."
    const line = m[1]!.replace(/\s*(?:all rights reserved|tous droits réservés|alle rechte vorbehalten|todos los derechos reservados).*$/i, '')
    // A legal form ends the name ("… Ltd.", "Apple Inc."), else the first sentence end does.
    const legal = LEGAL_FORM.exec(line)
    const end = legal ? legal.index + legal[0].length : sentenceEnds(line, false).find((at) => line.slice(at).trim().length > 0)
    return line.slice(0, end ?? line.length).trim().replace(/[.,;]+$/, '') || null
  }
  return null
}

function namesBrand(detector: ClaimDetector, text: string | null): boolean {
  return !!text && detector.read(text).brands.length > 0
}

/** Brand words the texts use only inside collisions ("Apple Records"), when they name the brand nowhere. */
function otherSense(detector: ClaimDetector, texts: string[]): string[] {
  const out = new Set<string>()
  for (const text of texts) {
    const r = detector.read(text)
    if (r.brands.length === 0) for (const c of r.collided) out.add(c.text)
  }
  return [...out]
}

/** Reads the page's own claims about itself: site name, copyright holder, and whether it imitates Apple. */
export function readPageFacts(doc: Document, title: string, detector: ClaimDetector): PageFacts {
  const siteName = meta(doc, 'meta[property="og:site_name"]') || meta(doc, 'meta[name="application-name"]') || meta(doc, 'meta[property="name"], meta[name="name"]')
  const holder = copyrightHolder(doc)
  const siteOrg = siteName || holder || null
  let imitation: string | null = null
  const described = [title, siteName, meta(doc, 'meta[name="description"]'), meta(doc, 'meta[property="og:title"]'), holder ?? '']
  const brandInMeta = described.find((d) => namesBrand(detector, d))
  if (brandInMeta) {
    const structure = doc.querySelector(APPLE_STRUCTURE) !== null
    const appleCopyright = holder !== null && /^apple\s+inc\b/i.test(holder)
    if (structure || appleCopyright) imitation = (appleCopyright ? `Copyright © ${holder}` : brandInMeta).slice(0, 120)
  }
  const bounded = title.slice(0, 1000)
  return {
    title: bounded.slice(0, 300),
    siteOrg,
    // Named for a product ("L'Atelier du Mac", "QuickFix Phone & Mac Repair") is not named Apple.
    siteIsOther: siteOrg !== null && !imitation && !detector.read(siteOrg).brands.some((b) => namesOwner(b.text)),
    // A title that calls the brand fake ("Police warn of fake Apple Support pop-ups",
    // "警惕冒充苹果客服诈骗") is a page about the scam: it claims none of its numbers (its quotes of
    // the scam's text still do, from their own sentences).
    titleBrand: detector.fakeIn(bounded) ? null : (detector.read(bounded).brands[0]?.text ?? null),
    otherSense: otherSense(detector, [bounded, siteOrg ?? '']),
    titleFlags: detector.redFlagsIn(bounded),
    imitation,
  }
}

/** A piece of text around a number, where it stood, and where the number is in it. */
export interface ScopeText {
  text: string
  where: ClaimPlace
  /** The number's offset in the text (the text's length when the text comes before the number). */
  at: number
  /** Where the number ends, when it stands inside the text (its sentence). */
  end?: number
  /** For a dialog's title or a section's heading: the start of the dialog's or section's text, read for red flags. */
  section?: string
}

/** The closest element that reads as a dialog, and its title. */
function dialogTitle(el: Element): string | null {
  const labelled = el.getAttribute('aria-labelledby')
  if (labelled) {
    const doc = el.ownerDocument
    const parts = labelled.split(/\s+/).map((id) => doc.getElementById(id)).filter((x): x is HTMLElement => !!x)
    if (parts.length > 0) return parts.map((p) => textOf(p)).join(' ')
  }
  const label = el.getAttribute('aria-label')
  if (label) return label.slice(0, HEADING_CHARS)
  const heading = el.querySelector('h1, h2, h3, h4, h5, h6, [role="heading"], header, .title, [class*="title"]')
  return heading ? textOf(heading) : null
}

function isDialog(el: Element): boolean {
  const role = el.getAttribute('role')
  return tagOf(el) === 'dialog' || role === 'dialog' || role === 'alertdialog' || el.getAttribute('aria-modal') === 'true'
}

const LANDMARK_TAGS = new Set(['footer', 'header', 'nav', 'aside'])
const LANDMARK_ROLES = new Set(['contentinfo', 'banner', 'navigation', 'complementary'])

function isLandmark(el: Element): boolean {
  return LANDMARK_TAGS.has(tagOf(el)) || LANDMARK_ROLES.has(el.getAttribute('role') ?? '')
}

/** Levels looked up for a landmark: it is asked of every text node a label walks over, and a hostile page nests 5,000 deep. */
const LANDMARK_LEVELS = 32

function closestLandmark(n: Node): Element | null {
  let p: Node | null = n
  for (let k = 0; p && k < LANDMARK_LEVELS; p = p.parentNode, k++) if (isElement(p) && isLandmark(p)) return p
  return null
}

function isHeading(el: Element): boolean {
  return HEADING.test(tagOf(el)) || el.getAttribute('role') === 'heading' || tagOf(el) === 'legend' || tagOf(el) === 'caption'
}

/** The last heading inside an element (a section's heading may be nested in a header or a div). */
/**
 * A preceding sibling as a heading: a heading, or a wrapper of little more than one (a <header>
 * around an <h2> and a date). A sibling with more text than that and a heading of its own is
 * another section: its heading is that section's ("相关推荐" after an article is not under the
 * article's headline), and the search stops there ('stop'). Null: no heading, look further back.
 * The size is read first, up to a bound, so a big section costs a few steps, not a search of it.
 */
function headingOf(el: Element): Element | 'stop' | null {
  if (isHeading(el)) return el
  if (textStart(el, HEADING_CHARS + WRAPPER_EXTRA + 1).length > HEADING_CHARS + WRAPPER_EXTRA) {
    return el.querySelector('h1, h2, h3, h4, h5, h6, [role="heading"]') ? 'stop' : null
  }
  // A small element: its last heading, found by walking its (few) elements.
  let heading: Element | null = null
  const walker = el.ownerDocument.createTreeWalker(el, 0x1)
  for (let n = walker.nextNode(), k = 0; n && k < 64; n = walker.nextNode(), k++) if (isHeading(n as Element)) heading = n as Element
  if (!heading) return null
  const own = (heading.textContent ?? '').length
  return textStart(el, own + WRAPPER_EXTRA + 1).length <= own + WRAPPER_EXTRA ? heading : 'stop'
}

/** Characters a heading's wrapper may hold besides the heading (a date, a kicker). */
const WRAPPER_EXTRA = 80

const PAGE_LEVEL = new Set(['html', 'body', 'main'])
/** Characters of a section's or dialog's text read for red flags. */
const SECTION_CHARS = 1500

/** The first SECTION_CHARS characters of an element's text, read node by node (no textContent of a big section). */
function textStart(el: Element, max = SECTION_CHARS): string {
  const walker = el.ownerDocument.createTreeWalker(el, 0x4)
  let out = ''
  for (let n = walker.nextNode(); n && out.length < max; n = walker.nextNode()) out += (n as Text).data.trim() ? `${(n as Text).data.trim()} ` : ''
  return out.slice(0, max)
}

/**
 * The texts that stand over a block: its table headers, the dialog's title, and the headings of
 * the sections it sits in (the nearest heading before it at each level, at most two, each of a
 * higher rank than the last). Memoised per block by the caller.
 */
/** The heading found among an element's preceding siblings (null: none): kept per element for one scan. */
export type HeadingCache = Map<Element, Element | null>

function headingBefore(el: Element, cache: HeadingCache | undefined): Element | null {
  const known = cache?.get(el)
  if (known !== undefined) return known
  let found: Element | null = null
  let sibling = el.previousElementSibling
  for (let k = 0; sibling && k < 24; k++, sibling = sibling.previousElementSibling) {
    const heading = headingOf(sibling)
    if (heading === 'stop') break
    if (heading) {
      found = heading
      break
    }
  }
  cache?.set(el, found)
  return found
}

export function scopesAbove(block: Node, cache?: HeadingCache): ScopeText[] {
  const out: ScopeText[] = []
  let headings = 0
  let rank = 7
  let steps = 0
  for (let node: Node | null = block; node && isElement(node) && steps < 16; node = node.parentNode, steps++) {
    const el = node
    const tag = tagOf(el)
    if (tag === 'body' || tag === 'html') break
    if (tag === 'td' || tag === 'th') {
      const row = el.parentNode
      if (isElement(row)) {
        const cells = [...row.children].filter((c) => tagOf(c) === 'td' || tagOf(c) === 'th')
        const col = cells.indexOf(el)
        if (col > 0) out.push({ text: textOf(cells[0]!), where: 'table', at: HEADING_CHARS })
        const table = el.closest('table')
        const headRow = table?.querySelector('thead tr') ?? table?.querySelector('tr')
        if (headRow && headRow !== row) {
          const head = [...headRow.children][col]
          if (head) out.push({ text: textOf(head), where: 'table', at: HEADING_CHARS })
        }
        const caption = table?.querySelector('caption')
        if (caption) out.push({ text: textOf(caption), where: 'table', at: HEADING_CHARS })
      }
    }
    if (isDialog(el)) {
      const title = dialogTitle(el)
      if (title) out.push({ text: title, where: 'dialog', at: title.length, section: textStart(el) })
    }
    // A page's footer, header, navigation or sidebar stands apart from the sections before it:
    // the article's headline is no heading of the newsroom's number in the footer.
    if (isLandmark(el)) break
    if (headings >= 2) continue
    // The nearest heading among the preceding siblings at this level (the paragraphs of one
    // section share their section's: a big page asks once per element, not once per number).
    const heading = headingBefore(el, cache)
    if (heading) {
      const level = HEADING.test(tagOf(heading)) ? Number(tagOf(heading)[1]) : 6
      if (level < rank) {
        const text = textOf(heading)
        // The section the heading opens: its red flags stand in the number's claim scope. Not
        // the whole page's (a heading among the body's or main's own children).
        const section = el.parentNode
        const own = isElement(section) && !PAGE_LEVEL.has(tagOf(section)) ? textStart(section) : undefined
        out.push({ text, where: 'heading', at: text.length, section: own })
        headings++
        rank = level
      }
    }
  }
  return out
}

/**
 * The text just before a node in reading order: up to LABEL_CHARS characters of the text nodes
 * before it, a line break where one block's text meets another's, cut after the last sentence end.
 */
export function labelBefore(start: Node): string {
  const doc = start.ownerDocument
  if (!doc) return ''
  const walker = doc.createTreeWalker(doc.body ?? doc, 0x1 | 0x4)
  walker.currentNode = start
  // The label stays inside the number's landmark: a footer's number takes no label from the
  // article above it, nor a number in the article one from the site's navigation.
  const home = closestLandmark(start)
  let out = ''
  let blocks = 0
  for (let n = walker.previousNode(); n && out.length < LABEL_CHARS && blocks < 6; n = walker.previousNode()) {
    if (n.nodeType === TEXT_NODE) {
      // Asked of text nodes only: a page may nest thousands of elements between them.
      if (closestLandmark(n) !== home) break
      let skipped = false
      for (let p = n.parentNode; p && p !== doc; p = p.parentNode) {
        if (isElement(p) && SKIP.has(tagOf(p))) {
          skipped = true
          break
        }
      }
      // Source line breaks are spaces; only a block boundary is a line break in a label.
      if (!skipped) out = (n as Text).data.replace(/\s+/g, ' ') + out
    } else if (isElement(n) && BLOCK_TAGS.has(tagOf(n)) && !/^\s*\n/.test(out)) {
      out = `\n${out}`
      blocks++
    }
  }
  out = out.slice(-LABEL_CHARS)
  // The label is the last sentence: a sentence that ended before it belongs to something else.
  // Line breaks stay: where one block's text meets another's is where a name or a sentence ends.
  return lastSentence(out).replace(/ *\n */g, '\n').replace(/\n+/g, '\n').replace(/ +/g, ' ')
}

// Words a period follows without ending the sentence: "Tel. 031 …", "Nr. 5", "Apple Inc. (408) …".
const ABBREVIATIONS = new Set([
  'tel', 'tél', 'fax', 'nr', 'no', 'nº', 'núm', 'ca', 'inc', 'ltd', 'co', 'corp', 'str', 'mr', 'mrs', 'ms', 'dr', 'st', 'vs', 'etc', 'bzw', 'ggf',
  'usw', 'ext', 'approx', 'dept', 'hr', 'hrs', 'min', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul',
  'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'tlf', 'telf', 'sr', 'sra', 'av', 'z.b', 'u.a', 'e.g', 'i.e',
])

/**
 * Offsets just past each sentence end of a text: ".", "!" or "?" before a space or the end,
 * "。！？", and with `lines` a line break (labels mark where one block's text meets another's
 * with one). A period after an abbreviation or a single letter ends no sentence.
 */
function sentenceEnds(text: string, lines: boolean): number[] {
  const out: number[] = []
  // Full stops of other scripts end sentences wherever they stand: Chinese and Japanese 。！？,
  // the Devanagari danda । and ॥, the Arabic question mark ؟.
  for (const m of text.matchAll(lines ? /[.!?](?=[\s"'”’)»]|$)|[。！？।॥؟\n]/g : /[.!?](?=[\s"'”’)»]|$)|[。！？।॥؟]/g)) {
    if (m[0] === '.') {
      const w = /([\p{L}.]+)$/u.exec(text.slice(Math.max(0, m.index! - 12), m.index!))
      if (w && (ABBREVIATIONS.has(w[1]!.toLowerCase()) || /^\p{L}$/u.test(w[1]!))) continue
    }
    out.push(m.index! + 1)
  }
  return out
}

/**
 * The text after the last sentence end: the unfinished sentence a label is ("Call Apple Support
 * immediately:", "Apple Support"). A text that ends with a finished sentence labels nothing: "A
 * long article about Apple's numbers." says nothing of the number in the next block.
 */
export function lastSentence(text: string): string {
  const ends = sentenceEnds(text, false)
  return text.slice(ends.length > 0 ? ends[ends.length - 1]! : 0).trim()
}

/** The sentence of a text around [start, end): from the last sentence end before to the next one after. */
export function sentenceAround(text: string, start: number, end: number, max = 200): { text: string; at: number } {
  let from = Math.max(0, start - max)
  const before = sentenceEnds(text.slice(from, start), false)
  if (before.length > 0) from += before[before.length - 1]!
  const after = sentenceEnds(text.slice(end, Math.min(text.length, end + max)), false)
  const to = after.length > 0 ? end + after[0]! : Math.min(text.length, end + max)
  return { text: text.slice(from, to), at: start - from }
}

/** Words before the number in its own sentence. */
export function wordsBefore(sentence: string, at: number): number {
  // Scripts written without spaces count a word per two characters ("联系鲜果坊店铺客服" is several).
  const before = sentence.slice(0, at)
  const unspaced = (before.match(/[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]/gu) ?? []).length
  return (before.replace(/[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]+/gu, ' ').match(/[\p{L}\p{N}]+/gu) ?? []).length + Math.ceil(unspaced / 2)
}

export interface ClaimFound extends ClaimEvidence {
  brand: string
  support: string | null
}

type Owner = { kind: 'apple' | 'self' | 'other'; hit: TermHit } | null

/** The owner named nearest the number: the last one before it, else the first one after it. */
function nearestOwner(r: TextReading, at: number): Owner {
  let before: Owner = null
  let after: Owner = null
  const consider = (kind: 'apple' | 'self' | 'other', hit: TermHit): void => {
    if (hit.end <= at) {
      if (!before || hit.end > before.hit.end || (hit.end === before.hit.end && kind === 'other')) before = { kind, hit }
    } else if (hit.start >= at) {
      if (!after || hit.start < after.hit.start) after = { kind, hit }
    }
  }
  for (const h of r.brands) consider('apple', h)
  for (const h of r.selves) consider('self', h)
  for (const h of r.others) consider('other', h)
  return before ?? after
}

function quote(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim()
  return t.length > 120 ? `${t.slice(0, 117)}…` : t
}

/**
 * The claim's words as quoted to the user: a scope's text, and for the number's own sentence only
 * the side of it that holds the brand ("Call Apple Support immediately at …"), not the number the
 * verdict is about.
 */
function quoteClaim(scope: ScopeText, hit: TermHit | null): string {
  if (scope.end === undefined || !hit) return quote(scope.text)
  return hit.end <= cleanAt(scope) ? `${quote(scope.text.slice(0, scope.at))} …` : `… ${quote(scope.text.slice(scope.end))}`
}

// The detector reads a scope without the invisible characters and letter-spacing scam text hides
// in ("Ap\u200b…pple"): its offsets are those of the cleaned text, and so must be the number's.
const cleaned = new WeakMap<ScopeText, { text: string; at: number }>()

function cleanOf(scope: ScopeText): { text: string; at: number } {
  let c = cleaned.get(scope)
  if (!c) {
    const text = deobfuscate(scope.text)
    c = text === scope.text ? { text, at: scope.at } : { text, at: deobfuscate(scope.text.slice(0, scope.at)).length }
    cleaned.set(scope, c)
  }
  return c
}

/** Where the number stands in the scope's text as the detector read it. */
function cleanAt(scope: ScopeText): number {
  return cleanOf(scope).at
}

// Readings and red flags of a scope, kept while the scope object lives: the texts over a block
// (headings, table headers) are shared by every number in it.
const readings = new WeakMap<ScopeText, TextReading>()
const flagsOf = new WeakMap<ScopeText, string[]>()

function readingOf(detector: ClaimDetector, scope: ScopeText, page: PageFacts): TextReading {
  let r = readings.get(scope)
  if (!r) {
    // The site's own name counts as an owner only where the site is not Apple.
    r = detector.read(scope.text, page.siteIsOther ? page.siteOrg : null)
    // On a site that names itself and is not Apple (a carrier, a university, a shop), a product
    // name ("iPhone support") makes no claim: only Apple itself named as the owner does.
    if (page.siteIsOther) r = { ...r, brands: r.brands.filter((b) => namesOwner(b.text)) }
    // A heading that asks ("苹果手机屏幕坏了去哪里修比较好？", "Is this Apple's number?") claims
    // nothing for the numbers its answers give.
    if (scope.where === 'heading' && asks(scope.text)) r = { ...r, brands: [] }
    // A page about Apple Records or an apple orchard: its bare "Apple" / "苹果" is the record label
    // or the fruit; "Apple Support" and "AppleCare" still name the brand.
    // In scripts written without spaces the brand's phrases are compounds of the word ("苹果售后"
    // is 苹果 + after-sales): on such a page they are the fruit's too.
    if (page.otherSense.length > 0) r = { ...r, brands: r.brands.filter((b) => !page.otherSense.some((w) => b.text === w || (UNSPACED.test(w) && b.text.startsWith(w)))) }
    readings.set(scope, r)
  }
  return r
}

/**
 * A heading that ends in a question mark: "?", the full-width "？", the Arabic "؟", the Greek
 * question mark; and in Greek text the semicolon it is usually typed as ("Υποστήριξη Apple;"),
 * which in any other script ends a heading like any other mark ("Apple Support hotline;").
 */
function asks(heading: string): boolean {
  if (/[?？؟\u037e]\s*$/.test(heading)) return true
  return /;\s*$/.test(heading) && /[\u0370-\u03ff\u1f00-\u1fff]/.test(heading)
}

const sectionFlagsOf = new WeakMap<ScopeText, string[]>()

/**
 * The scam red flags of the scopes and the page title (at most eight); with `sections`, also those
 * of the dialog or section a heading or title opens. Those make a claimed number red, but do not
 * make a number a claim: a police page's "virus" paragraph claims nothing for its own hotline.
 */
export function flagsIn(detector: ClaimDetector, scopes: ScopeText[], page: PageFacts, sections: boolean): string[] {
  const out = new Set(page.titleFlags)
  for (const scope of scopes) {
    let flags = flagsOf.get(scope)
    if (!flags) flagsOf.set(scope, (flags = detector.redFlagsIn(scope.text)))
    for (const f of flags) out.add(f)
    if (!sections || !scope.section) continue
    let more = sectionFlagsOf.get(scope)
    if (!more) sectionFlagsOf.set(scope, (more = detector.redFlagsIn(scope.section)))
    for (const f of more) out.add(f)
  }
  return [...out].slice(0, 8)
}

/**
 * Apple's payment product named beside a number ("Apple Pay 등록 문의: …") in a section whose
 * heading gives the section to another organisation's support, the site's own ("한빛카드 고객센터",
 * "Northwind Bank Customer Service"), on a site that names itself and is not Apple: the line is the
 * bank's, about the product. Apple itself named ("Apple 고객센터: …") still claims its number
 * there, and the caller gives way only when no red flag is in sight.
 */
function productUnderOwnSupport(detector: ClaimDetector, brand: { hit: TermHit; scope: ScopeText }, scopes: ScopeText[], page: PageFacts): boolean {
  if (!page.siteIsOther) return false
  const r = readingOf(detector, brand.scope, page)
  const product = namesProduct(brand.hit.text) || r.brands.some((b) => namesProduct(b.text) && b.start <= brand.hit.start && brand.hit.end <= b.end)
  if (!product) return false
  return scopes.some((scope) => {
    if (scope.where !== 'heading' || !scope.text) return false
    const h = readingOf(detector, scope, page)
    // Another organisation named as the owner (the site's own name among them: "Northwind Bank
    // Customer Service"), with a support word, and no Apple of its own. "Our support team" is not
    // enough: a scam site says that too.
    return h.others.length > 0 && h.supports.length > 0 && !h.brands.some((b) => !namesProduct(b.text))
  })
}

/**
 * Decides whether the scopes (nearest first) claim the number for Apple. Brand and support terms
 * may stand in different scopes ("Apple Support" heading, "Call 1-800-…" line); the first scope
 * that names an owner other than Apple ends the search with no claim. When no scope claims the
 * number and none gives it away, the page as a whole may: a page imitating Apple, or a title that
 * names the brand beside scam red flags (`flags`: those of the scopes and the title).
 */
export function claimFrom(detector: ClaimDetector, scopes: ScopeText[], page: PageFacts, flags: string[]): ClaimFound | null {
  let support: string | null = null
  let brand: { hit: TermHit; scope: ScopeText } | null = null
  for (const scope of scopes) {
    if (!scope.text) continue
    const r = readingOf(detector, scope, page)
    const clean = cleanOf(scope)
    const owner = nearestOwner(r, clean.at)
    // Given to someone else before anything claimed it for Apple: not Apple's, not even by the page.
    if (!brand && (owner?.kind === 'other' || (owner?.kind === 'self' && page.siteIsOther))) return null
    if (!support && r.supports.length > 0) support = r.supports[0]!.text
    // Apple itself named as the owner in the number's own sentence ("they said they were Apple"),
    // or in a label that introduces it ("AppleCare: 0800 …", "…של Apple עכשיו:"), claims it
    // without a support word. A question in the block before ("Looking for an original Apple
    // pressing?") introduces nothing.
    const labelOwner =
      (scope.where === 'label' && owner !== null && (/[:：]\s*$/.test(scope.text) || /^\s*[\-–—]?\s*$/.test(clean.text.slice(owner.hit.end)))) ||
      // A short table header naming Apple ("Apple Store (Kauf)") owns its column or row.
      (scope.where === 'table' && wordsBefore(scope.text, scope.text.length) <= 4)
    if (!brand && !support && owner?.kind === 'apple' && (scope.where === 'sentence' || labelOwner) && namesOwner(owner.hit.text)) {
      return { brand: owner.hit.text, support: null, words: quoteClaim(scope, owner.hit), where: scope.where }
    }
    if (!brand && owner?.kind === 'apple') brand = { hit: owner.hit, scope }
    // "Apple Support: call us now" on a page that names no other organisation: "us" is the brand's.
    else if (!brand && r.brands.length > 0) brand = { hit: r.brands[0]!, scope }
    if (brand && support) {
      if (flags.length === 0 && productUnderOwnSupport(detector, brand, scopes, page)) return null
      return { brand: brand.hit.text, support, words: quoteClaim(brand.scope, brand.hit), where: brand.scope.where }
    }
  }
  if (page.imitation) return { brand: 'apple', support: null, words: page.imitation, where: 'imitation' }
  if (flags.length > 0 && page.titleBrand) return { brand: page.titleBrand, support: null, words: quote(page.title), where: 'page' }
  return null
}
