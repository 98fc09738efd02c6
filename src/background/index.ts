import browser from 'webextension-polyfill'

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => {
  if (sender.id !== browser.runtime.id) return undefined
  return Promise.resolve({ ok: true, echo: message })
})
