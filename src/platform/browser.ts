// The only module that imports webextension-polyfill (extension pages and the background).
// The content script uses content-runtime.ts instead, to stay small.
import browser from 'webextension-polyfill'

export default browser
export type { Runtime, Tabs, Menus, Storage } from 'webextension-polyfill'
