// The editable list of update addresses (mirrors, tried in order), one per line.
import { sanitizeChanges } from '../../core/settings'
import type { ComponentChildren } from 'preact'
import { t } from '../shared/i18n'
import type { ActionMessage } from './outcome'

export function parseUrlList(text: string): string[] {
  return [...new Set(text.split('\n').map((line) => line.trim()).filter((line) => line.length > 0))]
}

/** The entries the background will keep (the same rule it applies when saving). */
export function acceptedUrls(urls: string[]): string[] {
  return sanitizeChanges({ updateUrls: urls }).updateUrls ?? []
}

interface Props {
  text: string
  onText: (text: string) => void
  onSave: () => void
  note: ActionMessage | null
  disabled: boolean
}

/** The address field and its Save button; the panel puts "Check for updates" first in the row. */
export function UpdateAddresses({ text, onText, onSave, note, disabled, children }: Props & { children?: ComponentChildren }) {
  return (
    <div class="stack">
      <div class="field">
        <label for="update-urls">{t('optionsUrlsLabel')}</label>
        <textarea
          id="update-urls"
          rows={2}
          spellcheck={false}
          autocomplete="off"
          placeholder="https://example.org/truedial/registry.signed.json"
          aria-describedby="update-urls-hint"
          value={text}
          onInput={(e) => onText(e.currentTarget.value)}
        />
        <p id="update-urls-hint" class="hint">
          {t('optionsUrlsHint')}
        </p>
      </div>
      <div class="row">
        {children}
        <button type="button" class="button" onClick={onSave} disabled={disabled}>
          {t('optionsSaveUrls')}
        </button>
        <span class="live" role="status" aria-live="polite" data-testid="update-urls-message">
          {note && (
            <span class="inline-message" data-outcome={note.outcome}>
              {note.text}
            </span>
          )}
        </span>
      </div>
    </div>
  )
}
