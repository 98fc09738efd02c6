// The popup over a fake Apple alert that held the browser hostage (content/hostage.ts): what
// TrueDial did, and the same one thing to do as the notice on the page: Close this tab.
import { t } from '../shared/i18n'
import { request } from '../shared/api'

export function ScamPageBanner({ tabId }: { tabId: number }) {
  const close = (): void => {
    void request({ type: 'close-tab', tabId })
      .then(() => window.close())
      .catch(() => undefined)
  }
  return (
    <section class="callout callout-error scam-page" role="alert" data-testid="scam-page">
      <p>{t('popupScamPage')}</p>
      <button type="button" class="button button-urgent" onClick={close} data-testid="close-tab">
        {t('noticeCloseTab')}
      </button>
    </section>
  )
}
