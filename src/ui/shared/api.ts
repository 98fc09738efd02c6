// Extension pages (popup, options) talk to the background only through this typed helper.
import browser from '../../platform/browser'
import type { PageRequest, ResponseFor } from '../../messages'

export async function request<R extends PageRequest>(req: R): Promise<ResponseFor<R>> {
  const response = (await browser.runtime.sendMessage(req)) as ResponseFor<R> | { requestError: string }
  if (response && typeof response === 'object' && 'requestError' in response) throw new Error(response.requestError)
  return response as ResponseFor<R>
}
