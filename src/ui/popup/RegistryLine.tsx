// The header's one line about the official list, or why it cannot be trusted right now.
import type { RegistryStatus } from '../../messages'
import { OPTIONS_HREF, openOptions } from './open-options'

export function RegistryLine({ status }: { status: RegistryStatus }) {
  if (status.state === 'unavailable') {
    return (
      <div class="callout callout-error" role="alert">
        <p class="callout-title">The official list could not be verified: numbers cannot be checked.</p>
        {status.error && <p>{status.error}</p>}
        <p>
          <a href={OPTIONS_HREF} onClick={openOptions}>
            Open Settings
          </a>{' '}
          to restore or update it.
        </p>
      </div>
    )
  }
  return (
    <>
      <p class="hint registry-line">
        Official list v{status.version} · {status.numbers} numbers in {status.countries} countries
      </p>
      {status.expired && (
        <p class="callout callout-warning" role="status">
          <span>
            <span aria-hidden="true">⚠ </span>The official list is out of date —{' '}
            <a href={OPTIONS_HREF} onClick={openOptions}>
              update it in Settings
            </a>
          </span>
        </p>
      )}
    </>
  )
}
