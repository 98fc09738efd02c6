// The verified registry turned into lookup tables. Built once per verified payload and memoised
// by whoever holds it (the background worker, the CLI); every lookup is a Map hit.

import type { OfficialNumber, Organisation, RegistryPayload, RetiredNumber } from './registry-types'

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
  organisations: Map<string, Organisation>
}

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

/** Countries with numbers in the registry (for "the registry has no number for …" messages). */
export function registryStats(index: RegistryIndex): { numbers: number; countries: number } {
  let numbers = 0
  for (const org of index.payload.organisations) numbers += org.numbers.length
  return { numbers, countries: index.countries.size }
}
