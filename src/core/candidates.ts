// Finding phone-number-like spans in text, cheaply and with offsets into the original text.
//
// 1. A prefilter regex locates clusters of digit-like characters (any script, styled digits).
// 2. Only a short window around each cluster is folded (normalize.ts) and tokenised into digit
//    groups joined by separators: "1-(866)-555-0199", "(888) 555_0142", "1.(855)-555-0123".
// 3. Spans that are dates, times, prices, IP addresses, ISBNs, version strings, order or
//    tracking numbers are dropped here; libphonenumber-js validates the rest later, in the
//    background (the content script carries no phone metadata).
// Linear in the text length: no regex here can backtrack over more than one window.

import { fold, keypadDigit, DISGUISE, type Folded } from './normalize'
import { lazyRegExp } from './lazy-regexp'

export interface DigitGroup {
  /** ASCII digits of the group (vanity letters converted). */
  digits: string
  /** Offset just past the group, relative to the candidate's start, in the source text. */
  end: number
}

export interface Candidate {
  /** Offsets into the source text. */
  start: number
  end: number
  /** The source text of the span. */
  text: string
  /** All digits, vanity letters converted, look-alike letters read as 0/1. */
  digits: string
  /** Written with a leading "+". */
  plus: boolean
  groups: DigitGroup[]
  extension: string | null
  /** Disguising characters inside the span: styled digits, zero-width characters, 0/O swaps… */
  disguises: number
  /** Vanity letters converted. */
  letters: number
}

export interface FindOptions {
  /** Stop after this many candidates (a hostile page can hold millions of digits). */
  maxCandidates?: number
}

export const MIN_DIGITS = 6
export const MAX_DIGITS = 20

// Digit-like characters: decimal digits of every script plus styled digits that are not Nd.
// Built on first use (lazy-regexp.ts): the content script's first stage needs none of them.
const DIGITISH_CLASS = String.raw`[\p{Nd}\u00b2\u00b3\u00b9\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792]`
const digitish = lazyRegExp(DIGITISH_CLASS, 'gu')
const anyDigitish = lazyRegExp(DIGITISH_CLASS, 'u')

/** False when the text has no digit-like character at all, so findCandidates() can find nothing in it. */
export function mayHoldNumber(text: string): boolean {
  return anyDigitish().test(text)
}

const CLUSTER_GAP = 16
const MAX_CLUSTER = 2048
const WINDOW_BEFORE = 12
const WINDOW_AFTER = 28

/** Clusters of digit-like characters: [start, end) pairs in source offsets. */
function digitClusters(text: string, minDigits: number): Array<[number, number]> {
  const clusters: Array<[number, number]> = []
  const DIGITISH = digitish()
  DIGITISH.lastIndex = 0
  let start = -1
  let end = -1
  let count = 0
  for (let m = DIGITISH.exec(text); m; m = DIGITISH.exec(text)) {
    const at = m.index
    // A cluster is closed at MAX_CLUSTER so a hostile wall of digits is folded in bounded pieces.
    if (start >= 0 && at - end <= CLUSTER_GAP && at - start < MAX_CLUSTER) {
      end = at + m[0].length
      count++
      continue
    }
    if (start >= 0 && count >= minDigits) clusters.push([start, end])
    start = at
    end = at + m[0].length
    count = 1
  }
  if (start >= 0 && count >= minDigits) clusters.push([start, end])
  return clusters
}

const SEPARATORS = ' -._/()+'
const isSep = (ch: string | undefined): boolean => ch !== undefined && SEPARATORS.includes(ch)
const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9'
const isLetter = (ch: string | undefined): boolean =>
  ch !== undefined && ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'))
const isAlnum = (ch: string | undefined): boolean => isDigit(ch) || isLetter(ch)

interface Group {
  /** Folded offsets. */
  from: number
  to: number
  digits: string
  kind: 'numeric' | 'vanity'
  lookalikes: number
  letters: number
}

