// A page under happy-dom for the content script's parts, with happy-dom's MutationObserver
// standing in for the global one the content script uses (undo with vi.unstubAllGlobals()).
import { vi } from 'vitest'
import { Window } from 'happy-dom'

export function watchedPage(body: string): Document {
  const window = new Window({ url: 'https://help.example/page' })
  vi.stubGlobal('MutationObserver', window.MutationObserver)
  window.document.write(`<!doctype html><html><head><title>Help</title></head><body>${body}</body></html>`)
  return window.document as unknown as Document
}
