// What changed between two registry payloads, as lines a contributor reads: numbers added,
// removed and changed (by country and service), coverage, the lexicon and red flags per language,
// and the rest. Printed by `registry build` (against the signed registry), `registry sign` (when
// it refuses) and `registry diff`, and by the test that guards registry.signed.json.
// Pure: payloads in, lines out.

import type { OfficialNumber, Organisation, RegistryPayload, RetiredNumber } from '../core/registry-types'

/** At most this many terms are spelled out per language; the rest are counted. */
const TERMS_SHOWN = 5

function quote(value: unknown): string {
  if (value === null || value === undefined) return 'none'
  const text = JSON.stringify(value)
  return text.length > 80 ? `${text.slice(0, 77)}…` : text
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** "+ "a", "b"; - "c"" for two lists of strings, the first TERMS_SHOWN of each spelled out. */
function listChange(before: readonly string[], after: readonly string[]): string {
  const added = after.filter((t) => !before.includes(t))
  const removed = before.filter((t) => !after.includes(t))
  const part = (sign: string, items: string[]): string | null => {
    if (items.length === 0) return null
    const shown = items.slice(0, TERMS_SHOWN).map((t) => JSON.stringify(t)).join(', ')
    return `${sign} ${shown}${items.length > TERMS_SHOWN ? ` and ${items.length - TERMS_SHOWN} more` : ''}`
  }
  const parts = [part('+', added), part('-', removed)].filter((p) => p !== null)
  return parts.length > 0 ? parts.join('; ') : 'reordered'
}

function numberId(n: OfficialNumber): string {
  return `${n.country} ${n.service} ${n.e164 ?? n.national ?? n.display}`
}

function numberLabel(n: OfficialNumber): string {
  return `${numberId(n)} ${JSON.stringify(n.display)}${n.vanity ? ` (${n.vanity})` : ''}, ${n.confidence}`
}

const NUMBER_FIELDS = ['display', 'vanity', 'national', 'languages', 'hours', 'confidence', 'checked'] as const

function numberChanges(before: OfficialNumber, after: OfficialNumber): string[] {
  const out: string[] = []
  for (const field of NUMBER_FIELDS) {
    if (!same(before[field], after[field])) out.push(`${field} ${quote(before[field])} → ${quote(after[field])}`)
  }
  if (!same(before.sources, after.sources)) {
    out.push(before.sources.length === after.sources.length
      ? `sources edited (${before.sources.length})`
      : `sources ${before.sources.length} → ${after.sources.length}`)
  }
  return out
}

/** Entries matched by key: added, removed and changed, in a stable order. */
function keyed<T>(before: readonly T[], after: readonly T[], key: (item: T) => string) {
  const old = new Map(before.map((item) => [key(item), item]))
  const next = new Map(after.map((item) => [key(item), item]))
  const keys = [...new Set([...old.keys(), ...next.keys()])].sort()
  return keys.map((k) => ({ key: k, before: old.get(k), after: next.get(k) }))
}

function numbersDiff(before: readonly OfficialNumber[], after: readonly OfficialNumber[]): string[] {
  const lines: string[] = []
  for (const { before: b, after: a } of keyed(before, after, numberId)) {
    if (b && !a) lines.push(`- number ${numberLabel(b)}`)
    else if (a && !b) lines.push(`+ number ${numberLabel(a)}`)
    else if (a && b) {
      const changes = numberChanges(b, a)
      if (changes.length > 0) lines.push(`~ number ${numberId(a)}: ${changes.join('; ')}`)
    }
  }
  if (lines.length === 0 && !same(before, after)) lines.push('~ numbers reordered')
  return lines
}

function retiredDiff(before: readonly RetiredNumber[], after: readonly RetiredNumber[]): string[] {
  const id = (r: RetiredNumber) => `${r.country} ${r.e164}`
  const lines: string[] = []
  for (const { key, before: b, after: a } of keyed(before, after, id)) {
    if (b && !a) lines.push(`- retired number ${key} ${JSON.stringify(b.display)}`)
    else if (a && !b) lines.push(`+ retired number ${key} ${JSON.stringify(a.display)}, retired ${a.retired}`)
    else if (!same(a, b)) lines.push(`~ retired number ${key}: edited`)
  }
  return lines
}

function coverageDiff(before: Organisation['coverage'], after: Organisation['coverage']): string[] {
  const lines: string[] = []
  const countries = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()
  for (const country of countries) {
    const b = before[country] ?? {}
    const a = after[country] ?? {}
    const services = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort() as Array<keyof typeof a>
    for (const service of services) {
      // Not listed means "none" (registry-types.ts), so writing "none" out is no change.
      const from = b[service] ?? 'none'
      const to = a[service] ?? 'none'
      if (from !== to) lines.push(`~ coverage ${country} ${service}: ${from} → ${to}`)
    }
  }
  return lines
}

/** Per language of a term table: "+ lexicon brand de: 6 terms", "~ … 5 → 6 terms (+ "Apfel")". */
function termTableDiff(label: string, before: Record<string, string[]>, after: Record<string, string[]>, unit = 'term'): string[] {
  const lines: string[] = []
  const languages = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()
  for (const language of languages) {
    const b = before[language]
    const a = after[language]
    if (b && !a) lines.push(`- ${label} ${language}: ${plural(b.length, unit)}`)
    else if (a && !b) lines.push(`+ ${label} ${language}: ${plural(a.length, unit)} (${listChange([], a)})`)
    else if (a && b && !same(a, b)) lines.push(`~ ${label} ${language}: ${b.length} → ${plural(a.length, unit)} (${listChange(b, a)})`)
  }
  return lines
}

function organisationDiff(before: Organisation, after: Organisation): string[] {
  const lines: string[] = []
  for (const field of ['name', 'reportEmail'] as const) {
    if (before[field] !== after[field]) lines.push(`~ ${field} ${quote(before[field])} → ${quote(after[field])}`)
  }
  if (!same(before.domains, after.domains)) lines.push(`~ official domains: ${listChange(before.domains, after.domains)}`)
  if (!same(before.channels, after.channels)) {
    const label = (c: Organisation['channels'][number]) => `${c.kind} ${c.url} ${JSON.stringify(c.label)}`
    lines.push(`~ channels: ${listChange(before.channels.map(label), after.channels.map(label))}`)
  }
  lines.push(...numbersDiff(before.numbers, after.numbers))
  lines.push(...retiredDiff(before.retired, after.retired))
  if (!same(before.noSupportNumber, after.noSupportNumber)) {
    lines.push(`~ countries without a support number: ${listChange(before.noSupportNumber, after.noSupportNumber)}`)
  }
  lines.push(...coverageDiff(before.coverage, after.coverage))
  for (const table of ['brand', 'support', 'notBrand', 'fake'] as const) {
    lines.push(...termTableDiff(`lexicon ${table}`, before.lexicon[table], after.lexicon[table]))
  }
  return lines
}

/**
 * The changes from `before` to `after`, one line each: "+ " added, "- " removed, "~ " changed.
 * Meant for two payloads whose texts differ: when nothing differs but the serialisation (key
 * order, spacing), it says so in one line, since that is still another payload to sign.
 */
export function diffPayloads(before: RegistryPayload, after: RegistryPayload): string[] {
  const lines: string[] = []
  for (const field of ['schema', 'version', 'issued', 'expires'] as const) {
    if (before[field] !== after[field]) lines.push(`~ ${field} ${before[field]} → ${after[field]}`)
  }
  const many = before.organisations.length > 1 || after.organisations.length > 1
  for (const { key, before: b, after: a } of keyed(before.organisations, after.organisations, (o) => o.id)) {
    if (b && !a) lines.push(`- organisation ${key} (${plural(b.numbers.length, 'number')})`)
    else if (a && !b) lines.push(`+ organisation ${key} (${plural(a.numbers.length, 'number')})`)
    else if (a && b) lines.push(...organisationDiff(b, a).map((line) => (many ? `${line.slice(0, 2)}${key}: ${line.slice(2)}` : line)))
  }
  lines.push(...termTableDiff('red flags', before.redFlags, after.redFlags, 'phrase'))
  for (const { key, before: b, after: a } of keyed(Object.entries(before.fraudReport), Object.entries(after.fraudReport), ([c]) => c)) {
    if (b && !a) lines.push(`- fraud report ${key}: ${b[1].url}`)
    else if (a && !b) lines.push(`+ fraud report ${key}: ${a[1].name} ${a[1].url}`)
    else if (a && b && !same(a, b)) lines.push(`~ fraud report ${key}: ${b[1].name} ${b[1].url} → ${a[1].name} ${a[1].url}`)
  }
  if (lines.length === 0) lines.push('~ the same content, serialised differently (key order or spacing)')
  return lines
}

/** "3 numbers added, 1 changed" for a summary line. */
export function countNumberChanges(lines: readonly string[]): string {
  const count = (sign: string) => lines.filter((l) => l.startsWith(`${sign} number `) || new RegExp(`^\\${sign} [a-z0-9-]+: number `).test(l)).length
  const parts = [[count('+'), 'added'], [count('-'), 'removed'], [count('~'), 'changed']] as const
  const text = parts.filter(([n]) => n > 0).map(([n, word]) => `${n} ${word}`).join(', ')
  return text === '' ? 'no number changed' : `numbers: ${text}`
}
