// One number TrueDial found on the page, with what the user can do about it.
import { useState } from 'preact/hooks'
import type { TabFinding } from '../../messages'
import { TRUSTABLE } from '../../core/verdict-words'
import { reportMailto } from '../../core/report'
import { t, tNodes, tService } from '../shared/i18n'
import { VerdictLabel } from './VerdictLabel'

interface Props {
  finding: TabFinding
  onTrust: (finding: TabFinding) => Promise<void>
}

export function numberText(f: TabFinding): string {
  return f.verdict === 'mismatch' ? t('popupMismatchNumber', [f.shownDisplay ?? f.text, f.display]) : f.display
}

export function FindingItem({ finding: f, onTrust }: Props) {
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const official = f.verdict === 'official'
  const alt = official ? undefined : f.alternatives[0]
  // Report tells Apple the number is fake: warnings only, not a number TrueDial cannot confirm.
  const canReport = !official && f.verdict !== 'trusted' && f.verdict !== 'unconfirmed'
  // A link that dials another number than it shows is never "trusted" (the background ignores it).
  const canTrust = TRUSTABLE.has(f.verdict) && f.e164 !== null
  // The mail goes to Apple's phishing team in English, like the rest of its body (core/report.ts).
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
        <p class="hint">{t('popupTrustedHint')}</p>
      ) : (
        <p class="reason">{f.reason}</p>
      )}
      {alt && (
        <p class="alt">
          {tNodes('popupAppleNumber', [<strong>{alt.display}</strong>])} ·{' '}
          {alt.countryName ? t('popupServiceCountry', [tService(alt.service), alt.countryName]) : tService(alt.service)}
        </p>
      )}
      {(canReport || canTrust) && !confirming && (
        <div class="row actions">
          {canReport && (
            <a class="button button-small" href={reportMailto(f.pageUrl, reported)}>
              {t('reportButton')}
            </a>
          )}
          {canTrust && (
            <button type="button" class="button button-small" onClick={() => setConfirming(true)}>
              {t('popupTrustButton')}
            </button>
          )}
        </div>
      )}
      {confirming && (
        <div class="confirm" role="group" aria-label={t('popupTrustConfirmLabel')}>
          <p>{tNodes('popupTrustConfirm', [<strong>{f.display}</strong>])}</p>
          <div class="row">
            <button type="button" class="button button-small button-primary" onClick={() => void trust()}>
              {t('popupTrustIt')}
            </button>
            <button type="button" class="button button-small" onClick={() => setConfirming(false)}>
              {t('popupCancel')}
            </button>
          </div>
        </div>
      )}
      {error && (
        <p class="inline-message" role="alert">
          {t('popupSaveError', [error])}
        </p>
      )}
    </li>
  )
}
