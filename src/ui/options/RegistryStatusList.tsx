// What the active registry is: version, dates, key, size, origin, and the last update attempt.
import type { RegistryStatus } from '../../messages'
import { attemptKind, formatDate, formatDateTime, plural, sourceLabel } from './format'

interface Props {
  status: RegistryStatus
  /** The message already shown for the action just taken: not repeated under "Last update attempt". */
  shownMessage: string | null
}

export function RegistryStatusList({ status, shownMessage }: Props) {
  const attempt = status.lastAttempt
  return (
    <dl class="status-list" aria-label="Registry in use">
      <dt>Version</dt>
      <dd data-status="version">{status.version ?? 'None'}</dd>

      {status.state === 'ok' && (
        <>
          <dt>Issued</dt>
          <dd data-status="issued">
            <time dateTime={status.issued ?? undefined}>{formatDate(status.issued)}</time>
          </dd>

          <dt>Expires</dt>
          <dd data-status="expires">
            <time dateTime={status.expires ?? undefined}>{formatDate(status.expires)}</time>
            {status.expired && (
              <>
                {' '}
                <span class="chip chip-refused">out of date</span>
              </>
            )}
          </dd>

          <dt>Signed with key</dt>
          <dd>
            <code data-status="keyid">{status.keyid}</code>
          </dd>

          <dt>Contents</dt>
          <dd>
            <span data-status="numbers">{plural(status.numbers, 'official number', 'official numbers')}</span> in{' '}
            <span data-status="countries">{plural(status.countries, 'country', 'countries')}</span>
          </dd>

          <dt>Came from</dt>
          <dd data-status="source" data-source={status.source ?? ''}>
            {sourceLabel(status)}
            {status.source === 'url' && status.sourceUrl && (
              <>
                {' '}
                <code data-status="source-url">{status.sourceUrl}</code>
              </>
            )}
          </dd>
        </>
      )}

      <dt>Last update attempt</dt>
      <dd data-status="last-attempt">
        {attempt ? (
          <div class="stack">
            <span class="row">
              <time dateTime={attempt.at}>{formatDateTime(attempt.at)}</time>
              <span class="hint">({attemptKind(attempt)})</span>
              <span class={`chip ${attempt.ok ? 'chip-ok' : 'chip-refused'}`}>{attempt.ok ? (attempt.source === 'restore' ? 'restored' : 'installed') : 'not installed'}</span>
            </span>
            {attempt.message !== shownMessage && <span>{attempt.message}</span>}
          </div>
        ) : (
          'None yet'
        )}
      </dd>
    </dl>
  )
}
