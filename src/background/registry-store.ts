// The only module that reads or writes the registry in the extension. It verifies the stored
// registry and the bundled one, uses the valid one with the higher version, memoises the
// verified index, and replaces the stored registry in ONE storage write, only after a new one
// has been verified whole. It never fails open: with no verifiable registry the state is
// "unavailable" and nothing is called official.

import { buildIndex, registryStats, type RegistryIndex } from '../core/registry-index'
import { collectLexicon, type LexiconTerms } from '../core/claims'
import { compareForUpdate, utf8Length, verifyEnvelope, type VerifyResult } from '../core/signature'
import { MAX_REGISTRY_BYTES } from '../core/registry-schema'
import type { PinnedKey, RegistryPayload } from '../core/registry-types'
import type { RegistryStatus, UpdateAttempt, UpdateResult } from '../messages'
import { unavailableStatus } from '../core/registry-status'
import { englishTranslate, type Translate } from '../core/i18n'

export interface KeyValueStore {
  get(key: string): Promise<unknown>
  set(items: Record<string, unknown>): Promise<void>
  remove(key: string): Promise<void>
}

interface StoredRegistry {
  text: string
  source: 'file' | 'url'
  sourceUrl: string | null
  receivedAt: string
}

export interface ActiveRegistry {
  index: RegistryIndex | null
  /** Claim terms; from the verified registry, or (unavailable) the bundled one read without trust. */
  terms: LexiconTerms | null
  status: RegistryStatus
}

export const STORAGE_KEY = 'registry'
export const ATTEMPT_KEY = 'lastRegistryAttempt'
export const FETCH_TIMEOUT_MS = 15_000

// Message keys (public/_locales) for each refusal code.
const REFUSAL: Record<string, string> = {
  'too-large': 'registryRefusedTooLarge',
  malformed: 'registryRefusedMalformed',
  'unknown-key': 'registryRefusedUnknownKey',
  'bad-signature': 'registryRefusedBadSignature',
  schema: 'registryRefusedSchema',
  expired: 'registryRefusedExpired',
  'not-yet-valid': 'registryRefusedNotYetValid',
}

/** "Refused: <why in the user's language> (<the technical detail>)." */
function refusal(t: Translate, result: Extract<VerifyResult, { ok: false }>): string {
  return t('registryRefused', [t(REFUSAL[result.code] ?? 'registryRefusedOther'), result.error])
}

function isStored(value: unknown): value is StoredRegistry {
  const v = value as StoredRegistry | null
  return !!v && typeof v.text === 'string' && (v.source === 'file' || v.source === 'url')
}

export class RegistryStore {
  #active: Promise<ActiveRegistry> | null = null

  constructor(
    private readonly storage: KeyValueStore,
    private readonly bundledText: string,
    private readonly pinned: readonly PinnedKey[],
    private readonly now: () => Date = () => new Date(),
    /** Messages in the user's language; English for tests and the CLI. */
    private readonly t: Translate = englishTranslate,
  ) {}

  /** The verified registry in use (memoised until an update changes it). */
  active(): Promise<ActiveRegistry> {
    this.#active ??= this.#load()
    return this.#active
  }

  async status(): Promise<RegistryStatus> {
    return (await this.active()).status
  }