/** Classifies an alphanumeric run of folded text as part of a phone number, or null. */
function readGroup(t: string, from: number, to: number, digitsSoFar: number): Group | null {
  const run = t.slice(from, to)
  if (/^\d+$/.test(run)) return { from, to, digits: run, kind: 'numeric', lookalikes: 0, letters: 0 }
  // "8OO", "22l3": look-alike letters inside a digit run.
  if (/\d/.test(run) && /^[\dOoIl]+$/.test(run)) {
    let digits = ''
    for (const c of run) digits += isDigit(c) ? c : c === 'O' || c === 'o' ? '0' : '1'
    return { from, to, digits, kind: 'numeric', lookalikes: run.replace(/\d/g, '').length, letters: 0 }
  }
  // Vanity words are written in capitals after the digits: "1-800-MY-APPLE", "1800MYAPPLE".
  const mixed = /^(\d*)([A-Z]{2,10})$/.exec(run)
  if (mixed && (mixed[1] !== '' || digitsSoFar >= 3)) {
    let digits = mixed[1]!
    for (const c of mixed[2]!) digits += keypadDigit(c)!
    return { from, to, digits, kind: 'vanity', lookalikes: 0, letters: mixed[2]!.length }
  }
  return null
}

/** Reads one candidate starting at the digit (or look-alike) at folded offset `at`. */
function readCandidate(f: Folded, at: number): { groups: Group[]; plus: boolean; from: number; to: number; next: number } | null {
  const t = f.text
  const groups: Group[] = []
  let pos = at
  let digitCount = 0
  for (;;) {
    let end = pos
    while (end < t.length && isAlnum(t[end])) end++
    let group = readGroup(t, pos, end, digitCount)
    if (!group && digitCount >= 3) {
      // Digits glued to the next word ("0800 6645 451zu erreichen"): the digits end the number.
      const glued = /^\d+(?=[a-z])/.exec(t.slice(pos, end))
      if (glued) {
        groups.push({ from: pos, to: pos + glued[0].length, digits: glued[0], kind: 'numeric', lookalikes: 0, letters: 0 })
        digitCount += glued[0].length
      }
      break
    }
    if (!group) break
    // A vanity group ends the number; nothing numeric follows it ("1-800-MY-APPLE 24/7").
    groups.push(group)
    digitCount += group.digits.length
    if (group.kind === 'vanity' && groups.length > 1 && groups[groups.length - 2]!.kind === 'vanity' && digitCount >= 10) break
    if (digitCount > MAX_DIGITS) break
    // Separator run: at most three characters, at most two spaces, no "+" inside a number.
    let s = end
    let spaces = 0
    while (s < t.length && isSep(t[s]) && s - end < 3) {
      if (t[s] === '+') break
      if (t[s] === ' ') spaces++
      s++
    }
    if (spaces > 2 || s === end || !isAlnum(t[s])) break
    // "/" joins dates and alternatives ("800-1234 / 800-5678"), never numbers spaced around it.
    const sep = t.slice(end, s)
    if (sep.includes('/') && sep.includes(' ')) break
    // An opening bracket must close after the next group: "1-(866)-555", not "0199(24 hours)".
    if (sep.endsWith('(')) {
      let g = s
      while (g < t.length && isAlnum(t[g])) g++
      if (t[g] !== ')') break
    }
    pos = s
  }
  if (groups.length === 0) return null
  // Vanity words only make sense on a full-length number: "1-800-MY-APPLE", never "12999 USD".
  const total = groups.reduce((n, g) => n + g.digits.length, 0)
  if (groups.some((g) => g.kind === 'vanity') && total < 10) {
    // Capitals inside a short run are words ("512 GB – 1.549"): the number, if any, ends before them.
    groups.splice(groups.findIndex((g) => g.kind === 'vanity'))
    if (groups.length === 0) return null
  }
  // Trailing vanity words must carry the number to full length, or they are ordinary words.
  while (groups.length > 1 && groups[groups.length - 1]!.kind === 'vanity' && groups[groups.length - 1]!.digits.length > 10) groups.pop()
  let from = groups[0]!.from
  let plus = false
  // Leading "+", "(" or "+(": part of the number ("(" only when it closes after the first group,
  // as in "(888) 555-0142", not in "billing (1-(866)-555-0199)").
  const firstSep = groups.length > 1 ? t.slice(groups[0]!.to, groups[1]!.from) : ''
  if (t[from - 1] === '(' && firstSep.startsWith(')')) from--
  if (t[from - 1] === '+') {
    from--
    plus = true
  } else if (t[from - 1] === ' ' && t[from - 2] === '+') {
    from -= 2
    plus = true
  }
  const last = groups[groups.length - 1]!
  return { groups, plus, from, to: last.to, next: last.to }
}

