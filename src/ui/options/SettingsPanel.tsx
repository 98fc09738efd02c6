// The user's settings. Each control saves as soon as it changes (settings-set) and shows the
// stored value the background answers with, so what is on screen is what is saved.
import { useState } from 'preact/hooks'
import type { Settings } from '../../core/settings'
import { t } from '../shared/i18n'
import { CheckOption } from './CheckOption'
import type { SaveSettings } from './OptionsPage'
import { PausedSites } from './PausedSites'
import { RegionSelect } from './RegionSelect'
import { TrustedNumbers } from './TrustedNumbers'

interface Props {
  settings: Settings
  saveSettings: SaveSettings
}

export function SettingsPanel({ settings, saveSettings }: Props) {
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null)

  async function save(changes: Partial<Settings>, done: string): Promise<boolean> {
    try {
      await saveSettings(changes)
      setNote({ ok: true, text: done })
      return true
    } catch (error) {
      setNote({ ok: false, text: t('optionsSaveError', [(error as Error).message]) })
      return false
    }
  }

  return (
    <section class="panel" aria-labelledby="settings-heading">
      <div class="row row-spread">
        <h2 id="settings-heading">{t('optionsSettingsHeading')}</h2>
        <span class="live" role="status" aria-live="polite" data-testid="settings-message">
          {note && (
            <span class="inline-message" data-outcome={note.ok ? 'ok' : 'refused'}>
              {note.text}
            </span>
          )}
        </span>
      </div>

      <fieldset>
        <legend>{t('optionsBadgesLegend')}</legend>
        <CheckOption
          id="show-official"
          label={t('optionsShowOfficial')}
          hint={t('optionsShowOfficialHint')}
          checked={settings.showOfficial}
          onChange={(on) => void save({ showOfficial: on }, t(on ? 'optionsGreenOn' : 'optionsGreenOff'))}
        />
        <CheckOption
          id="show-official-apple"
          nested
          label={t('optionsShowOfficialOnApple')}
          hint={t('optionsShowOfficialOnAppleHint')}
          checked={settings.showOfficial && settings.showOfficialOnApple}
          disabled={!settings.showOfficial}
          onChange={(on) => void save({ showOfficialOnApple: on }, t(on ? 'optionsGreenAppleOn' : 'optionsGreenAppleOff'))}
        />
      </fieldset>

      <fieldset>
        <legend>{t('optionsRegionLegend')}</legend>
        <RegionSelect value={settings.region} onChange={(region) => void save({ region }, t('optionsRegionSaved'))} />
      </fieldset>

      <fieldset>
        <legend>{t('optionsPausedLegend')}</legend>
        <PausedSites sites={settings.pausedSites} save={(pausedSites, done) => save({ pausedSites }, done)} />
      </fieldset>

      <fieldset>
        <legend>{t('optionsTrustedLegend')}</legend>
        <TrustedNumbers trusted={settings.trusted} save={(trusted, done) => save({ trusted }, done)} />
      </fieldset>
    </section>
  )
}
