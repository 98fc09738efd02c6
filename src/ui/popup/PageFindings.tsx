// "On this page": the numbers the content script found in this tab, flagged ones first, or the
// paused / empty state, and the per-site pause switch.
import type { BadgeVerdict } from '../../core/verdict-words'
import type { TabFinding } from '../../messages'
import { t } from '../shared/i18n'
import { FindingItem } from './FindingItem'

interface Props {
  findings: TabFinding[]
  host: string | null
  paused: boolean
  pauseChanged: boolean
  onTrust: (finding: TabFinding) => Promise<void>
  onPause: (paused: boolean) => void
}

/**
 * Flagged first, then what TrueDial cannot confirm (neutral, not a warning), then what could not
 * be checked at all, then the user's own and Apple's numbers.
 */
const VERDICT_ORDER: Record<BadgeVerdict, number> = {
  spoofed: 0,
  lookalike: 0,
  mismatch: 0,
  unconfirmed: 1,
  unverified: 2,
  trusted: 3,
  official: 4,
}

/** The same number can arrive from several frames; the popup shows it once. */
function visible(findings: TabFinding[]): TabFinding[] {
  const seen = new Set<string>()
  const out: TabFinding[] = []
  for (const f of findings) {
    const key = `${f.verdict}|${f.e164 ?? f.text}|${f.shownDisplay ?? ''}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(f)
  }
  return out.sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict])
}

export function PageFindings({ findings, host, paused, pauseChanged, onTrust, onPause }: Props) {
  const list = visible(findings)
  return (
    <section class="block" aria-labelledby="page-heading">
      <h2 id="page-heading">{t('popupFindingsHeading')}</h2>
      {paused ? (
        <div class="callout callout-info">
          <p class="callout-title">{t('popupPaused')}</p>
          {host && <p class="hint">{host}</p>}
          <div class="row">
            <button type="button" class="button button-small button-primary" onClick={() => onPause(false)}>
              {t('popupResume')}
            </button>
          </div>
        </div>
      ) : list.length === 0 ? (
        <p class="empty-state">{t('popupNoFindings')}</p>
      ) : (
        <ul class="findings">
          {list.map((f) => (
            <FindingItem key={`${f.frameId}|${f.e164}|${f.text}`} finding={f} onTrust={onTrust} />
          ))}
        </ul>
      )}
      {pauseChanged && (
        <p class="hint" role="status">
          {t(paused ? 'popupReloadToRemove' : 'popupReloadToSee')}
        </p>
      )}
      {!paused && host && (
        <div class="row">
          <button type="button" class="button button-small quiet" onClick={() => onPause(true)} title={t('popupPauseTitle', [host])}>
            {t('popupPauseButton')}
          </button>
        </div>
      )}
    </section>
  )
}
