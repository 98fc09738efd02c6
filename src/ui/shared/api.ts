// Extension pages (popup, options) talk to the background only through this typed helper.
import browser from '../../platform/browser'
import type { PageRequest, ResponseFor } from '../../messages'

export async function request<R extends PageRequest>(req: R): Promise<ResponseFor<R>> {
  const response = (await browser.runtime.sendMessage(req)) as ResponseFor<R> | { error: string }
  if (response && typeof response === 'object' && 'error' in response && typeof response.error === 'string') {
    throw new Error(response.error)
  }
  return response as ResponseFor<R>
}
