// The content script's only link to the extension: runtime.sendMessage, without the
// webextension-polyfill (about 10 KB that every page would pay for). Firefox has `browser`
// with promises; Chromium's MV3 `chrome.runtime.sendMessage` returns a promise too.
import type { ContentRequest, ResponseFor } from '../messages'

interface RuntimeLike {
  id?: string
  getURL(path: string): string
  sendMessage(message: unknown): Promise<unknown>
  onMessage: {
    addListener(listener: (message: unknown) => void): void
    removeListener(listener: (message: unknown) => void): void
  }
}

function runtime(): RuntimeLike | null {
  const g = globalThis as { browser?: { runtime?: RuntimeLike }; chrome?: { runtime?: RuntimeLike } }
  return g.browser?.runtime ?? g.chrome?.runtime ?? null
}

/** False once the extension was updated, disabled or removed ("Extension context invalidated"). */
export function contextAlive(): boolean {
  try {
    return !!runtime()?.id
  } catch {
    return false
  }
}

/** The address of one of the extension's files (runtime.getURL). */
export function extensionUrl(path: string): string {
  const rt = runtime()
  if (!rt) throw new Error('Extension context invalidated.')
  return rt.getURL(path)
}

/**
 * Hears the background's messages (tabs.sendMessage) until `signal` aborts. Only the extension can
 * send to its content script; the listener answers nothing.
 */
export function listen(onMessage: (message: unknown) => void, signal: AbortSignal): void {
  const rt = runtime()
  if (!rt || signal.aborted) return
  const listener = (message: unknown): void => {
    onMessage(message)
  }
  rt.onMessage.addListener(listener)
  signal.addEventListener('abort', () => rt.onMessage.removeListener(listener), { once: true })
}

export async function send<R extends ContentRequest>(request: R): Promise<ResponseFor<R>> {
  const rt = runtime()
  if (!rt) throw new Error('Extension context invalidated.')
  return (await rt.sendMessage(request)) as ResponseFor<R>
}
