// Does a text claim to be Apple support? Brand terms ("Apple", "iCloud", "苹果") together with
// support terms ("helpline", "客服", "Kundendienst"), in any of the registry's languages. The
// lexicon is registry data: the background collects the terms, the content script builds a
// detector from them.
//
// Performance note (see BENCHMARKS.md): one big Unicode regular expression per kind, with
// lookbehind word boundaries, cost 0.5-1.2 s to compile on every page. Terms are therefore
// matched by WORD LOOKUP in a Map (spaced scripts) and by substring search (scripts written
// without spaces); the only page-wide pass is a literal, non-Unicode prefilter for brand words.
// Do not "simplify" this back into one regex.

import { INVISIBLE_CLASS, lowerForTerms, SEPARATOR_CLASS, SEPARATORS, UNSPACED } from './brand-prefilter'
import type { RegistryPayload } from './registry-types'
import { lazyRegExp } from './lazy-regexp'
import { isCountryName } from './region'

export interface LexiconTerms {
  brand: string[]
  support: string[]
  redFlags: string[]
  /** Phrases with a brand word that are not the brand: "Apple Bank", "Big Apple", "苹果园". */
  notBrand?: string[]
  /** Words that call a brand mention fake or a scam: "fake", "scam", "假冒". */
  fake?: string[]
}

/** Collects the registry's terms (every organisation, every language), deduplicated. */
export function collectLexicon(payload: Pick<RegistryPayload, 'organisations' | 'redFlags'>): LexiconTerms {
  const brand = new Set<string>()
  const support = new Set<string>()
  const redFlags = new Set<string>()
  const notBrand = new Set<string>()
  const fake = new Set<string>()
  for (const org of payload.organisations) {
    for (const terms of Object.values(org.lexicon.brand)) for (const t of terms) brand.add(t.trim())
    for (const terms of Object.values(org.lexicon.support)) for (const t of terms) support.add(t.trim())
    for (const terms of Object.values(org.lexicon.notBrand ?? {})) for (const t of terms) notBrand.add(t.trim())
    for (const terms of Object.values(org.lexicon.fake ?? {})) for (const t of terms) fake.add(t.trim())
  }
  for (const terms of Object.values(payload.redFlags)) for (const t of terms) redFlags.add(t.trim())
  const clean = (s: Set<string>): string[] => [...s].filter((t) => t.length > 0)
  return { brand: clean(brand), support: clean(support), redFlags: clean(redFlags), notBrand: clean(notBrand), fake: clean(fake) }
}

