// What the extension pages show about the active registry, and the "no registry could be
// verified" status: shown by the background when verification failed and by the extension pages
// when the background gave no answer. Nothing is called official then.

/** What the popup and options page show about the active registry. */
export interface RegistryStatus {
  state: 'ok' | 'unavailable'
  version: number | null
  issued: string | null
  expires: string | null
  /** Past `expires`: still used, but the UI says the list is out of date. */
  expired: boolean
  keyid: string | null
  countries: number
  numbers: number
  source: 'bundled' | 'file' | 'url' | null
  /** Where a URL update came from. */
  sourceUrl: string | null
  lastAttempt: UpdateAttempt | null
  /** Why no registry is available (state 'unavailable'). */
  error: string | null
}

export interface UpdateAttempt {
  at: string
  ok: boolean
  /** One sentence: "Updated to version 3." / "Refused: the signature does not match." */
  message: string
  source: 'file' | 'url' | 'restore'
}

export function unavailableStatus(error: string, lastAttempt: UpdateAttempt | null = null): RegistryStatus {
  return {
    state: 'unavailable',
    version: null,
    issued: null,
    expires: null,
    expired: false,
    keyid: null,
    countries: 0,
    numbers: 0,
    source: null,
    sourceUrl: null,
    lastAttempt,
    error,
  }
}
