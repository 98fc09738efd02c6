// The options page: the registry in use (and how to update it), then the user's settings.
// All data comes from the background through request(); nothing here reads storage.
import { useCallback, useEffect, useState } from 'preact/hooks'
import type { RegistryStatus } from '../../messages'
import type { Settings } from '../../core/settings'
import { request } from '../shared/api'
import { t } from '../shared/i18n'
import { RegistryPanel } from './RegistryPanel'
import { SettingsPanel } from './SettingsPanel'
import { unavailableStatus } from '../../core/registry-status'

export type SaveSettings = (changes: Partial<Settings>) => Promise<Settings>

export function OptionsPage() {
  const [status, setStatus] = useState<RegistryStatus | null>(null)
  const [settings, setSettings] = useState<Settings | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)

  useEffect(() => {
    // Loaded separately: the settings stay usable even when the registry status cannot be read.
    request({ type: 'registry-status' }).then(setStatus, (error: unknown) => setStatus(unavailableStatus((error as Error).message)))
    request({ type: 'settings-get' }).then(setSettings, (error: unknown) => setLoadError((error as Error).message))
  }, [])

  const saveSettings: SaveSettings = useCallback(async (changes) => {
    const next = await request({ type: 'settings-set', changes })
    setSettings(next)
    return next
  }, [])

  // The panel reads its update addresses from the settings once, so it waits for them.
  const ready = status !== null && (settings !== null || loadError !== null)
  return (
    <main class="page" aria-busy={!ready}>
      <header class="page-header">
        <h1>{t('optionsTitle')}</h1>
        <p class="hint">{t('optionsIntro')}</p>
      </header>
      {loadError && (
        <div class="callout callout-error" role="alert">
          <p class="callout-title">{t('optionsLoadError')}</p>
          <p>{loadError}</p>
        </div>
      )}
      {ready && <RegistryPanel status={status} updateUrls={settings?.updateUrls ?? []} autoUpdate={settings?.autoUpdate ?? false} onStatus={setStatus} saveSettings={saveSettings} />}
      {ready && settings && <SettingsPanel settings={settings} saveSettings={saveSettings} />}
      {!ready && <p class="hint">{t('optionsLoading')}</p>}
    </main>
  )
}
