// The judgement corpus (test/fixtures/corpus/*.corpus, format in its README): loading the cases
// and scoring what a scanner made of them. Shared by `npm run eval`, the unit test that fails on
// any wrong verdict, and the browser test that holds the extension's badges to the CLI's verdicts.
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { keypadDigit } from '../../src/core/normalize'

export const CORPUS_DIR = resolve(import.meta.dirname, '../fixtures/corpus')

export type Label = 'red' | 'official' | 'unconfirmed' | 'none' | 'quiet'
export const LABELS: readonly Label[] = ['red', 'official', 'unconfirmed', 'none', 'quiet']

export interface Expectation {
  /** The number as the page prints it. */
  printed: string
  /** Its digits, vanity letters read on the keypad. */
  digits: string
  labels: Label[]
  country: string | null
}

export interface CorpusCase {
  id: string
  file: string
  category: string
  lang: string
  url: string
  locale: string
  note: string
  /**
   * A verdict TrueDial still gets wrong, kept in the corpus on purpose: why, and what a fix would
   * need. The tests require such a case to stay wrong (so a fix removes the line), and `npm run
   * eval` lists it apart; every other wrong verdict fails `npm test`.
   */
  open: string | null
  expect: Expectation[]
  html: string
}

/** What a scanner said about one number: its digits and the verdict ('none' for no badge). */
export interface Observed {
  digits: string
  text: string
  verdict: string
  country: string | null
}

export function digitsOf(printed: string): string {
  let out = ''
  for (const ch of printed.normalize('NFKC')) {
    if (ch >= '0' && ch <= '9') out += ch
    else if (/[A-Z]/.test(ch)) out += keypadDigit(ch) ?? ''
    else if (/\p{Nd}/u.test(ch)) {
      // Decimal digits of any script run in blocks of ten from their zero.
      let zero = ch.codePointAt(0)!
      while (/\p{Nd}/u.test(String.fromCodePoint(zero - 1))) zero--
      out += String((ch.codePointAt(0)! - zero) % 10)
    }
  }
  return out
}

export function parseCorpus(text: string, file: string): CorpusCase[] {
  const cases: CorpusCase[] = []
  const chunks = text.split(/^===[ \t]*/m).slice(1)
  for (const chunk of chunks) {
    const sep = chunk.search(/^---[ \t]*$/m)
    if (sep < 0) throw new Error(`${file}: case without '---': ${chunk.slice(0, 60)}`)
    const [idLine, ...lines] = chunk.slice(0, sep).split('\n')
    const id = idLine!.trim()
    const meta: Record<string, string> = {}
    const expect: Expectation[] = []
    for (const line of lines) {
      if (!line.trim()) continue
      const m = /^(\w+):\s*(.*)$/.exec(line.trim())
      if (!m) throw new Error(`${file}#${id}: unreadable line "${line}"`)
      if (m[1] === 'expect') {
        const e = /^(.*?)\s*=>\s*([\w|]+)(?:\s+([A-Z]{2}))?\s*$/.exec(m[2]!)
        if (!e) throw new Error(`${file}#${id}: unreadable expectation "${m[2]}"`)
        const labels = e[2]!.split('|') as Label[]
        for (const l of labels) if (!LABELS.includes(l)) throw new Error(`${file}#${id}: unknown label "${l}"`)
        expect.push({ printed: e[1]!, digits: digitsOf(e[1]!), labels, country: e[3] ?? null })
      } else meta[m[1]!] = m[2]!
    }
    if (!meta.category || !meta.lang || expect.length === 0) throw new Error(`${file}#${id}: needs category, lang and an expectation`)
    cases.push({
      id,
      file,
      category: meta.category,
      lang: meta.lang,
      url: meta.url ?? 'https://www.example.com/',
      locale: meta.locale ?? 'en-US',
      note: meta.note ?? '',
      open: meta.open ?? null,
      expect,
      html: chunk.slice(sep).replace(/^---[ \t]*\n/, ''),
    })
  }
  return cases
}

export function loadCorpus(dir = CORPUS_DIR): CorpusCase[] {
  const out: CorpusCase[] = []
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.corpus')).sort()) out.push(...parseCorpus(readFileSync(join(dir, f), 'utf8'), f))
  const ids = new Set<string>()
  for (const c of out) {
    if (ids.has(c.id)) throw new Error(`duplicate corpus id ${c.id}`)
    ids.add(c.id)
  }
  return out
}

const RED = new Set(['spoofed', 'lookalike', 'mismatch'])

/** A verdict as a label: 'red' for every red verdict. */
export function labelOf(verdict: string): Label | 'other' {
  if (RED.has(verdict)) return 'red'
  if (verdict === 'official' || verdict === 'unconfirmed' || verdict === 'none') return verdict
  return 'other'
}

export function accepts(e: Expectation, verdict: string): boolean {
  const got = labelOf(verdict)
  return e.labels.some((l) => l === got || (l === 'quiet' && got !== 'red'))
}

function matches(e: Expectation, o: Observed): boolean {
  return o.digits === e.digits || (o.digits.length >= 6 && (o.digits.startsWith(e.digits) || e.digits.startsWith(o.digits) || o.digits.endsWith(e.digits) || e.digits.endsWith(o.digits)))
}

export interface Wrong {
  /** The case is open: a known wrong verdict (CorpusCase.open). */
  open: boolean
  id: string
  category: string
  lang: string
  printed: string
  expected: string
  got: string
}

export interface Score {
  /** Wrong verdicts, those of open cases included (Wrong.open). */
  wrong: Wrong[]
  /** Per expectation: expected red / got red, for precision and recall. */
  outcomes: Array<{ category: string; lang: string; expectedRed: boolean; gotRed: boolean; ok: boolean }>
}

/** Compares what a scanner said on a case with its labels: every expectation, and every number nobody labelled. */
export function score(c: CorpusCase, observed: Observed[], into: Score): void {
  const used = new Set<Observed>()
  for (const e of c.expect) {
    const mine = observed.filter((o) => matches(e, o))
    mine.forEach((o) => used.add(o))
    const verdicts = mine.length > 0 ? mine : [{ digits: e.digits, text: e.printed, verdict: 'none', country: null }]
    for (const o of verdicts) {
      const countryOk = !e.country || labelOf(o.verdict) === 'none' || o.country === e.country
      const ok = accepts(e, o.verdict) && countryOk
      const expectedRed = e.labels.includes('red')
      into.outcomes.push({ category: c.category, lang: c.lang, expectedRed, gotRed: labelOf(o.verdict) === 'red', ok })
      if (!ok) into.wrong.push({ open: c.open !== null, id: c.id, category: c.category, lang: c.lang, printed: e.printed, expected: `${e.labels.join('|')}${e.country ? ` ${e.country}` : ''}`, got: `${o.verdict}${o.country ? ` ${o.country}` : ''}` })
    }
  }
  for (const o of observed) {
    if (used.has(o)) continue
    // A badge on a number nobody labelled: the labels say every number, so it should have none.
    into.outcomes.push({ category: c.category, lang: c.lang, expectedRed: false, gotRed: labelOf(o.verdict) === 'red', ok: false })
    into.wrong.push({ open: c.open !== null, id: c.id, category: c.category, lang: c.lang, printed: o.text, expected: '(unlabelled)', got: o.verdict })
  }
}

/** One wrong verdict as one line: "id :: number :: expected …, got …". */
export function formatWrong(w: Wrong): string {
  return `${w.id} :: ${w.printed} :: expected ${w.expected}, got ${w.got}`
}
