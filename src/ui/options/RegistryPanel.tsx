// The registry panel: what is in use, warnings when it is out of date or unavailable, and the
// three ways to change it (check the update addresses, import a file, restore the bundled one).
// Every action ends by asking the background for the status again, so a refusal never leaves a
// stale or optimistic version on screen.
import { useState } from 'preact/hooks'
import type { RegistryStatus, UpdateResult } from '../../messages'
import { request } from '../shared/api'
import { t } from '../shared/i18n'
import { CheckOption } from './CheckOption'
import type { SaveSettings } from './OptionsPage'
import { formatDate } from './format'
import { ImportDropZone } from './ImportDropZone'
import { CALLOUT_CLASS, messageFor, type ActionMessage } from './outcome'
import { requestHostAccess } from './permissions'
import { readRegistryFile } from './read-registry-file'
import { RegistryStatusList } from './RegistryStatusList'
import { UpdateAddresses, acceptedUrls, parseUrlList } from './UpdateAddresses'

interface Props {
  status: RegistryStatus
  updateUrls: string[]
  autoUpdate: boolean
  onStatus: (status: RegistryStatus) => void
  saveSettings: SaveSettings
}

type Action = 'check' | 'import' | 'restore'

export function RegistryPanel({ status, updateUrls, autoUpdate, onStatus, saveSettings }: Props) {
  const [busy, setBusy] = useState<Action | null>(null)
  const [message, setMessage] = useState<ActionMessage | null>(null)
  const [urlText, setUrlText] = useState(updateUrls.join('\n'))
  const [urlNote, setUrlNote] = useState<ActionMessage | null>(null)
  // Counts finished actions; browser tests wait for it instead of sleeping.
  const [finished, setFinished] = useState(0)

  const unavailable = status.state === 'unavailable'
  const urgent = unavailable || status.expired

  async function run(action: Action, work: () => Promise<UpdateResult | ActionMessage>): Promise<void> {
    setBusy(action)
    setMessage(null)
    try {
      const result = await work()
      if ('status' in result) {
        onStatus(result.status)
        setMessage(messageFor(result))
      } else {
        setMessage(result)
      }
    } catch (error) {
      setMessage({ outcome: 'refused', text: (error as Error).message })
    }
    try {
      onStatus(await request({ type: 'registry-status' }))
    } catch {
      // Keep the status the action answered with; the message above says what went wrong.
    }
    setBusy(null)
    setFinished((n) => n + 1)
  }

  /** Saves the address list; says which entries were dropped. Returns the saved list. */
  async function saveUrls(text: string): Promise<string[]> {
    const wanted = parseUrlList(text)
    const saved = (await saveSettings({ updateUrls: wanted })).updateUrls
    setUrlText(saved.join('\n'))
    const dropped = wanted.filter((url) => !saved.includes(url))
    setUrlNote(
      dropped.length > 0
        ? {
            outcome: 'refused',
            text: t('optionsUrlsRefused', [dropped.join(', ')]),
          }
        : { outcome: 'ok', text: t(saved.length === 0 ? 'optionsUrlsSavedNone' : 'optionsUrlsSaved') },
    )
    return saved
  }

  function onCheck(): void {
    // Ask for host access first, synchronously, while the click still counts as a user gesture.
    const wanted = parseUrlList(urlText)
    const access = requestHostAccess(acceptedUrls(wanted))
    void run('check', async () => {
      if (wanted.join('\n') !== updateUrls.join('\n')) await saveUrls(urlText)
      const granted = await access
      const result = await request({ type: 'registry-fetch' })
      if (granted === false && !result.ok) {
        return { ...result, message: t('optionsNoHostAccess', [result.message]) }
      }
      return result
    })
  }

  function onDaily(on: boolean): void {
    // The daily check reaches the saved addresses: ask for access now, inside the click.
    const access = on ? requestHostAccess(updateUrls) : Promise.resolve(null)
    void (async () => {
      try {
        await saveSettings({ autoUpdate: on })
        const granted = await access
        setUrlNote({
          outcome: on && granted === false ? 'refused' : 'ok',
          text: on ? t(granted === false ? 'optionsDailyOnNoAccess' : 'optionsDailyOn') : t('optionsDailyOff'),
        })
      } catch (error) {
        setUrlNote({ outcome: 'refused', text: (error as Error).message })
      }
    })()
  }

  function onFile(file: File): void {
    void run('import', async () => {
      const read = await readRegistryFile(file)
      if (!read.ok) return { outcome: 'refused', text: read.message }
      return request({ type: 'registry-import', text: read.text })
    })
  }

  function onRestore(): void {
    void run('restore', () => request({ type: 'registry-restore' }))
  }

  return (
    <section class="panel" aria-labelledby="registry-heading">
      <h2 id="registry-heading">{t('optionsRegistryHeading')}</h2>

      {unavailable && (
        <div class="callout callout-error" data-alert="unavailable">
          <p class="callout-title">{t('optionsUnavailableTitle')}</p>
          <p>{t('optionsUnavailableBody')}</p>
          {status.error && <p class="mono">{status.error}</p>}
        </div>
      )}
      {!unavailable && status.expired && (
        <div class="callout callout-warning" data-alert="expired">
          <p class="callout-title">{t('optionsExpiredTitle')}</p>
          <p>{t('optionsExpiredBody', [formatDate(status.expires)])}</p>
        </div>
      )}

      <RegistryStatusList status={status} shownMessage={message?.text ?? null} />

      <div class="live" role="status" aria-live="polite" data-testid="registry-message" data-finished={finished}>
        {message && (
          <div class={CALLOUT_CLASS[message.outcome]} data-outcome={message.outcome}>
            <p>{message.text}</p>
          </div>
        )}
      </div>

      <div class="section">
        <h3>{t('optionsUpdatesHeading')}</h3>
        <UpdateAddresses
          text={urlText}
          onText={(text) => {
            setUrlText(text)
            setUrlNote(null)
          }}
          onSave={() => void saveUrls(urlText).catch((error: unknown) => setUrlNote({ outcome: 'refused', text: (error as Error).message }))}
          note={urlNote}
          disabled={busy !== null}
        >
          <button type="button" class={`button ${urgent ? 'button-urgent' : 'button-primary'}`} onClick={onCheck} disabled={busy !== null} aria-busy={busy === 'check'}>
            {t(busy === 'check' ? 'optionsChecking' : 'optionsCheckButton')}
          </button>
        </UpdateAddresses>
        <CheckOption
          id="daily-update"
          label={t('optionsDailyLabel')}
          hint={t(updateUrls.length === 0 ? 'optionsDailyHintNoUrls' : 'optionsDailyHint')}
          checked={autoUpdate}
          disabled={updateUrls.length === 0 && !autoUpdate}
          onChange={onDaily}
        />
      </div>

      <div class="section">
        <h3>{t('optionsImportHeading')}</h3>
        <ImportDropZone onFile={onFile} disabled={busy !== null} />
      </div>

      <div class="section">
        <h3>{t('optionsRestoreHeading')}</h3>
        <p class="hint">{t('optionsRestoreHint')}</p>
        <div class="row">
          <button type="button" class="button" onClick={onRestore} disabled={busy !== null} aria-busy={busy === 'restore'}>
            {t('optionsRestoreButton')}
          </button>
        </div>
      </div>
    </section>
  )
}
