// The confidence rules of registry/source/README.md, checked by `truedial registry build` (and
// `sign`) on top of the schema: the schema says an entry is well-formed, these say its confidence
// is earned. From ../shared/reference (confidence_rule):
//   high:   read on an apple.com page, or a verbatim copy (archive, proxy, mirror) of one whose
//           apple.com address is known;
//   medium: two independent secondary copies agree;
//   low:    one secondary copy, or an old apple.com page that may be retired.
// And a low entry is never a number TrueDial tells anyone to call (alternativesFor in
// src/core/verdict.ts skips them), so it cannot be what makes a country's list "complete".
//
// Sources are free text written by people, so the checks are mechanical: they find an official
// address named in a source; a reviewer still confirms that the page says what the entry says.

import type { Organisation, OfficialNumber } from '../core/registry-types'

export interface RuleFinding {
  /** An error stops the build; a warning is printed and the build goes on. */
  level: 'error' | 'warning'
  message: string
}

/**
 * Archives that record, for every copy they hold, the address it was taken from: a source in one
 * of them is "a verbatim copy whose apple.com address is known" even when the source text does not
 * repeat the address. Accepted with a warning asking for the address.
 * Open Terms Archive keeps each service's terms as fetched from the address in its declarations.
 */
const ADDRESS_RECORDING_ARCHIVES: ReadonlyArray<{ prefix: string; name: string }> = [
  { prefix: 'github:OpenTermsArchive/', name: 'Open Terms Archive' },
]

/** Hosts named in a source: after http(s)://, or a lowercase host followed by a path ("apple.com/fr/…"). */
export function hostsNamedIn(source: string): string[] {
  const hosts: string[] = []
  for (const m of source.matchAll(/https?:\/\/([^\s/?#'"()<>\\]+)/gi)) hosts.push(m[1]!.toLowerCase().replace(/:\d+$/, ''))
  // Lowercase only, and only at the start of a host: "APPLE.COM/BILL" is a card-statement
  // descriptor, not an address; "evil-apple.com/" and "tabemenu.com/mx" are other hosts.
  for (const m of source.matchAll(/(?<![\w.@/%-])((?:[a-z0-9-]+\.)+[a-z]{2,})\//g)) hosts.push(m[1]!)
  return hosts
}

export function isOfficialHost(host: string, domains: readonly string[]): boolean {
  return domains.some((d) => host === d || host.endsWith(`.${d}`))
}

/** "numbers[12] (US other +14089961010)": where a contributor finds the entry. */
export function describeEntry(n: OfficialNumber, i: number): string {
  return `numbers[${i}] (${n.country} ${n.service} ${n.e164 ?? n.national ?? n.display})`
}

function checkNumber(n: OfficialNumber, i: number, org: Organisation, file: string): RuleFinding[] {
  const at = `${file}: ${describeEntry(n, i)}`
  const domains = org.domains.join(', ')
  if (n.confidence === 'high') {
    if (n.sources.some((s) => hostsNamedIn(s).some((h) => isOfficialHost(h, org.domains)))) return []
    const archived = n.sources.map((s) => ADDRESS_RECORDING_ARCHIVES.find((a) => s.startsWith(a.prefix))).find((a) => a !== undefined)
    if (archived) {
      return [{
        level: 'warning',
        message: `${at}: confidence "high" rests on a copy in ${archived.name}, which records the address it copied, but no source names that ${org.name} address; add it to the source (rule: high needs an official page or a verbatim copy whose address is known)`,
      }]
    }
    return [{
      level: 'error',
      message: `${at}: confidence "high" needs a source on an official ${org.name} page (${domains}) or a verbatim copy that names its original address, such as "https://mirror.example/… (copy of https://www.apple.com/…)"; none of its ${n.sources.length} sources names one. Add that source, or lower the confidence to "medium" (two independent copies agree) or "low"`,
    }]
  }
  if (n.confidence === 'medium' && n.sources.length < 2) {
    return [{
      level: 'warning',
      message: `${at}: confidence "medium" means two independent secondary copies agree, and it lists one source; list both copies (or say in the one source where the second is)`,
    }]
  }
  return []
}

/** Coverage "complete" rests on a number TrueDial may suggest calling: high or medium, never low. */
function checkCoverage(org: Organisation, coverageFile: string, numbersFile: string): RuleFinding[] {
  const findings: RuleFinding[] = []
  for (const [country, services] of Object.entries(org.coverage)) {
    for (const [service, level] of Object.entries(services)) {
      if (level !== 'complete') continue
      const entries = org.numbers.filter((n) => n.country === country && n.service === service)
      if (entries.length === 0 || entries.some((n) => n.confidence !== 'low')) continue
      findings.push({
        level: 'error',
        message:
          `${coverageFile}: ${country}.${service} is "complete", but every ${service} number for ${country} in ${numbersFile} is low confidence, ` +
          'and a low-confidence number is never one to call; make it "partial", or raise an entry to medium or high with better sources',
      })
    }
  }
  return findings
}

/**
 * The confidence rules for one organisation. `files` are the display paths of its numbers.json and
 * coverage.json, for messages that name the file to edit.
 */
export function checkConfidenceRules(org: Organisation, files: { numbers: string; coverage: string }): RuleFinding[] {
  return [...org.numbers.flatMap((n, i) => checkNumber(n, i, org, files.numbers)), ...checkCoverage(org, files.coverage, files.numbers)]
}
