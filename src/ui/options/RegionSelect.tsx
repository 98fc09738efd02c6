// Region for numbers printed without a country code: from the browser, or a chosen country.
import { t } from '../shared/i18n'
import { countries } from './countries'

interface Props {
  value: string | null
  onChange: (region: string | null) => void
}

const FROM_BROWSER = ''

export function RegionSelect({ value, onChange }: Props) {
  const list = countries(value ? [value] : [])
  return (
    <div class="field">
      <label for="region">{t('optionsRegionLabel')}</label>
      <select
        id="region"
        value={value ?? FROM_BROWSER}
        aria-describedby="region-hint"
        onChange={(e) => {
          const v = e.currentTarget.value
          onChange(v === FROM_BROWSER ? null : v)
        }}
      >
        <option value={FROM_BROWSER}>{t('optionsRegionFromBrowser', [navigator.language])}</option>
        {list.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name} ({c.code})
          </option>
        ))}
      </select>
      <p id="region-hint" class="hint">
        {t('optionsRegionHint')}
      </p>
    </div>
  )
}