  async #lastAttempt(): Promise<UpdateAttempt | null> {
    const a = (await this.storage.get(ATTEMPT_KEY)) as UpdateAttempt | null | undefined
    return a && typeof a.message === 'string' ? a : null
  }

  async #load(): Promise<ActiveRegistry> {
    const now = this.now()
    const bundled = await verifyEnvelope(this.bundledText, this.pinned, now, { allowExpired: true })
    const storedValue = await this.storage.get(STORAGE_KEY)
    const stored = isStored(storedValue) ? storedValue : null
    // A stored registry of an older schema (kept from an older TrueDial) no longer validates, so
    // the bundled one, always of the current schema, is used instead, whatever the versions.
    const fromStore = stored ? await verifyEnvelope(stored.text, this.pinned, now, { allowExpired: true }) : null
    const lastAttempt = await this.#lastAttempt()

    let chosen: { result: Extract<VerifyResult, { ok: true }>; source: RegistryStatus['source']; sourceUrl: string | null } | null = null
    if (bundled.ok) chosen = { result: bundled, source: 'bundled', sourceUrl: null }
    if (fromStore?.ok && stored && (!chosen || fromStore.payload.version > chosen.result.payload.version)) {
      chosen = { result: fromStore, source: stored.source, sourceUrl: stored.sourceUrl }
    }
    if (!chosen) {
      const reasons = [bundled.ok ? null : `bundled: ${bundled.error}`, fromStore && !fromStore.ok ? `stored: ${fromStore.error}` : null].filter(Boolean)
      return {
        index: null,
        terms: this.#untrustedTerms(),
        status: unavailableStatus(this.t('registryUnavailable', [reasons.join('; ')]), lastAttempt),
      }
    }
    const { result } = chosen
    const index = buildIndex(result.payload)
    const stats = registryStats(index)
    return {
      index,
      terms: collectLexicon(result.payload),
      status: {
        state: 'ok',
        version: result.payload.version,
        issued: result.payload.issued,
        expires: result.payload.expires,
        expired: result.expired,
        keyid: result.keyid,
        countries: stats.countries,
        numbers: stats.numbers,
        source: chosen.source,
        sourceUrl: chosen.sourceUrl,
        lastAttempt,
        error: null,
      },
    }
  }

  /**
   * With no verifiable registry, numbers are still FOUND (so badges can say "cannot verify"),
   * using the bundled lexicon read without trust. No verdict ever comes from it.
   */
  #untrustedTerms(): LexiconTerms | null {
    try {
      const envelope = JSON.parse(this.bundledText) as { payload?: unknown }
      if (typeof envelope.payload !== 'string') return null
      const payload = JSON.parse(envelope.payload) as RegistryPayload
      return collectLexicon({ organisations: payload.organisations ?? [], redFlags: payload.redFlags ?? {} })
    } catch {
      return null
    }
  }

  async #record(attempt: Omit<UpdateAttempt, 'at'> & { unchanged?: boolean }): Promise<UpdateResult> {
    const { unchanged = false, ...rest } = attempt
    const full: UpdateAttempt = { ...rest, at: this.now().toISOString() }
    await this.storage.set({ [ATTEMPT_KEY]: full })
    const active = await this.active()
    active.status.lastAttempt = full
    return { ok: attempt.ok, unchanged, message: attempt.message, status: active.status }
  }

  /** Verifies a registry file whole and, if it is newer, makes it the active one. */
  async importText(text: string, source: 'file' | 'url', sourceUrl: string | null = null): Promise<UpdateResult> {
    const result = await verifyEnvelope(text, this.pinned, this.now())
    if (!result.ok) return this.#record({ ok: false, message: refusal(this.t, result), source })
    const active = await this.active()
    const rollback = compareForUpdate(active.status.version === null ? null : { version: active.status.version }, result.payload)
    if (!rollback.ok) {
      const same = result.payload.version === active.status.version
      return this.#record({
        ok: false,
        unchanged: same,
        message: same
          ? this.t('registryUnchanged', [String(active.status.version)])
          : this.t('registryRollback', [String(result.payload.version), String(active.status.version)]),
        source,
      })
    }
    // One write: the old registry stays active until this resolves.
    const stored: StoredRegistry = { text, source, sourceUrl, receivedAt: this.now().toISOString() }
    await this.storage.set({ [STORAGE_KEY]: stored })
    this.#active = null
    return this.#record({ ok: true, message: this.t('registryUpdated', [String(result.payload.version)]), source })
  }

  async restoreBundled(): Promise<UpdateResult> {
    await this.storage.remove(STORAGE_KEY)
    this.#active = null
    const active = await this.active()
    const ok = active.status.state === 'ok'
    return this.#record({
      ok,
      message: ok ? this.t('registryRestored', [String(active.status.version)]) : this.t('registryBundledInvalid'),
      source: 'restore',
    })
  }

  /** Tries each update URL in order (mirrors) until one gives a registry that is accepted. */
  async fetchUpdate(urls: readonly string[], fetchImpl: typeof fetch = fetch, timeoutMs = FETCH_TIMEOUT_MS): Promise<UpdateResult> {
    if (urls.length === 0) return this.#record({ ok: false, message: this.t('registryNoUpdateAddress'), source: 'url' })
    const failures: string[] = []
    for (const url of urls) {
      const got = await fetchCapped(url, fetchImpl, timeoutMs, this.t)
      if (!got.ok) {
        failures.push(`${url}: ${got.error}`)
        continue
      }
      const result = await this.importText(got.text, 'url', url)
      if (result.ok || result.unchanged) return result
      failures.push(`${url}: ${result.message}`)
    }
    return this.#record({ ok: false, message: this.t('registryNoUpdateInstalled', [failures.join(' ')]), source: 'url' })
  }
}

/** GET with a timeout and the 1 MB cap checked before anything is parsed. */
export async function fetchCapped(
  url: string,
  fetchImpl: typeof fetch,
  timeoutMs: number,
  t: Translate = englishTranslate,
): Promise<{ ok: true; text: string } | { ok: false; error: string }> {
  const timedOut = (): string => t('fetchTimedOut', [String(Math.round(timeoutMs / 1000))])
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  try {
    let response: Response
    try {
      response = await fetchImpl(url, { signal: controller.signal, cache: 'no-store', credentials: 'omit', redirect: 'follow' })
    } catch (error) {
      return { ok: false, error: controller.signal.aborted ? timedOut() : t('fetchNetworkError', [(error as Error).message]) }
    }
    if (!response.ok) return { ok: false, error: t('fetchHttpError', [String(response.status)]) }
    const declared = Number(response.headers.get('content-length') ?? 'NaN')
    if (declared > MAX_REGISTRY_BYTES) return { ok: false, error: t('fetchTooLargeDeclared', [String(declared)]) }
    if (!response.body) return { ok: false, error: t('fetchNoBody') }
    const reader = response.body.getReader()
    const chunks: Uint8Array[] = []
    let size = 0
    for (;;) {
      let part: ReadableStreamReadResult<Uint8Array>
      try {
        part = await reader.read()
      } catch {
        return { ok: false, error: controller.signal.aborted ? timedOut() : t('fetchCutOff') }
      }
      if (part.done) break
      size += part.value.byteLength
      if (size > MAX_REGISTRY_BYTES) {
        controller.abort()
        return { ok: false, error: t('fetchTooLarge') }
      }
      chunks.push(part.value)
    }
    const bytes = new Uint8Array(size)
    let at = 0
    for (const c of chunks) {
      bytes.set(c, at)
      at += c.byteLength
    }
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
    return utf8Length(text) > MAX_REGISTRY_BYTES ? { ok: false, error: t('fetchTooLarge') } : { ok: true, text }
  } finally {
    clearTimeout(timer)
  }
}