// Built on first use (lazy-regexp.ts): a page that never names the brand needs none of them.
// A word: letters, digits and marks, apostrophes only inside ("Apple's", "Apple'ın"), so a brand in
// quotes ('Apple Support') is its words. A word ends where a script written without spaces starts
// or stops ("Appleサポート" is "Apple" and "サポート"), as the brand prefilter reads it.
const UNSPACED_CLASS = String.raw`\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af\u1100-\u11ff`
const SPACED_CHAR = String.raw`(?:(?![${UNSPACED_CLASS}])[\p{L}\p{N}\p{M}])`
const word = lazyRegExp(String.raw`${SPACED_CHAR}+(?:['’]${SPACED_CHAR}+)*|[${UNSPACED_CLASS}]+`, 'gu')
const letterOrDigit = lazyRegExp(String.raw`(?![${UNSPACED_CLASS}])[\p{L}\p{N}]`, 'u')
// French and Italian elision: "d'Apple", "l'assistance", "dell'Apple" are two words.
const ELIDED = /^(?:[a-z]|qu|dell|nell|dall|all|sull|un)['’](?=\p{L}{2})/u

type Kind = 'brand' | 'support' | 'flag'

interface TermTable {
  /** First word (lowercase) → the remaining words of each term starting with it. */
  words: Map<string, string[][]>
  /**
   * The first PREFIX characters of every first word, and PREFIX itself (at most 3, at most the
   * shortest first word). Every form of a page word is a start of it (forms() only cuts endings),
   * so a word whose start is not here matches nothing and costs no forms() at all.
   */
  starts: Set<string>
  prefix: number
  /** Lowercase terms in unspaced scripts, searched as substrings. */
  substrings: string[]
}

function table(terms: readonly string[]): TermTable {
  const words = new Map<string, string[][]>()
  const substrings: string[] = []
  const add = (parts: string[]): void => {
    const [first, ...rest] = parts
    if (!first) return
    const list = words.get(first)
    if (list) list.push(rest)
    else words.set(first, [rest])
  }
  for (const term of terms) {
    // Read as the text it is looked for in: a term written "İPHONE" or with a stray invisible
    // character in it would otherwise be words no page ever has.
    const lower = forTerms(term)
    if (UNSPACED.test(lower)) {
      substrings.push(lower.replace(/\s+/g, ''))
      continue
    }
    const parts = lower.match(word()) ?? []
    add(parts)
    // "Apple ID" is also written "AppleID", "customer care" "customercare".
    if (parts.length > 1) add([parts.join('')])
  }
  let prefix = 3
  for (const first of words.keys()) prefix = Math.min(prefix, first.length)
  const starts = new Set([...words.keys()].map((first) => first.slice(0, prefix)))
  return { words, substrings, starts, prefix }
}

/** Forms of a word to look up: itself and, for inflected kinds, the word minus a short ending. */
function forms(word: string, kind: Kind): string[] {
  const out = [word]
  if (word.endsWith("'s") || word.endsWith('’s')) out.push(word.slice(0, -2))
  if (kind === 'brand') {
    if (word.length > 3 && word.endsWith('s')) out.push(word.slice(0, -1))
    // A suffix after an apostrophe: "Apple'ın", "Apple'a" (Turkish), "Apple’s".
    const apostrophe = Math.max(word.indexOf("'"), word.indexOf('’'))
    if (apostrophe >= 3) out.push(word.slice(0, apostrophe))
  } else {
    // "calls", "calling", "helped": stems of at least four letters.
    for (let k = 1; k <= 3 && word.length - k >= 4; k++) out.push(word.slice(0, -k))
  }
  return out
}

interface Word {
  text: string
  start: number
  end: number
}

function wordsOf(lower: string): Word[] {
  const out: Word[] = []
  const WORD = word()
  WORD.lastIndex = 0
  for (let m = WORD.exec(lower); m; m = WORD.exec(lower)) {
    const elided = ELIDED.exec(m[0])
    if (elided) {
      const cut = elided[0].length
      out.push({ text: m[0].slice(0, cut - 1), start: m.index, end: m.index + cut - 1 }, { text: m[0].slice(cut), start: m.index + cut, end: m.index + m[0].length })
    } else out.push({ text: m[0], start: m.index, end: m.index + m[0].length })
  }
  return out
}

/** A term found in a (lowercased) text, with its offsets. */
export interface TermHit {
  text: string
  start: number
  end: number
}

/** Every term of the table in the (lowercased) text, as written there; stops after `max`. `words`: the text's words, if already split. */
function findTerms(lower: string, t: TermTable, kind: Kind, max: number, words?: Word[]): string[] {
  return findHits(lower, t, kind, max, words).map((h) => h.text)
}

function findHits(lower: string, t: TermTable, kind: Kind, max: number, words?: Word[]): TermHit[] {
  const found: TermHit[] = []
  // Substrings are terms of scripts written without spaces: text with no such letter holds none
  // (one test instead of a search per term, and the tables hold a hundred of them).
  const unspaced = t.substrings.length > 0 && UNSPACED.test(lower)
  for (const s of unspaced ? t.substrings : []) {
    for (let at = lower.indexOf(s); at >= 0; at = lower.indexOf(s, at + s.length)) {
      found.push({ text: s, start: at, end: at + s.length })
      if (found.length >= max) return found
    }
  }
  if (t.words.size === 0) return found
  words ??= wordsOf(lower)
  const { starts, prefix } = t
  for (let i = 0; i < words.length; i++) {
    const text = words[i]!.text
    if (text.length < prefix || !starts.has(text.slice(0, prefix))) continue
    for (const form of forms(text, kind)) {
      const rests = t.words.get(form)
      if (!rests) continue
      for (const rest of rests) {
        // The rest of a phrase: exact words, the last one possibly inflected.
        let ok = true
        for (let k = 0; k < rest.length && ok; k++) {
          const w = words[i + 1 + k]
          if (!w) ok = false
          else if (k === rest.length - 1) ok = forms(w.text, kind).includes(rest[k]!)
          else ok = w.text === rest[k]
        }
        const last = words[i + rest.length]
        // Several forms of a word can reach the same term ("apple's", "apple"): one hit per span.
        if (ok && last && !found.some((h) => h.start === words[i]!.start && h.end === last.end)) {
          found.push({ text: lower.slice(words[i]!.start, last.end), start: words[i]!.start, end: last.end })
          if (found.length >= max) return found
        }
      }
    }
  }
  return found
}

// Invisible characters scam text hides inside words ("Ap\u200bple").
const INVISIBLE = new RegExp(INVISIBLE_CLASS, 'g')
// Single letters strung together with one repeated separator: "A.p.p.l.e", "h-e-l-p-l-i-n-e",
// "c.u.s.t.o.m.e.r c.a.r.e". Linear: every step consumes a separator and a letter.
const spacedLetters = lazyRegExp(`(?<![\\p{L}\\p{N}])\\p{L}(${SEPARATOR_CLASS})\\p{L}(?:\\1\\p{L}){1,63}(?![\\p{L}\\p{N}])`, 'gu')
const SEPARATOR_CHARS = new RegExp(SEPARATOR_CLASS, 'g')
// Cheap test (no Unicode tables) for text that may need deobfuscation at all.
const NOT_SEPARATOR = `[^\\s${SEPARATORS.trim().replace('-', '\\-')}]`
const MAYBE_OBFUSCATED = new RegExp(`${INVISIBLE_CLASS}|${NOT_SEPARATOR}(${SEPARATOR_CLASS})${NOT_SEPARATOR}\\1${NOT_SEPARATOR}`)

/** Undoes the letter-spacing and invisible characters scam text uses to dodge keyword filters. */
export function deobfuscate(text: string): string {
  if (!MAYBE_OBFUSCATED.test(text)) return text
  return text.replace(INVISIBLE, '').replace(spacedLetters(), (m) => m.replace(SEPARATOR_CHARS, ''))
}

/** A text (or a term) as terms are looked up in it: deobfuscated, in lower case. */
function forTerms(text: string): string {
  return lowerForTerms(deobfuscate(text))
}

/**
 * The detector's test of whether a text holds one of `terms` as brand words: the same words,
 * word forms ("Apple's", "Apple'ın", "d'Apple") and undoing of obfuscation as read() and claimIn()
 * use. The registry checks its brand collisions with it (registry-schema.ts), so a phrase it
 * accepts as holding a brand term is one in which the detector finds that term.
 */
export function brandTermsMatcher(terms: readonly string[]): (text: string) => boolean {
  const t = table(terms)
  return (text) => findHits(forTerms(text), t, 'brand', 1).length > 0
}

export interface Claim {
  brand: string | null
  support: string | null
}

export class ClaimDetector {
  readonly #terms: LexiconTerms
  readonly #brand: TermTable
  // Built on first use: a page with no brand word never needs them.
  #supportTable: TermTable | null = null
  #flagsTable: TermTable | null = null
  #notBrandTable: TermTable | null = null
  #fakeTable: TermTable | null = null

  constructor(terms: LexiconTerms) {
    this.#terms = terms
    this.#brand = table(terms.brand)
  }

  get #support(): TermTable {
    return (this.#supportTable ??= table(this.#terms.support))
  }

  get #notBrand(): TermTable {
    return (this.#notBrandTable ??= table(this.#terms.notBrand ?? []))
  }

  get #fake(): TermTable {
    return (this.#fakeTable ??= table(this.#terms.fake ?? []))
  }

  get #flags(): TermTable {
    return (this.#flagsTable ??= table(this.#terms.redFlags))
  }

  /**
   * The first brand and support terms of a text as the scanner reads it (read(): brand
   * collisions and other organisations' names are no brand), each null when absent.
   */
  claimIn(text: string): Claim {
    const r = this.read(text)
    return { brand: r.brands[0]?.text ?? null, support: r.supports[0]?.text ?? null }
  }

  /**
   * Who a text gives its contact to: brand terms (minus brand collisions such as "Apple Bank"),
   * support terms, first-person words ("call us", "unser Kundenservice") and other organisations
   * named as the owner of a contact ("call Northwind at", "Northwind customer care"), with offsets
   * in the cleaned text. The scanner picks the one nearest the number.
   */
  read(text: string, siteOrg: string | null = null): TextReading {
    const clean = deobfuscate(text)
    const lower = lowerForTerms(clean)
    const words = wordsOf(lower)
    const collisions = findHits(lower, this.#notBrand, 'brand', 32, words)
    const all = findHits(lower, this.#brand, 'brand', 32, words)
    const brands = all.filter((b) => !collisions.some((c) => c.start <= b.start && b.end <= c.end) && !orgNamed(clean, b) && !shouted(clean, b))
    const collided = all.filter((b) => !brands.includes(b))
    const supports = findHits(lower, this.#support, 'support', 32, words)
    const selves = selvesIn(clean, lower, words)
    // "our Apple experts", "unsere Apple-Experten": the brand describes the speaker's own service.
    const owned = brands.filter((b) => !selves.some((s) => s.end <= b.start && b.start - s.end <= 2))
    const others = othersIn(clean, supports, owned, siteOrg)
    others.push(...siteNamed(clean, lower, siteOrg).filter((h) => !supports.some((x) => x.start < h.end && h.start < x.end)))
    for (const re of [MY_BUSINESS, YOUR_PROVIDER]) for (const m of lower.matchAll(re)) others.push({ text: m[0], start: m.index!, end: m.index! + m[0].length })
    return { brands: owned, supports, selves, others, collisions, collided }
  }

  /** The first word of the text that calls something fake or a scam ("fake", "诈骗"), or null. */
  fakeIn(text: string): string | null {
    return findTerms(forTerms(text), this.#fake, 'flag', 1)[0] ?? null
  }

  /** Distinct scam red flags in the text. */
  redFlagsIn(text: string): string[] {
    return [...new Set(findTerms(forTerms(text), this.#flags, 'flag', 16))].slice(0, 8)
  }
}


export interface TextReading {
  brands: TermHit[]
  supports: TermHit[]
  /** First-person words: the page speaks for itself ("call us", "our workshop", "本店"). */
  selves: TermHit[]
  /** Organisations other than the brand named as the owner of a contact. */
  others: TermHit[]
  /** Brand collisions found ("apple bank"): the brand words inside them are not the brand. */
  collisions: TermHit[]
  /** Brand words read as something else: inside a collision, another organisation's name, in capitals. */
  collided: TermHit[]
}

// First-person words by language: a page that says "call us" gives its own number. Spaced scripts
// as words; Chinese, Japanese and Korean as substrings.
const SELF_WORDS = new Set([
  'we', 'our', 'ours', 'us', "we're", 'we’re', "we'll", 'we’ll',
  'wir', 'unser', 'unsere', 'unseren', 'unserem', 'unserer', 'uns',
  'nous', 'notre', 'nos',
  'nosotros', 'nuestro', 'nuestra', 'nuestros', 'nuestras', 'llámenos', 'llamanos', 'llámanos', 'contáctenos', 'contáctanos', 'contactanos', 'escríbenos',
  'nós', 'nosso', 'nossa', 'nossos', 'nossas', 'conosco', 'ligue-nos',
  'noi', 'nostro', 'nostra', 'nostri', 'nostre', 'contattaci', 'chiamaci',
  'wij', 'ons', 'onze',
])
const SELF_SUBSTRINGS = ['我的店', '本人店铺', '我们', '我們', '本店', '本公司', '本行', '本校', '本中心', '本站', '当社', '弊社', '当店', '弊店', '当行', '私たち', '当院', '저희', '당사']

// A person's own business in a post: "my shop on Milwaukee Ave", "mein Laden".
// The reader's own provider: "appelez votre conseiller", "call your bank", "wenden Sie sich an Ihre Filiale".
const YOUR_PROVIDER = /(?<![\p{L}])(?:your|votre|vos|ihr|ihre|ihren|ihrer|su|sus|tu|tus|seu|sua|il suo|la sua|uw)\s+(?:own\s+)?(?:bank|banque|banco|bank's|advisor|adviser|conseiller|conseillère|agence|branch|berater|beraterin|filiale|asesor|asesora|sucursal|gestor|gestora|agência|gerente|consulente|filiaal|carrier|operator|opérateur|operador|mobilfunkanbieter|anbieter|provider|fournisseur|proveedor|card issuer|émetteur)(?![\p{L}])/giu

const MY_BUSINESS = /(?<![\p{L}])(?:my|mein(?:e|en)?|mon|ma|mi|meu|minha|il mio|la mia)\s+(?:own\s+)?(?:shop|store|business|company|office|workshop|repair shop|laden|werkstatt|firma|boutique|atelier|entreprise|tienda|taller|empresa|loja|oficina|negozio)(?![\p{L}])/giu

// Words of an organisation's name that say what kind it is, not which: they name no one.
const ORG_KIND_WORDS = new Set(['mobile', 'wireless', 'telecom', 'bank', 'retail', 'store', 'stores', 'shop', 'group', 'news', 'media', 'university',
  'college', 'school', 'services', 'service', 'limited', 'ltd', 'inc', 'gmbh', 'llc', 'corp', 'company', 'the', 'credit', 'union', 'federal'])

/**
 * Where the text names the site's own organisation ("Northwind Mobile" → "Northwind"; "でんきのヒカリ"):
 * on a site that is not Apple, its own name next to a number makes the number the site's. Its
 * first distinctive word, written with a capital (spaced scripts), or the whole name (unspaced).
 * A match that is a support word ("電話番号" of a site called "電話番号まとめ") names no one.
 */
function siteNamed(clean: string, lower: string, siteOrg: string | null): TermHit[] {
  if (!siteOrg) return []
  const org = siteOrg.trim()
  let name: string | undefined
  if (UNSPACED.test(org)) {
    // Written in full or by its start ("鲜果坊水果店" as "鲜果坊"): the longest start of at least
    // three characters (two for a short name) that the text holds.
    const full = org.split(/[\s|·,、。–—-]+/)[0] ?? ''
    for (let k = full.length; k >= Math.min(3, full.length) && k >= 2; k--) {
      if (lower.includes(full.slice(0, k).toLowerCase())) {
        name = full.slice(0, k)
        break
      }
    }
  }
  else name = org.match(/\p{Lu}[\p{L}\p{N}&'’-]{3,}/gu)?.find((w) => !ORG_KIND_WORDS.has(w.toLowerCase()) && !NOT_A_NAME.has(w.toLowerCase()))
  if (!name || name.length < 2) return []
  const out: TermHit[] = []
  const needle = name.toLowerCase()
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) {
    const spaced = !UNSPACED.test(name)
    // Whole words, and with the capital the site writes its name with.
    if (spaced && (letterOrDigit().test(lower[at - 1] ?? '') || letterOrDigit().test(lower[at + needle.length] ?? '') || clean[at] !== name[0])) continue
    out.push({ text: clean.slice(at, at + needle.length), start: at, end: at + needle.length })
  }
  return out
}

const CUSTOMER_WORDS = new Set(['customers', 'clients', 'members', 'users', 'readers', 'residents', 'clientes', 'socios', 'usuarios', 'kunden', 'mitglieder', 'nutzer', 'leser', 'membres', 'utilisateurs', 'lecteurs', 'abonnés', 'clienti', 'utenti', 'associados', 'leitores', 'klanten', 'leden'])

function selvesIn(clean: string, lower: string, words: Word[]): TermHit[] {
  const out: TermHit[] = []
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!
    if (!SELF_WORDS.has(w.text)) continue
    // "asked our customers to call …", "piden a nuestros clientes llamar al …": the speaker's
    // customers are told a number; it is not the speaker's own.
    if (CUSTOMER_WORDS.has(words[i + 1]?.text ?? '')) continue
    // "US" in capitals is the country, not "us".
    if (w.text === 'us' && clean.slice(w.start, w.end) === 'US') continue
    out.push({ text: w.text, start: w.start, end: w.end })
  }
  if (UNSPACED.test(lower)) {
    for (const s of SELF_SUBSTRINGS) for (let at = lower.indexOf(s); at >= 0; at = lower.indexOf(s, at + 1)) out.push({ text: s, start: at, end: at + s.length })
  }
  return out
}

// Words that start with a capital but name no organisation: sentence starts, articles, verbs and
// adjectives that stand before "Support" or "Help Desk" in any organisation's name.
const NOT_A_NAME = new Set([
  'the', 'a', 'an', 'our', 'your', 'their', 'my', 'his', 'her', 'its', 'this', 'that', 'these', 'for', 'free', 'toll', 'toll-free', 'please', 'call',
  'contact', 'phone', 'technical', 'tech', 'customer', 'customers', 'general', 'official', 'national', 'local', 'international', 'premium',
  'priority', 'dedicated', 'online', 'live', 'direct', 'main', 'new', 'support', 'help', 'service', 'services', 'care', 'desk', 'line', 'center',
  'centre', 'team', 'number', 'hotline', 'helpline', 'immediately', 'now', 'today', 'urgent', 'security', 'tel', 'fax', 'mobile', 'or', 'and', 'to',
  'at', 'on', 'in', 'of', 'by', 'with', 'from', 'der', 'die', 'das', 'den', 'dem', 'des', 'ein', 'eine', 'einen', 'ihr', 'ihre', 'ihren', 'sie',
  'technischer', 'technischen', 'technische', 'kostenlose', 'kostenloser', 'kostenlos', 'le', 'la', 'les', 'du', 'de', 'un', 'une', 'votre',
  'el', 'los', 'las', 'del', 'su', 'sus', 'o', 'y', 'et', 'und', 'oder', 'ou', 'e', 'il', 'lo', 'gli', 'het', 'een', 'uw',
  'appelez', 'contactez', 'llame', 'llamar', 'contacte', 'rufen', 'kontaktieren', 'chiami', 'ligue', 'bel', 'ring', 'dial', 'reach', 'visit', 'email',
  'kundenservice', 'kundendienst', 'assistance', 'soporte', 'suporte', 'supporto', 'atención', 'servicio', 'serviço', 'servizio', 'clientes', 'cliente',
  'client', 'clients', 'kunden', 'hilfe', 'aide', 'ayuda', 'ajuda', 'aiuto', 'it', 'faq', 'questions', 'question', 'info', 'information', 'sales',
  'store', 'shop', 'apple', 'warning', 'alert', 'error', 'note', 'important', 'step', 'option', 'hours', 'open', 'mon', 'fri',
])
const CAPITALISED = /^\p{Lu}[\p{L}\p{N}&'’.-]*$/u
const NAME_TOKEN = /[\p{L}\p{N}&'’.-]+/gu

/** The capitalised words (at most four) that end right at `end` of the text: a name, or ''. */
const ACRONYM = /^[\p{Lu}&]{2,6}$/u

function nameBefore(clean: string, end: number): { name: string; start: number; opensSentence: boolean } | null {
  const before = clean.slice(Math.max(0, end - 80), end)
  const tokens = [...before.matchAll(NAME_TOKEN)]
  // The tokens must run up to the end with nothing but spaces between them.
  const parts: Array<{ text: string; at: number }> = []
  let cursor = before.length
  for (let i = tokens.length - 1; i >= 0 && parts.length < 4; i--) {
    const m = tokens[i]!
    const gap = before.slice(m.index! + m[0].length, cursor)
    // A name stays on its line: "Pays" over "Numéro" in a table header is no "Pays Numéro".
    if (!/^[ \t\u00a0]*$/.test(gap) || gap.length > 2) break
    if (!CAPITALISED.test(m[0])) break
    parts.unshift({ text: m[0], at: m.index! })
    cursor = m.index!
  }
  // Generic words at the start ("Call", "The") are no part of the name; acronyms ("IT") are.
  const generic = (p: { text: string }): boolean => NOT_A_NAME.has(p.text.toLowerCase()) && !ACRONYM.test(p.text)
  while (parts.length > 0 && generic(parts[0]!)) parts.shift()
  while (parts.length > 0 && generic(parts[parts.length - 1]!)) parts.pop()
  if (parts.length === 0) return null
  const start = Math.max(0, end - 80) + parts[0]!.at
  // One capitalised word that opens a sentence ("Get support", "Talk to us") is no name: it must
  // be an acronym or the page's own name (checked by the caller) to count.
  if (parts.length === 1 && !ACRONYM.test(parts[0]!.text) && /(?:^|[.!?:;\n]\s*|^\s*)$/.test(clean.slice(Math.max(0, start - 3), start))) {
    return { name: parts[0]!.text, start, opensSentence: true }
  }
  return { name: parts.map((p) => p.text).join(' '), start, opensSentence: false }
}

// "call Northwind at", "contact Example Bank on", "rufen Sie die Telekom an", "appelez Orange au".
const CALLED_FROM = /^[ \t\u00a0]*(?:from|von|de la part de|depuis|desde)(?![\p{L}])/iu
const CONTACT_VERB = /(?<![\p{L}])(?:call(?:ed|ing)?|contact(?:ed|ing)?|phone|ring|reach|dial|text|rufen sie(?: die| den| das)?|kontaktieren sie(?: die| den| das)?|wenden sie sich an(?: die| den| das)?|appelez(?: le| la| les)?|contactez(?: le| la| les)?|llame a(?:l)?|llama(?: al| a)?|llámanos|contacte a(?:l)?|comuníquese con(?: el| la)?|ligue para(?: o| a)?|chiami|contatti)[ \t\u00a0]+(?:the[ \t\u00a0]+)?$/iu

/** Organisations named as the owner of a contact, other than the brand. */
function othersIn(clean: string, supports: TermHit[], brands: TermHit[], siteOrg: string | null): TermHit[] {
  const siteWords = new Set((siteOrg ?? '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
  const out: TermHit[] = []
  const isBrand = (start: number, end: number): boolean => brands.some((b) => b.start < end && start < b.end)
  // "Northwind customer care", "District Technology Help Desk", "IT Service Desk".
  for (const s of supports) {
    const name = nameBefore(clean, s.start)
    // A sentence-opening capital is a name when it is the site's own, or when it and title-cased
    // support words label a number ("Netflix Help Center: 1-866-…"); "Get support", a heading's
    // "Media Helpline" or "Telefonischer Support" name no one.
    const labelsNumber = /^\p{Lu}/u.test(clean.slice(s.start, s.end)) && /^(?:[ \t]+\p{Lu}\p{L}*){0,2}[ \t]*[:：]/u.test(clean.slice(s.end))
    if (name?.opensSentence && !siteWords.has(name.name.toLowerCase()) && !labelsNumber) continue
    // "Apple's genuine UK support number": a country is where the line is, not whose.
    if (name && isCountryName(name.name)) continue
    // "Apple AU support": a word right after a brand term belongs to the brand's phrase.
    if (name && brands.some((b) => b.end <= name.start && name.start - b.end <= 2)) continue
    if (name && !isBrand(name.start, s.start)) out.push({ text: `${name.name} ${clean.slice(s.start, s.end)}`, start: name.start, end: s.end })
  }
  // "call Northwind at …": a capitalised name after a contact verb, before "at", "on", ":".
  const NAME_AFTER = /((?:\p{Lu}[\p{L}\p{N}&'’.-]*[ \t\u00a0]+){0,3}\p{Lu}[\p{L}\p{N}&'’.-]*)/gu
  for (const m of clean.matchAll(NAME_AFTER)) {
    const before = clean.slice(Math.max(0, m.index! - 40), m.index!)
    if (!CONTACT_VERB.test(before)) continue
    // "calling Australians from 1300 …": the number is the caller's, the name the one called.
    if (CALLED_FROM.test(clean.slice(m.index! + m[0].length, m.index! + m[0].length + 40))) continue
    const words = m[1]!.split(/\s+/).filter((w) => !NOT_A_NAME.has(w.toLowerCase()) || ACRONYM.test(w))
    if (words.length === 0 || isBrand(m.index!, m.index! + m[1]!.length) || isCountryName(m[1]!)) continue
    out.push({ text: m[1]!, start: m.index!, end: m.index! + m[1]!.length })
  }
  return out
}

// A brand word followed by a word that names a kind of organisation or place is another
// organisation's name: "Apple County Bank", "Apple Valley", "Apple Health", "Apple Hill Farm".
const ORGANISATION_NOUNS = new Set([
  'bank', 'banks', 'county', 'valley', 'health', 'healthcare', 'federal', 'credit', 'savings', 'hospitality', 'leisure', 'records', 'corps',
  'farm', 'farms', 'orchard', 'orchards', 'tree', 'festival', 'township', 'city', 'hill', 'hills', 'creek', 'grove', 'lane', 'street', 'road',
  'court', 'inn', 'hotel', 'motel', 'restaurant', 'bistro', 'bakery', 'cafe', 'café', 'dental', 'clinic', 'medical', 'pediatrics', 'school',
  'academy', 'montessori', 'daycare', 'realty', 'homes', 'insurance', 'auto', 'motors', 'vacations', 'tours', 'kids', 'preschool', 'church',
  'pie', 'cider', 'juice', 'blossom', 'blossoms', 'ridge', 'park', 'gardens', 'nursery', 'market', 'cosmetics', 'and', 'physicians', 'therapy',
])

/** True when the brand hit is the first word of another organisation's name ("Apple County Bank"). */
function orgNamed(clean: string, hit: TermHit): boolean {
  const m = /^[\s-]+([\p{L}&]+)/u.exec(clean.slice(hit.end, hit.end + 40))
  return !!m && /^\p{Lu}/u.test(m[1]!) && ORGANISATION_NOUNS.has(m[1]!.toLowerCase())
}

/** A short brand word written in capitals ("MAC" for Mac) is an acronym of something else. */
function shouted(clean: string, hit: TermHit): boolean {
  const written = clean.slice(hit.start, hit.end)
  return written.length <= 3 && /^\p{Lu}+$/u.test(written)
}

// The organisation's own name in the lexicon's scripts. A brand term that holds none of these
// ("iPhone", "iCloud", "Mac") names a product, not who answers the phone.
// Apple's name in the scripts the lexicon covers: Latin, Chinese, Japanese, Korean, Thai, Cyrillic
// (Russian Э, Ukrainian Е), Arabic, Hebrew, Devanagari.
const OWNER_NAME = /apple|苹果|蘋果|アップル|애플|แอปเปิ|эппл|эпл|апл|аппл|епл|еппл|ابل|آبل|אפל|एप्पल|ऐपल|एपल|ऐप्पल/i

/** True when a brand term names the organisation itself, not only one of its products. */
export function namesOwner(term: string): boolean {
  return OWNER_NAME.test(term)
}

// Apple's payment products, which banks and card issuers support themselves: "Apple Pay",
// "Apple Card". (Not "Apple ID" or "Apple Store": a site's own support for those is a scam's line.)
const OWNER_PRODUCT = /apple[\s\-‐]?(?:pay|card)\b/i

/** True when a brand term is one of the organisation's products that others support ("Apple Pay"), not the organisation. */
export function namesProduct(term: string): boolean {
  return OWNER_PRODUCT.test(term)
}
