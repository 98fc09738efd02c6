// Sites where TrueDial does nothing: a list with Remove buttons and a field to add one.
import { useState } from 'preact/hooks'
import { t } from '../shared/i18n'
import { hostnameFrom } from './hostname'

interface Props {
  sites: string[]
  save: (sites: string[], done: string) => Promise<boolean>
}

export function PausedSites({ sites, save }: Props) {
  const [draft, setDraft] = useState('')
  const [error, setError] = useState<string | null>(null)

  async function add(e: Event): Promise<void> {
    e.preventDefault()
    const host = hostnameFrom(draft)
    if (!host) {
      setError(draft.trim() === '' ? t('optionsPausedTypeFirst') : t('optionsPausedInvalid', [draft.trim()]))
      return
    }
    if (sites.includes(host)) {
      setError(t('optionsPausedAlready', [host]))
      return
    }
    setError(null)
    if (await save([...sites, host], t('optionsPausedDone', [host]))) setDraft('')
  }

  return (
    <div class="stack">
      <p class="hint">{t('optionsPausedHint')}</p>
      {sites.length === 0 ? (
        <p class="empty">{t('optionsPausedEmpty')}</p>
      ) : (
        <ul class="item-list" aria-label={t('optionsPausedListLabel')} data-testid="paused-sites">
          {sites.map((site) => (
            <li key={site}>
              <span class="item-main mono">{site}</span>
              <button
                type="button"
                class="button button-small button-danger"
                aria-label={t('optionsRemoveSite', [site])}
                onClick={() => void save(sites.filter((s) => s !== site), t('optionsResumedSite', [site]))}
              >
                {t('optionsRemove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="row" onSubmit={(e) => void add(e)} noValidate>
        <label for="paused-site" class="visually-hidden">
          {t('optionsSiteToPause')}
        </label>
        <input
          id="paused-site"
          type="text"
          inputMode="url"
          autocomplete="off"
          spellcheck={false}
          placeholder="example.com"
          value={draft}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'paused-site-error' : undefined}
          onInput={(e) => {
            setDraft(e.currentTarget.value)
            setError(null)
          }}
        />
        <button type="submit" class="button">
          {t('optionsPauseButton')}
        </button>
      </form>
      {error && (
        <p id="paused-site-error" class="inline-message" data-outcome="refused" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
