// The verified registry turned into lookup tables. Built once per verified payload and memoised
// by whoever holds it (the background worker, the CLI); every lookup is a Map hit.

import type { Coverage, OfficialNumber, Organisation, RegistryPayload, RetiredNumber, Service } from './registry-types'

export interface OfficialEntry extends OfficialNumber {
  organisation: string
}

export interface RegistryIndex {
  payload: RegistryPayload
  /** e164 → every official entry with that number (one per country/service). */
  byE164: Map<string, OfficialEntry[]>
  /** National digits → entries without an E.164 (Turkey's 00800 line). */
  byNational: Map<string, OfficialEntry[]>
  retired: Map<string, RetiredNumber & { organisation: string }>
  /** Country → official entries, support numbers first. */
  byCountry: Map<string, OfficialEntry[]>
  /** Official E.164 digits (no "+") for lookalike search. */
  officialDigits: Array<{ digits: string; entry: OfficialEntry }>
  countries: Set<string>
  noSupportNumber: Set<string>
  /**
   * "US support" → how complete the list of numbers is there. Today the registry has one
   * organisation; with several, this is the most complete any of them declares.
   */
  coverage: Map<string, Coverage>
  /** Every organisation's official registrable domains: "apple.com". */
  domains: Set<string>
  organisations: Map<string, Organisation>
}

const COVERAGE_RANK: Record<Coverage, number> = { none: 0, partial: 1, complete: 2 }

const SERVICE_ORDER = ['support', 'subscriptions', 'accessibility', 'sales', 'business', 'education', 'other']

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

export function buildIndex(payload: RegistryPayload): RegistryIndex {
  const index: RegistryIndex = {
    payload,
    byE164: new Map(),
    byNational: new Map(),
    retired: new Map(),
    byCountry: new Map(),
    officialDigits: [],
    countries: new Set(),
    noSupportNumber: new Set(),
    coverage: new Map(),
    domains: new Set(),
    organisations: new Map(),
  }
  for (const org of payload.organisations) {
    index.organisations.set(org.id, org)
    for (const number of org.numbers) {
      const entry: OfficialEntry = { ...number, organisation: org.id }
      if (number.e164) {
        push(index.byE164, number.e164, entry)
        if (!index.officialDigits.some((o) => o.digits === number.e164!.slice(1))) {
          index.officialDigits.push({ digits: number.e164.slice(1), entry })
        }
      }
      if (number.national) push(index.byNational, number.national, entry)
      push(index.byCountry, number.country, entry)
      index.countries.add(number.country)
    }
    for (const r of org.retired) index.retired.set(r.e164, { ...r, organisation: org.id })
    for (const cc of org.noSupportNumber) index.noSupportNumber.add(cc)
    for (const [country, services] of Object.entries(org.coverage)) {
      for (const [service, level] of Object.entries(services)) {
        const key = `${country} ${service}`
        const known = index.coverage.get(key) ?? 'none'
        if (level !== undefined && COVERAGE_RANK[level] > COVERAGE_RANK[known]) index.coverage.set(key, level)
      }
    }
    for (const domain of org.domains) index.domains.add(domain)
  }
  for (const list of index.byCountry.values()) {
    list.sort((a, b) => SERVICE_ORDER.indexOf(a.service) - SERVICE_ORDER.indexOf(b.service))
  }
  return index
}

export function lookupE164(index: RegistryIndex, e164: string): OfficialEntry[] {
  return index.byE164.get(e164) ?? []
}

/** Official numbers for a country, support first; [] when the registry has none. */
export function officialFor(index: RegistryIndex, country: string): OfficialEntry[] {
  return index.byCountry.get(country) ?? []
}

/**
 * How complete the registry's list of numbers is for a country and service: 'complete' (a number
 * not listed is not the organisation's), 'partial', or 'none' (the registry cannot tell).
 */
export function coverageOf(index: RegistryIndex, country: string, service: Service): Coverage {
  return index.coverage.get(`${country.toUpperCase()} ${service}`) ?? 'none'
}

/**
 * Is this host one of an organisation's official domains or below one? "support.apple.com" is,
 * "apple.com.evil.example" and "notapple.com" are not. Case and a final dot are ignored.
 */
export function isOfficialHost(index: RegistryIndex, host: string): boolean {
  let name = host.toLowerCase()
  if (name.endsWith('.')) name = name.slice(0, -1)
  // The host itself, then each parent: "a.b.apple.com", "b.apple.com", "apple.com", "com".
  for (;;) {
    if (index.domains.has(name)) return true
    const dot = name.indexOf('.')
    if (dot === -1) return false
    name = name.slice(dot + 1)
  }
}

/** Countries with numbers in the registry (for "the registry has no number for …" messages). */
export function registryStats(index: RegistryIndex): { numbers: number; countries: number } {
  let numbers = 0
  for (const org of index.payload.organisations) numbers += org.numbers.length
  return { numbers, countries: index.countries.size }
}
