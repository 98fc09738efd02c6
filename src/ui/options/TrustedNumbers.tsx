// Numbers the user chose to trust (from the popup). They are never called "official": the
// badge says "trusted by you", and removing one here brings back the normal verdict.
import type { TrustedNumber } from '../../core/settings'
import { t } from '../shared/i18n'
import { formatDate } from './format'

interface Props {
  trusted: TrustedNumber[]
  save: (trusted: TrustedNumber[], done: string) => Promise<boolean>
}

/** "+44:08000480408"-style entries are national-only numbers: show them readably. */
function displayNumber(e164: string): string {
  const national = /^([A-Z]{2}):(.+)$/.exec(e164)
  return national ? `${national[2]} (${national[1]})` : e164
}

export function TrustedNumbers({ trusted, save }: Props) {
  return (
    <div class="stack">
      <p class="hint">{t('optionsTrustedHint')}</p>
      {trusted.length === 0 ? (
        <p class="empty">{t('optionsTrustedEmpty')}</p>
      ) : (
        <ul class="item-list" aria-label={t('optionsTrustedListLabel')} data-testid="trusted-numbers">
          {trusted.map((entry) => (
            <li key={entry.e164}>
              <span class="item-main">
                <span class="row">
                  <span class="mono">{displayNumber(entry.e164)}</span>
                  <span class="chip chip-trusted">{t('optionsTrustedChip')}</span>
                </span>
                <span class="hint">{t('optionsTrustedAdded', [formatDate(entry.added)])}</span>
              </span>
              <button
                type="button"
                class="button button-small button-danger"
                aria-label={t('optionsRemoveTrusted', [displayNumber(entry.e164)])}
                onClick={() => void save(trusted.filter((x) => x.e164 !== entry.e164), t('optionsNoLongerTrusted', [displayNumber(entry.e164)]))}
              >
                {t('optionsRemove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