// Words right before a number that say it is not a phone number.
const notAPhoneBefore = lazyRegExp(
  String.raw`(?<![\p{L}\p{N}])(?:order|tracking|track|invoice|receipt|ref|reference|sku|isbn|issn|serial|imei|iccid|account|acct|case|ticket|confirmation|transaction|model|part|item|article|art|version|ver|build|v|id|no|nr|#|№)[\s.:#№-]{0,3}(?:number|num|no|nr|id|#)?[\s.:#№-]{0,3}$`,
  'iu',
)
/** A digit and a joiner right before: the number is part of a longer identifier. */
const digitJoinerBefore = lazyRegExp(String.raw`\p{N}[-_.]$`, 'u')
// Register, tax, bank and postal labels: "HRB 214700", "USt-IdNr. DE 811654927", "VAT No. GB 294 7183 62",
// "CEP: 04542-000", "Routing number 324075180", "사업자등록번호 : 120-81-84429", "QQ：2850163740".
const REGISTER_BEFORE = /(?<![\p{L}\p{N}])(?:hrb|hra|handelsregister|registernummer|register(?:ed)? (?:no|number)|steuernummer|st\.?-?nr|ust-?id(?:nr)?|umsatzsteuer-?identifikationsnummer|uid(?:-nr)?|mwst(?:-nr)?|vat(?: reg(?:istration)?)?(?: no| number| id)?|tva(?: intracommunautaire)?|siren|siret|rcs|nif|cif|nie|abn|acn|gst(?:in)?|ein|tin|tax id|company (?:no|number|reg(?:istration)?(?: no| number)?)|routing(?: number| no)?|aba|iban|bic|swift|sort code|session(?: id)?|error code|cep|plz|zip(?: code)?|postal code|postcode|post code|code postal|cp|pin ?code|qq|wechat|kvk|btw|cnpj|cpf|rfc|curp|ssn|ein)\.?\)?(?:[\s.:：#№-]{0,3}(?:no|nr|number|id)\.?)?[\s.:：#№-]{0,4}(?:[A-Z]{2}[\s-]?)?$/iu
const NOT_A_PHONE_BEFORE_CJK = /(?:订单|單號|单号|編號|编号|序列号|序號|注文番号|お問い合わせ番号|주문번호|사업자등록번호|통신판매업신고번호|법인등록번호|邮编|郵編|邮政编码|郵遞區號|郵便番号|〒|统一社会信用代码|統一編號|营业执照|法人番号|登録番号|税号)[号號]?[\s.:：#№-]{0,3}$/u
const CURRENCY_BEFORE = /[$€£¥₹₩₽₺฿₫₱¢]\s?$|\b(?:usd|eur|gbp|cad|aud|rmb|cny|jpy|inr|chf|rs|r\$)\.?\s?$/i
const AFTER_NOT_A_PHONE = /^\s?(?:%|‰|[$€£¥₹₩₽]|usd|eur|gbp|km|kg|mb|gb|tb|kb|mi|lbs?|ms|px|mm|cm|kwh|mah|元|円|원|dollars?|euros?|pounds?|yuan|yen)(?![a-z])/i

const YEAR = (g: string): boolean => g.length === 4 && /^(?:19|20)\d\d$/.test(g)
const MONTH = (g: string): boolean => +g >= 1 && +g <= 12 && g.length <= 2
const DAY = (g: string): boolean => +g >= 1 && +g <= 31 && g.length <= 2

function looksLikeDate(g: string[], seps: string[]): boolean {
  if (g.length !== 3) return false
  if (!seps.every((s) => s === seps[0] && (s === '-' || s === '/' || s === '.'))) return false
  const [a, b, c] = g as [string, string, string]
  if (YEAR(a) && MONTH(b) && DAY(c)) return true // 2026-11-25
  if ((DAY(a) && MONTH(b)) || (MONTH(a) && DAY(b))) return YEAR(c) || (c.length === 2 && seps[0] !== '-') // 25.11.2026, 11/25/26
  return false
}

const CLOCK = (h: string, m: string): boolean => h.length <= 2 && +h <= 24 && m.length === 2 && +m < 60

const HOURS = /(\d{1,2})\.(\d{2})\s*[-‐‑‒–—~]\s*(\d{1,2})\.(\d{2})/

/**
 * Opening hours written with dots, and nothing else with digits in the span: "08.00–22.00",
 * "9.30 - 17.30", "08.00–22.00 WIB" (its letters read as a vanity number). Hours run into a
 * number after them ("8.00–20.00 0800 664 5451") are left to be read: the number must not be lost.
 */
function looksLikeHours(span: string): boolean {
  const m = HOURS.exec(span)
  if (!m || !CLOCK(m[1]!, m[2]!) || !CLOCK(m[3]!, m[4]!)) return false
  return !/\d/.test(span.slice(0, m.index) + span.slice(m.index + m[0].length))
}

/** Rejects spans that have the shape of something other than a phone number. */
function rejectShape(source: string, groups: string[], seps: string[], start: number, end: number): boolean {
  const digits = groups.join('')
  if (digits.length < MIN_DIGITS || digits.length > MAX_DIGITS) return true
  // A date anywhere in the run ("2026-11-25 (11/25/2026)") means it is dates, not a number.
  for (let k = 0; k + 3 <= groups.length; k++) if (looksLikeDate(groups.slice(k, k + 3), seps.slice(k, k + 2))) return true
  if (looksLikeHours(source.slice(start, end))) return true
  // Year ranges and lists of years: "2019-2024", "1999 2000 2001".
  if (groups.length >= 2 && groups.every(YEAR)) return true
  // IP addresses: four dot-separated groups of at most three digits, each at most 255.
  if (groups.length === 4 && seps.every((s) => s === '.') && groups.every((g) => g.length <= 3 && +g <= 255)) return true
  // Version strings: dot-separated with a short leading group and nothing but dots.
  if (groups.length >= 3 && seps.every((s) => s === '.') && groups[0]!.length <= 2 && groups.some((g) => g.length === 1) && digits.length < 9) return true
  // ISBN-13 (978/979 prefix) and long identifiers.
  if (/^97[89]/.test(digits) && digits.length === 13) return true
  // Decimal numbers: "3.14159", "1299.00".
  if (groups.length === 2 && seps[0] === '.' && (groups[1]!.length <= 2 || groups[0]!.length <= 1)) return true
  const before = source.slice(Math.max(0, start - 24), start)
  if (notAPhoneBefore().test(before) || NOT_A_PHONE_BEFORE_CJK.test(before) || CURRENCY_BEFORE.test(before)) return true
  if (REGISTER_BEFORE.test(source.slice(Math.max(0, start - 48), start))) return true
  // Glued to letters before ("W123456789", "SN12345678"): an identifier.
  if (/[A-Za-z]$/.test(before) && !/[A-Za-z]{3,}$/.test(before)) return true
  // Part of a longer identifier: "12-1-800-275-2273", "SN-18002752273".
  if (digitJoinerBefore().test(before) || /(?<![A-Za-z])[A-Z]{1,3}[-_]$/.test(before)) return true
  const after = source.slice(end, end + 12)
  if (AFTER_NOT_A_PHONE.test(after)) return true
  // Glued to more digits-and-dashes or an identifier after: "…-1234567-89X".
  if (/^[-_.]?\d/.test(after) || /^[-_][A-Za-z0-9]/.test(after)) return true
  return false
}

/**
 * True when a label that ends right before a number says it is no phone number: "Employer ID
 * (EIN)", "CEP:", "Bestellnummer" in the table cell or line before it. The same words as in the
 * number's own text (rejectShape).
 */
export function labelSaysNotAPhone(label: string): boolean {
  const tail = label.slice(-48)
  return notAPhoneBefore().test(tail) || NOT_A_PHONE_BEFORE_CJK.test(tail) || REGISTER_BEFORE.test(tail)
}

const EXTENSION_AFTER = /^\s*,?\s*(?:ext\.?|extension|x|доб\.?|分机|內線|内线)\s*[:.]?\s*(\d{1,6})(?!\d)/i

/**
 * Phone-number-like spans of a text, in order, with offsets into the text. Cheap on text with
 * few digits; bounded on hostile text by maxCandidates.
 */
export function findCandidates(text: string, options: FindOptions = {}): Candidate[] {
  const max = options.maxCandidates ?? 500
  const out: Candidate[] = []
  // Digits of a candidate plus vanity letters: at least 3 digit-like characters to start with.
  // Windows around clusters, merged where they overlap, so no window starts inside a number.
  const windows: Array<[number, number]> = []
  for (const [cs, ce] of digitClusters(text, 3)) {
    const ws = Math.max(0, cs - WINDOW_BEFORE)
    let we = Math.min(text.length, ce + WINDOW_AFTER)
    // Do not cut a surrogate pair in half.
    if (we < text.length && /[\ud800-\udbff]/.test(text[we - 1]!)) we++
    const last = windows[windows.length - 1]
    if (last && ws <= last[1]) last[1] = Math.max(last[1], we)
    else windows.push([ws, we])
  }
  for (const [ws, we] of windows) {
    if (out.length >= max) break
    const window = text.slice(ws, we)
    const f = fold(window)
    const t = f.text
    let i = 0
    while (i < t.length && out.length < max) {
      if (!isDigit(t[i]) && !(t[i] === 'O' && isDigit(t[i + 1]))) {
        i++
        continue
      }
      // Start only at the beginning of a digit run; a word glued before it ("call1-800…",
      // "billing(1-866…") is fine, a short letter prefix ("W1234567", "SN0042") is an identifier.
      if (i > 0 && isAlnum(t[i - 1])) {
        let l = i
        while (l > 0 && isLetter(t[l - 1])) l--
        if (isDigit(t[i - 1]) || i - l < 3) {
          let r = i
          while (r < t.length && isAlnum(t[r])) r++
          i = r
          continue
        }
      }
      const c = readCandidate(f, i)
      if (!c) {
        i++
        continue
      }
      const startInWindow = f.origin[c.from]!
      const endInWindow = f.origin[c.to]!
      const start = ws + startInWindow
      const end = ws + endInWindow
      const groupDigits = c.groups.map((g) => g.digits)
      const seps = c.groups.slice(1).map((g, k) => t.slice(c.groups[k]!.to, g.from))
      i = c.next
      if (rejectShape(text, groupDigits, seps, start, end)) continue
      let disguises = 0
      for (let k = c.from; k < c.to; k++) if (f.flags[k]! & DISGUISE) disguises++
      for (const g of c.groups) disguises += g.lookalikes
      // Spam separators ("1✦800✦275✦2273") are folded to spaces and flagged: count them once each.
      const ext = EXTENSION_AFTER.exec(text.slice(end, end + 24))
      out.push({
        start,
        end,
        text: text.slice(start, end),
        digits: groupDigits.join(''),
        plus: c.plus,
        groups: c.groups.map((g) => ({ digits: g.digits, end: ws + f.origin[g.to]! - start })),
        extension: ext ? ext[1]! : null,
        disguises,
        letters: c.groups.reduce((n, g) => n + g.letters, 0),
      })
    }
  }
  return out
}
