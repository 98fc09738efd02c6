// Settings = defaults + the user's stored changes, with ordered migrations that run once on
// install/update (webext-options-sync's model). Only changes are stored, so a new default
// reaches every user who has not changed that setting.

export interface TrustedNumber {
  /** E.164, or "CC:national" for national-only numbers. */
  e164: string
  added: string
}

export interface Settings {
  /** Show the quiet green badge on official numbers. */
  showOfficial: boolean
  /** …on Apple's own websites too (the registry's signed domains), where every number is Apple's. */
  showOfficialOnApple: boolean
  /** Hostnames where TrueDial does nothing. */
  pausedSites: string[]
  /** Region for numbers printed without a country code; null = from the browser. */
  region: string | null
  trusted: TrustedNumber[]
  /** Where "Check for updates" looks, in order (mirrors). */
  updateUrls: string[]
  /** Daily background update check (off by default: no network unless the user asks). */
  autoUpdate: boolean
}

/** Set at build time (vite `define`); tests and the CLI get the default. */
declare const __UPDATE_URLS__: string[] | undefined
const BUILD_UPDATE_URLS: string[] = typeof __UPDATE_URLS__ !== 'undefined' ? __UPDATE_URLS__ : []

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  showOfficial: true,
  showOfficialOnApple: false,
  pausedSites: [],
  region: null,
  trusted: [],
  updateUrls: BUILD_UPDATE_URLS,
  autoUpdate: false,
})

export const SETTINGS_VERSION = 3

export interface StoredSettings {
  version: number
  changes: Partial<Settings>
}

type Migration = (changes: Record<string, unknown>) => Record<string, unknown>

/**
 * migrations[n] turns version n+1 into version n+2. Never edit one that has shipped; add one.
 * v1 → v2: `hideOfficial` (inverted) became `showOfficial`; trusted numbers were bare strings.
 * v2 → v3: trusted numbers lose `label`: nothing ever wrote one but '' (the popup's "Trust this
 * number"), and nothing showed it but the options page, for a label no one could set.
 */
export const MIGRATIONS: Migration[] = [
  (c) => {
    const { hideOfficial, trusted, ...rest } = c
    const out: Record<string, unknown> = { ...rest }
    if (typeof hideOfficial === 'boolean') out.showOfficial = !hideOfficial
    if (Array.isArray(trusted)) {
      out.trusted = trusted.map((t) => (typeof t === 'string' ? { e164: t, label: '', added: '1970-01-01' } : t))
    }
    return out
  },
  (c) => {
    if (!Array.isArray(c.trusted)) return c
    const trusted = c.trusted.map((t: unknown) => {
      if (!t || typeof t !== 'object') return t
      const { label: _label, ...rest } = t as Record<string, unknown>
      return rest
    })
    return { ...c, trusted }
  },
]

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string')

/** Keeps only changes of the right type; anything else falls back to the default. */
export function sanitizeChanges(changes: Record<string, unknown>): Partial<Settings> {
  const out: Partial<Settings> = {}
  if (typeof changes.showOfficial === 'boolean') out.showOfficial = changes.showOfficial
  if (typeof changes.showOfficialOnApple === 'boolean') out.showOfficialOnApple = changes.showOfficialOnApple
  if (isStringArray(changes.pausedSites)) out.pausedSites = [...new Set(changes.pausedSites.filter((s) => s.length > 0 && s.length <= 253))].slice(0, 1000)
  if (changes.region === null || (typeof changes.region === 'string' && /^[A-Z]{2}$/.test(changes.region))) out.region = changes.region
  if (Array.isArray(changes.trusted)) {
    out.trusted = changes.trusted
      .filter((t): t is TrustedNumber => !!t && typeof t === 'object' && typeof t.e164 === 'string' && t.e164.length <= 40 && typeof t.added === 'string')
      .map((t) => ({ e164: t.e164, added: t.added }))
      .slice(0, 500)
  }
  if (isStringArray(changes.updateUrls)) out.updateUrls = changes.updateUrls.filter((u) => /^https:\/\/|^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(u)).slice(0, 10)
  if (typeof changes.autoUpdate === 'boolean') out.autoUpdate = changes.autoUpdate
  return out
}

/** Brings stored settings to the current version. Unknown or broken data starts from defaults. */
export function migrate(stored: unknown): StoredSettings {
  if (!stored || typeof stored !== 'object') return { version: SETTINGS_VERSION, changes: {} }
  const s = stored as { version?: unknown; changes?: unknown }
  let version = typeof s.version === 'number' && Number.isInteger(s.version) && s.version >= 1 ? s.version : 1
  let changes = s.changes && typeof s.changes === 'object' ? (s.changes as Record<string, unknown>) : {}
  while (version < SETTINGS_VERSION) {
    const step = MIGRATIONS[version - 1]
    if (step) changes = step(changes)
    version++
  }
  return { version: SETTINGS_VERSION, changes: sanitizeChanges(changes) }
}

export function resolveSettings(stored: StoredSettings): Settings {
  return { ...DEFAULT_SETTINGS, ...stored.changes }
}

/** Applies a change and stores only what differs from the defaults. */
export function applyChanges(stored: StoredSettings, changes: Partial<Settings>): StoredSettings {
  const merged: Record<string, unknown> = { ...stored.changes, ...sanitizeChanges(changes as Record<string, unknown>) }
  for (const key of Object.keys(merged) as Array<keyof Settings>) {
    if (JSON.stringify(merged[key]) === JSON.stringify(DEFAULT_SETTINGS[key])) delete merged[key]
  }
  return { version: SETTINGS_VERSION, changes: merged as Partial<Settings> }
}

/** A paused site covers itself and its subdomains. */
export function pausesHost(site: string, host: string): boolean {
  return host === site || host.endsWith(`.${site}`)
}

export function isPaused(settings: Settings, url: string): boolean {
  let host: string
  try {
    host = new URL(url).hostname
  } catch {
    return false
  }
  return settings.pausedSites.some((site) => pausesHost(site, host))
}

/**
 * Green "✓ Apple" badges on this page: as the setting says, except on Apple's own sites (the
 * registry's signed domains), where every number is expected to be Apple's and a green badge on
 * each one is noise, unless the user turned them on there too. Red badges show there as
 * everywhere (a number injected through the address).
 */
export function showsOfficialBadges(settings: Settings, url: string, isOfficialHost: (host: string) => boolean): boolean {
  if (!settings.showOfficial) return false
  if (settings.showOfficialOnApple) return true
  try {
    return !isOfficialHost(new URL(url).hostname)
  } catch {
    return true
  }
}
