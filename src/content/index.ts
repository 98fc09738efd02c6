import browser from 'webextension-polyfill'

void browser.runtime.sendMessage({ type: 'hello', url: location.href }).catch(() => {})
