import type { ComponentChildren } from 'preact'
// "Check a number": the user types or pastes a number; the background judges it against the
// verified registry. Also runs on open when the context menu passed `?check=<text>`.
import { useEffect, useRef, useState } from 'preact/hooks'
import type { CheckResponse } from '../../messages'
import { withNumber } from '../../core/report'
import type { CheckResult } from '../../core/check'
import type { NumberSummary } from '../../core/verdict'
import { SUPPORT_URL, VERDICT_WORDS, withVanity } from '../../core/verdict-words'
import { request } from '../shared/api'
import { t, tNodes, tService } from '../shared/i18n'

type Outcome = { input: string } & (
  | { kind: 'response'; response: CheckResponse }
  | { kind: 'empty' }
  | { kind: 'error'; message: string }
)

// Reasons the headline and message already say; the others (retired, premium-rate…) are shown.
// The country the number was read in gets a line of its own (ReadAs).
const SAID_ALREADY = new Set(['official', 'not-listed', 'lookalike', 'toll-free-twin', 'unconfirmed', 'country'])

function SupportLink() {
  return (
    <p>
      <a href={SUPPORT_URL} target="_blank" rel="noopener noreferrer">
        {t('popupSupportLink')}
      </a>
    </p>
  )
}

/** "Read as a number in Germany": which country's rules the digits were read by, and whether TrueDial assumed it. */
function ReadAs({ result }: { result: CheckResult }) {
  const country = result.reasons.find((x) => x.code === 'country')
  return country ? <p class="read-as">{country.text}</p> : null
}

function Alternatives({ list }: { list: NumberSummary[] }) {
  if (list.length === 0) return null
  return (
    <>
      <p class="list-title">{t('popupAlternativesFor', [list[0]!.countryName])}</p>
      <ul class="numbers">
        {list.map((a) => (
          <li key={a.e164 ?? a.display}>
            <strong>{withVanity(a)}</strong> · {tService(a.service)}
          </li>
        ))}
      </ul>
    </>
  )
}

