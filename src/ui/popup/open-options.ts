import browser from '../../platform/browser'

/** Click handler for the Settings links: a real href for semantics, the options page API for the open. */
export function openOptions(event: Event): void {
  event.preventDefault()
  void browser.runtime.openOptionsPage()
}

export const OPTIONS_HREF = browser.runtime.getURL('src/ui/options/index.html')
