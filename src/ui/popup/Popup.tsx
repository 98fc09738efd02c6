// The toolbar popup: what TrueDial found on this tab (the truth a page cannot forge, unlike
// an in-page badge), the registry's state, and a box to check any number.
import { useEffect, useState } from 'preact/hooks'
import { isPaused } from '../../core/settings'
import type { TabFinding, TabFindingsResponse } from '../../messages'
import { request } from '../shared/api'
import { t } from '../shared/i18n'
import { CheckNumber } from './CheckNumber'
import { TRUSTABLE } from '../../core/verdict-words'
import { OPTIONS_HREF, openOptions } from './open-options'
import { withoutHost } from './pause'
import { isOwnPage, pausableHost, readParams, targetTabId } from './page-target'
import { PageFindings } from './PageFindings'
import { RegistryLine } from './RegistryLine'
import { ScamPageBanner } from './ScamPageBanner'

type PageState =
  | { kind: 'loading' }
  | { kind: 'ready'; data: TabFindingsResponse }
  | { kind: 'none' }
  | { kind: 'error'; message: string }

const today = (): string => new Date().toISOString().slice(0, 10)

export function Popup() {
  const [params] = useState(() => readParams(location.search))
  const [page, setPage] = useState<PageState>({ kind: 'loading' })
  const [pauseChanged, setPauseChanged] = useState(false)
  const [tabId, setTabId] = useState<number | null>(null)

  useEffect(() => {
    targetTabId(params)
      .then(async (tabId) => {
        if (tabId === null) return setPage({ kind: 'none' })
        setTabId(tabId)
        const [data, settings] = await Promise.all([request({ type: 'tab-findings', tabId }), request({ type: 'settings-get' })])
        // Without the "tabs" permission the background may not learn the tab's URL: it answers
        // with the top frame's address as its findings carry it (never a subframe's).
        const pageUrl = data.pageUrl
        const host = pausableHost(pageUrl)
        const paused = data.paused || (pageUrl !== null && host !== null && isPaused(settings, pageUrl))
        setPage({ kind: 'ready', data: { ...data, pageUrl, paused } })
      })
      .catch((e: unknown) => setPage({ kind: 'error', message: (e as Error).message }))
  }, [])

  const update = (fn: (d: TabFindingsResponse) => TabFindingsResponse): void =>
    setPage((p) => (p.kind === 'ready' ? { kind: 'ready', data: fn(p.data) } : p))

  const trust = async (f: TabFinding): Promise<void> => {
    if (!f.e164) return
    const settings = await request({ type: 'settings-get' })
    if (!settings.trusted.some((t) => t.e164 === f.e164)) {
      await request({ type: 'settings-set', changes: { trusted: [...settings.trusted, { e164: f.e164, added: today() }] } })
    }
    // Only numbers the page flagged or could not confirm become "trusted"; an official one stays official.
    update((d) => ({ ...d, findings: d.findings.map((x) => (x.e164 === f.e164 && TRUSTABLE.has(x.verdict) ? { ...x, verdict: 'trusted' } : x)) }))
  }

  const setPaused = (paused: boolean): void => {
    if (page.kind !== 'ready') return
    const pageUrl = page.data.pageUrl
    const host = pausableHost(pageUrl)
    if (!host || !pageUrl) return
    void (async () => {
      const settings = await request({ type: 'settings-get' })
      const pausedSites = paused ? [...settings.pausedSites.filter((s) => s !== host), host] : withoutHost(settings.pausedSites, host)
      const saved = await request({ type: 'settings-set', changes: { pausedSites } })
      update((d) => ({ ...d, paused: isPaused(saved, pageUrl) }))
      setPauseChanged(true)
    })().catch((e: unknown) => setPage({ kind: 'error', message: (e as Error).message }))
  }

  const data = page.kind === 'ready' ? page.data : null
  // Opened as a window by the context menu: there is no web page to describe.
  const showPage = !(data && isOwnPage(data.pageUrl)) && page.kind !== 'none'

  return (
    <main class="popup" aria-busy={page.kind === 'loading'}>
      <header class="top">
        <h1>TrueDial</h1>
        {data && <RegistryLine status={data.status} />}
      </header>
      {params.check !== null && <CheckNumber initial={params.check} />}
      {showPage && (
        <>
          {page.kind === 'loading' && <p class="hint">{t('popupLoading')}</p>}
          {page.kind === 'error' && (
            <p class="callout callout-error" role="alert">
              {t('popupBackgroundError', [page.message])}
            </p>
          )}
          {data?.hostage && tabId !== null && <ScamPageBanner tabId={tabId} />}
          {data && (
            <PageFindings
              findings={data.findings}
              host={pausableHost(data.pageUrl)}
              paused={data.paused}
              pauseChanged={pauseChanged}
              onTrust={trust}
              onPause={setPaused}
            />
          )}
        </>
      )}
      {params.check === null && <CheckNumber initial={null} />}
      <footer class="foot">
        <p class="hint">{t('popupPrivacy')}</p>
        <a href={OPTIONS_HREF} onClick={openOptions}>
          {t('popupSettingsLink')}
        </a>
      </footer>
    </main>
  )
}
