// The naive approach, bundled for the browser at bench time: libphonenumber-js (max metadata)
// over the whole page's innerText.
import { build } from 'esbuild'
import { root } from '../e2e/harness'

export async function naiveBundle(): Promise<string> {
  const out = await build({
    stdin: {
      contents: "import { findPhoneNumbersInText } from 'libphonenumber-js/max'\nwindow.__naive = (text) => findPhoneNumbersInText(text, 'US').length\n",
      resolveDir: root,
      loader: 'js',
    },
    bundle: true,
    format: 'iife',
    minify: true,
    write: false,
    target: 'chrome120',
    logLevel: 'silent',
  })
  return out.outputFiles[0]!.text
}
