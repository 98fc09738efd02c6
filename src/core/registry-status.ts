// The "no registry could be verified" status: shown by the background when verification failed
// and by the extension pages when the background gave no answer. Nothing is called official.
import type { RegistryStatus, UpdateAttempt } from '../messages'

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
