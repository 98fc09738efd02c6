// Region for numbers printed without a country code: from the browser, or a chosen country.
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
      <label for="region">Read numbers without a country code as numbers from</label>
      <select
        id="region"
        value={value ?? FROM_BROWSER}
        aria-describedby="region-hint"
        onChange={(e) => {
          const v = e.currentTarget.value
          onChange(v === FROM_BROWSER ? null : v)
        }}
      >
        <option value={FROM_BROWSER}>From the browser ({navigator.language})</option>
        {list.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name} ({c.code})
          </option>
        ))}
      </select>
      <p id="region-hint" class="hint">
        For numbers like “0800 048 0408” on pages that do not say which country they are for. “From the browser” uses the site’s country or your browser’s language.
      </p>
    </div>
  )
}