function Result({ outcome }: { outcome: Outcome }) {
  if (outcome.kind === 'empty') {
    return (
      <div class="result result-neutral" data-testid="check-result" data-input={outcome.input} data-verdict="invalid">
        <p>{t('checkEmpty')}</p>
      </div>
    )
  }
  if (outcome.kind === 'error') {
    return (
      <div class="result result-neutral" data-testid="check-result" data-input={outcome.input} data-verdict="error">
        <p>{t('popupCheckError', [outcome.message])}</p>
      </div>
    )
  }
  const { result: r, unavailable, report } = outcome.response
  if (!r) {
    return (
      <div class="result result-bad" data-testid="check-result" data-input={outcome.input} data-verdict="unavailable">
        <p class="result-title">{t('popupUnavailable')}</p>
        {unavailable && <p>{unavailable}</p>}
      </div>
    )
  }
  const notes = r.reasons.filter((x) => !SAID_ALREADY.has(x.code))
  const reportLinks = report && (r.verdict === 'not-official' || r.verdict === 'lookalike') && (
    <div class="row actions">
      <a class="button button-small" href={withNumber(report, r.display || r.input)}>
        {t('reportButton')}
      </a>
      {report.fraudSite && /^https:\/\//.test(report.fraudSite.url) && (
        <a class="fraud-link" href={report.fraudSite.url} target="_blank" rel="noopener noreferrer">
          {t('reportTo', [report.fraudSite.name])}
        </a>
      )}
    </div>
  )
  const card = (verdict: string, tone: string, icon: string, title: string, body: ComponentChildren) => (
    <div class={`result result-${tone}`} data-testid="check-result" data-input={outcome.input} data-verdict={verdict}>
      <p class="result-title">
        <span aria-hidden="true">{icon} </span>
        {title}
      </p>
      <p>{r.message}</p>
      <ReadAs result={r} />
      {body}
    </div>
  )
  const notesList = notes.length > 0 && <Notes notes={notes.map((n) => n.text)} />
  switch (r.verdict) {
    case 'official':
      return card(
        'official',
        'good',
        VERDICT_WORDS.official.icon,
        t('popupCheckOfficialTitle'),
        <>
          <ul class="numbers">
            {r.official.map((o) => (
              <li key={`${o.country}${o.service}`}>
                {o.countryName} · {tService(o.service)}
                {o.hours ? ` · ${o.hours}` : ''}
              </li>
            ))}
          </ul>
          {notesList}
        </>,
      )
    case 'not-official':
    case 'unconfirmed':
      // Unconfirmed is neutral: not on a list TrueDial knows to be incomplete. Not a warning, so no Report.
      return card(
        r.verdict,
        r.verdict === 'unconfirmed' ? 'info' : 'bad',
        VERDICT_WORDS[r.verdict === 'unconfirmed' ? 'unconfirmed' : 'spoofed'].icon,
        t(r.verdict === 'unconfirmed' ? 'popupCheckUnconfirmedTitle' : 'popupCheckNotListedTitle'),
        <>
          {notesList}
          <Alternatives list={r.alternatives} />
          <SupportLink />
          {reportLinks}
        </>,
      )
    case 'lookalike':
      return card(
        'lookalike',
        'bad',
        VERDICT_WORDS.lookalike.icon,
        t('popupCheckLookalikeTitle'),
        <>
          {r.imitates && (
            <p>
              {tNodes('popupRealNumber', [<strong>{withVanity(r.imitates)}</strong>])} · {r.imitates.countryName} · {tService(r.imitates.service)}
            </p>
          )}
          {notesList}
          <SupportLink />
          {reportLinks}
        </>,
      )
    default:
      return (
        <div class="result result-neutral" data-testid="check-result" data-input={outcome.input} data-verdict="invalid">
          <p>{r.message}</p>
        </div>
      )
  }
}

function Notes({ notes }: { notes: string[] }) {
  return (
    <ul class="notes">
      {notes.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  )
}

export function CheckNumber({ initial }: { initial: string | null }) {
  const [input, setInput] = useState(initial ?? '')
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const [busy, setBusy] = useState(false)
  const latest = useRef(0)

  const run = async (text: string): Promise<void> => {
    const id = ++latest.current
    if (text.trim() === '') {
      setOutcome({ kind: 'empty', input: text })
      setBusy(false)
      return
    }
    setBusy(true)
    let next: Outcome
    try {
      next = { kind: 'response', input: text, response: await request({ type: 'check', input: text }) }
    } catch (e) {
      next = { kind: 'error', input: text, message: (e as Error).message }
    }
    // A slower answer to an older question must not replace the newer one.
    if (id !== latest.current) return
    setOutcome(next)
    setBusy(false)
  }

  useEffect(() => {
    if (initial !== null) void run(initial)
  }, [])

  return (
    <section class="block" aria-labelledby="check-heading">
      <h2 id="check-heading">{t('popupCheckHeading')}</h2>
      <form
        class="check-form"
        onSubmit={(e) => {
          e.preventDefault()
          void run(input)
        }}
      >
        <label for="check-input" class="check-label">
          {t('popupCheckLabel')}
        </label>
        <input
          id="check-input"
          data-testid="check-input"
          type="text"
          inputMode="tel"
          autoComplete="off"
          spellcheck={false}
          maxLength={200}
          placeholder={t('popupCheckPlaceholder')}
          value={input}
          onInput={(e) => setInput(e.currentTarget.value)}
        />
        <button type="submit" class="button button-primary" data-testid="check-button" disabled={busy}>
          {t('popupCheckButton')}
        </button>
      </form>
      <div class="live" aria-live="polite">
        {outcome && <Result outcome={outcome} />}
      </div>
    </section>
  )
}
