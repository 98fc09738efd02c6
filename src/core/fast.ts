// The background's speed, all in one place. The verdict functions (judge-finding.ts verdictOnPage,
// check.ts checkNumber) compute every answer from their arguments alone, reading digits with
// libphonenumber: that is what the CLI runs, and what test/unit/fast.test.ts compares these
// wrappers with on generated inputs. The wrappers add what real pages need:
// - libphonenumber with the North American prefix table in front (nanp.ts) and its other answers
//   remembered: a parse costs 20-40 µs, most numbers on pages that claim Apple's name are +1
//   numbers sharing a few prefixes, and a page shows the same number in many places;
// - memos of a page's findings (asked again after a reload, from a second frame, by the next scan
//   of the same page) and of the numbers a person checks in the popup, matched by everything they
//   are computed from (memo.ts).
// Everything is bounded by what one page scan may send (SCAN_LIMITS.maxFindings): a hostile page
// can send any number of distinct numbers, one scan after the other. Measured by `npm run bench`
// (test/bench/background.ts): a page of 1,000 new numbers, warm worker and one that just started.

import { checkNumber, type CheckOptions, type CheckResult } from './check'
import { englishTranslate, type Translate } from './i18n'
import { readPage, verdictOnPage, type FindingRequest, type FindingVerdict, type PageHints, type PageReading } from './judge-finding'
import { AnswerMemo, BoundedMemo, sameData } from './memo'
import { withNanpTable } from './nanp'
import { libphonenumber, type NumberFacts, type Numbering } from './numbering'
import { printedOfficial, type ResolvedNumber } from './phone'
import { prepareCountryNames } from './region'
import type { RegistryIndex } from './registry-index'
import { SCAN_LIMITS } from './scan-limits'
import { officialsByCallingCode } from './verdict'

/**
 * libphonenumber with the prefix table in front, and its other answers remembered: a page shows
 * the same number in many places (a header, a footer, beside each product), each a finding of its
 * own. For the whole worker, as these are facts of the numbering plans, the same for every page.
 * A generation of each table holds what one page scan's numbers ask (each number and its link).
 */
export const fastNumbering: Numbering = withNanpTable(rememberAnswers(libphonenumber, SCAN_LIMITS.maxFindings), SCAN_LIMITS.maxFindings)

/** `plain`, its answers memoised by their whole question: the digits and the region, or the E.164 number. */
function rememberAnswers(plain: Numbering, limit: number): Numbering {
  const reads = new BoundedMemo<ResolvedNumber | false>(limit)
  const facts = new BoundedMemo<NumberFacts>(limit)
  return {
    read(digits, region) {
      const key = `${region ?? '+'} ${digits}`
      let r = reads.get(key)
      if (r === undefined) reads.set(key, (r = plain.read(digits, region)))
      return r
    },
    facts(e164) {
      let f = facts.get(e164)
      if (f === undefined) facts.set(e164, (f = plain.facts(e164)))
      return f
    },
  }
}

/** Page readings kept: the tabs and frames a person has open at once. */
const PAGES = 8
/** Numbers from the popup's check box kept (per generation): a person checks a few at a time. */
const CHECKS = 100

/**
 * Verdicts as the background gives them: the plain functions' answers, memoised. Answers are
 * shared between the calls that ask the same, so nobody may change one (the background only
 * copies them into messages), nor an input once asked about.
 */
export class Verdicts {
  /** Recent page readings, newest last, with a small id each: a finding's memo entry names its page by that id. */
  readonly #pages: Array<{ reading: PageReading; id: number }> = []
  #nextPage = 0
  /** A generation holds one scan's findings: a page asked again finds all of its last scan here. */
  readonly #findings = new AnswerMemo<FindingRequest, FindingVerdict | null>(SCAN_LIMITS.maxFindings)
  readonly #checks = new AnswerMemo<[string, Omit<CheckOptions, 't' | 'numbering'>], CheckResult>(CHECKS)

  constructor(private readonly numbering: Numbering = fastNumbering) {}

  /**
   * verdictOnPage() for the findings of one page: its address is read once (readPage), then each
   * finding's verdict is memoised by the page's reading and the finding, whole.
   */
  onPage(index: RegistryIndex, page: PageHints, t: Translate = englishTranslate): (finding: FindingRequest) => FindingVerdict | null {
    const reading = readPage(index, page)
    const id = this.#pageId(reading)
    return (finding) => this.#findings.answer(index, t, `${id}:${finding.digits}`, finding, () => verdictOnPage(index, finding, reading, t, this.numbering))
  }

  /**
   * Builds what verdicts on this registry read besides the index (its official numbers as they
   * are printed and by calling code) and the table of country names, so that the first page does
   * not wait for them: about 30 ms on a worker that just started, where they also warm up
   * libphonenumber's metadata for the registry's countries. The worker does it once the registry
   * is verified.
   */
  prepare(index: RegistryIndex): void {
    prepareCountryNames()
    printedOfficial(index)
    officialsByCallingCode(index)
  }

  /** checkNumber(), memoised by the input and every option (the translator by identity). */
  check(index: RegistryIndex, input: string, options: CheckOptions = {}): CheckResult {
    const { t = englishTranslate, numbering: _ours, ...rest } = options
    return this.#checks.answer(index, t, input, [input, rest], () => checkNumber(index, input, { ...rest, t, numbering: this.numbering }))
  }

  /** The id of a page reading equal to this one (sameData), or a new one. */
  #pageId(reading: PageReading): number {
    const known = this.#pages.find((p) => sameData(p.reading, reading))
    if (known) return known.id
    if (this.#pages.length >= PAGES) this.#pages.shift()
    const id = this.#nextPage++
    this.#pages.push({ reading, id })
    return id
  }
}
