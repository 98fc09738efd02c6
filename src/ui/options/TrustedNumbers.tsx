// Numbers the user chose to trust (from the popup). They are never called "official": the
// badge says "trusted by you", and removing one here brings back the normal verdict.
import type { TrustedNumber } from '../../core/settings'
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
      <p class="hint">
        Numbers you marked as trusted in the popup. TrueDial shows them as “trusted by you” — they are not on Apple’s official list.
      </p>
      {trusted.length === 0 ? (
        <p class="empty">You have not trusted any numbers.</p>
      ) : (
        <ul class="item-list" aria-label="Numbers you trust" data-testid="trusted-numbers">
          {trusted.map((t) => (
            <li key={t.e164}>
              <span class="item-main">
                <span class="row">
                  <span class="mono">{displayNumber(t.e164)}</span>
                  <span class="chip chip-trusted">trusted by you</span>
                </span>
                <span class="hint">
                  {t.label ? `${t.label} · ` : ''}added {formatDate(t.added)}
                </span>
              </span>
              <button
                type="button"
                class="button button-small button-danger"
                aria-label={`Remove ${displayNumber(t.e164)} from trusted numbers`}
                onClick={() => void save(trusted.filter((x) => x.e164 !== t.e164), `${displayNumber(t.e164)} is no longer trusted.`)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
