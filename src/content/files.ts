// Where the build (vite.config.ts) puts the content script's scanner module, and the content
// script loads it from: one name for both. Web-accessible at an address pages cannot guess
// (manifest.json), loaded only once a page names the brand (page-watch.ts, scanner.ts).
export const SCANNER_PATH = 'src/content/scanner.js'
