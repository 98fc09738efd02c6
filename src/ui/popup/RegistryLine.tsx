// The header's one line about the official list, or why it cannot be trusted right now.
import type { RegistryStatus } from '../../messages'
import { t, tCount, tNodes } from '../shared/i18n'
import { OPTIONS_HREF, openOptions } from './open-options'

export function RegistryLine({ status }: { status: RegistryStatus }) {
  if (status.state === 'unavailable') {
    return (
      <div class="callout callout-error" role="alert">
        <p class="callout-title">{t('popupUnavailable')}</p>
        {status.error && <p>{status.error}</p>}
        <p>
          {tNodes('popupOpenSettingsToFix', [
            <a href={OPTIONS_HREF} onClick={openOptions}>
              {t('popupOpenSettings')}
            </a>,
          ])}
        </p>
      </div>
    )
  }
  return (
    <>
      <p class="hint registry-line">
        {t('popupRegistryLine', [
          String(status.version),
          tCount('popupNumbersOne', 'popupNumbersOther', status.numbers),
          tCount('countCountriesOne', 'countCountriesOther', status.countries),
        ])}
      </p>
      {status.expired && (
        <p class="callout callout-warning" role="status">
          <span>
            <span aria-hidden="true">⚠ </span>
            {tNodes('popupOutOfDate', [
              <a href={OPTIONS_HREF} onClick={openOptions}>
                {t('popupUpdateInSettings')}
              </a>,
            ])}
          </span>
        </p>
      )}
    </>
  )
}
