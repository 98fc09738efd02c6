// What the active registry is: version, dates, key, size, origin, and the last update attempt.
import type { RegistryStatus } from '../../messages'
import { t, tCount, tNodes } from '../shared/i18n'
import { attemptKind, formatDate, formatDateTime, sourceLabel } from './format'

interface Props {
  status: RegistryStatus
  /** The message already shown for the action just taken: not repeated under "Last update attempt". */
  shownMessage: string | null
}

export function RegistryStatusList({ status, shownMessage }: Props) {
  const attempt = status.lastAttempt
  return (
    <dl class="status-list" aria-label={t('optionsStatusLabel')}>
      <dt>{t('optionsVersion')}</dt>
      <dd data-status="version">{status.version ?? t('optionsVersionNone')}</dd>

      {status.state === 'ok' && (
        <>
          <dt>{t('optionsIssued')}</dt>
          <dd data-status="issued">
            <time dateTime={status.issued ?? undefined}>{formatDate(status.issued)}</time>
          </dd>

          <dt>{t('optionsExpires')}</dt>
          <dd data-status="expires">
            <time dateTime={status.expires ?? undefined}>{formatDate(status.expires)}</time>
            {status.expired && (
              <>
                {' '}
                <span class="chip chip-refused">{t('optionsOutOfDateChip')}</span>
              </>
            )}
          </dd>

          <dt>{t('optionsSignedWith')}</dt>
          <dd>
            <code data-status="keyid">{status.keyid}</code>
          </dd>

          <dt>{t('optionsContents')}</dt>
          <dd>
            {tNodes('optionsContentsValue', [
              <span data-status="numbers">{tCount('optionsNumbersOne', 'optionsNumbersOther', status.numbers)}</span>,
              <span data-status="countries">{tCount('countCountriesOne', 'countCountriesOther', status.countries)}</span>,
            ])}
          </dd>

          <dt>{t('optionsCameFrom')}</dt>
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

      <dt>{t('optionsLastAttempt')}</dt>
      <dd data-status="last-attempt">
        {attempt ? (
          <div class="stack">
            <span class="row">
              <time dateTime={attempt.at}>{formatDateTime(attempt.at)}</time>
              <span class="hint">{attemptKind(attempt)}</span>
              <span class={`chip ${attempt.ok ? 'chip-ok' : 'chip-refused'}`}>
                {t(attempt.ok ? (attempt.source === 'restore' ? 'optionsAttemptRestored' : 'optionsAttemptInstalled') : 'optionsAttemptNotInstalled')}
              </span>
            </span>
            {attempt.message !== shownMessage && <span>{attempt.message}</span>}
          </div>
        ) : (
          t('optionsNoneYet')
        )}
      </dd>
    </dl>
  )
}
