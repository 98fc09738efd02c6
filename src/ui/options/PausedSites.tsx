// Sites where TrueDial does nothing: a list with Remove buttons and a field to add one.
import { useState } from 'preact/hooks'
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
      setError(draft.trim() === '' ? 'Type a site address first.' : `“${draft.trim()}” is not a site address. Try something like example.com.`)
      return
    }
    if (sites.includes(host)) {
      setError(`${host} is already paused.`)
      return
    }
    setError(null)
    if (await save([...sites, host], `Paused on ${host}.`)) setDraft('')
  }

  return (
    <div class="stack">
      <p class="hint">TrueDial does not look at pages on these sites (or their subdomains).</p>
      {sites.length === 0 ? (
        <p class="empty">No paused sites.</p>
      ) : (
        <ul class="item-list" aria-label="Paused sites" data-testid="paused-sites">
          {sites.map((site) => (
            <li key={site}>
              <span class="item-main mono">{site}</span>
              <button
                type="button"
                class="button button-small button-danger"
                aria-label={`Remove ${site}`}
                onClick={() => void save(sites.filter((s) => s !== site), `TrueDial is active on ${site} again.`)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="row" onSubmit={(e) => void add(e)} noValidate>
        <label for="paused-site" class="visually-hidden">
          Site to pause
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
          Pause on this site
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
