// One number TrueDial found on the page, with what the user can do about it.
import { useState } from 'preact/hooks'
import type { TabFinding } from '../../messages'
import { reportMailto } from './report-mail'
import { VerdictLabel } from './VerdictLabel'

interface Props {
  finding: TabFinding
  onTrust: (finding: TabFinding) => Promise<void>
}

export function numberText(f: TabFinding): string {
  return f.verdict === 'mismatch' ? `shows ${f.shownDisplay ?? f.text}, dials ${f.display}` : f.display
}

export function FindingItem({ finding: f, onTrust }: Props) {
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const official = f.verdict === 'official'
  const alt = official ? undefined : f.alternatives[0]
  const canReport = !official && f.verdict !== 'trusted'
  // A link that dials another number than it shows is never "trusted" (the background ignores it).
  const canTrust = (f.verdict === 'spoofed' || f.verdict === 'lookalike') && f.e164 !== null
  const reported = f.verdict === 'mismatch' ? `${f.display} (the link shows ${f.shownDisplay ?? f.text})` : f.display

  const trust = async (): Promise<void> => {
    try {
      await onTrust(f)
      setConfirming(false)
    } catch (e) {
      setError((e as Error).message)
    }
  }

  return (
    <li class={`finding finding-${f.verdict}`}>
      <div class="finding-head">
        <VerdictLabel verdict={f.verdict} />
        <span class="number">{numberText(f)}</span>
      </div>
      {f.verdict === 'trusted' ? (
        <p class="hint">You trusted this number. It is not on Apple’s official list; the page’s badge changes when you reload it.</p>
      ) : (
        <p class="reason">{f.reason}</p>
      )}
      {alt && (
        <p class="alt">
          Apple’s number: <strong>{alt.display}</strong> · {alt.service}
          {alt.countryName ? `, ${alt.countryName}` : ''}
        </p>
      )}
      {(canReport || canTrust) && !confirming && (
        <div class="row actions">
          {canReport && (
            <a class="button button-small" href={reportMailto(f.pageUrl, reported)}>
              Report
            </a>
          )}
          {canTrust && (
            <button type="button" class="button button-small" onClick={() => setConfirming(true)}>
              Trust this number
            </button>
          )}
        </div>
      )}
      {confirming && (
        <div class="confirm" role="group" aria-label="Trust this number?">
          <p>
            Stop flagging <strong>{f.display}</strong>? Only trust a number you know, such as your repair shop. Apple’s own numbers never need trusting.
          </p>
          <div class="row">
            <button type="button" class="button button-small button-primary" onClick={() => void trust()}>
              Trust it
            </button>
            <button type="button" class="button button-small" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {error && (
        <p class="inline-message" role="alert">
          Could not save: {error}
        </p>
      )}
    </li>
  )
}
