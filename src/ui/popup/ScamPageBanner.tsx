// The popup over a fake Apple alert that held the browser hostage (content/hostage.ts): what
// TrueDial did, and the same one thing to do as the notice on the page: Close this tab.
import { useState } from 'preact/hooks'
import { t } from '../shared/i18n'
import { request } from '../shared/api'

export function ScamPageBanner({ tabId }: { tabId: number }) {
  const [gone, setGone] = useState(false)
  // The popup closes with the tab; when the tab was no longer a hostage page (it navigated), the
  // banner goes instead of a button that does nothing.
  const close = (): void => {
    void request({ type: 'close-tab', tabId })
      .then((answer) => (answer.ok ? window.close() : setGone(true)))
      .catch(() => setGone(true))
  }
  if (gone) return null
  return (
    <section class="callout callout-error scam-page" role="alert" data-testid="scam-page">
      <p>{t('popupScamPage')}</p>
      <button type="button" class="button button-urgent" onClick={close} data-testid="close-tab">
        {t('noticeCloseTab')}
      </button>
    </section>
  )
}
