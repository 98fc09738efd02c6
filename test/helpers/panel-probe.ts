// Runs in a page (Chromium through playwright, Firefox through puppeteer): what a person can see
// of TrueDial's explanation panel or notice. Both live in closed shadow roots, so the page sees
// their host element (<truedial-badge>, <truedial-notice>) wherever they are the topmost thing on
// screen: the probe asks the browser, point by point over the whole viewport, what is on top there.

export interface PanelSight {
  /** Bounding box of the points where the host (its button, panel or notice) is on top. */
  left: number
  top: number
  right: number
  bottom: number
  /** Points where it is on top, and points of the box where something else is. */
  hits: number
  misses: number
  viewport: { width: number; height: number }
}

/**
 * Serialisable: passed to page.evaluate as is. `selector`/`index`: which host; `step`: the grid;
 * `skipOwnRows`: leave out the rows of the host's own box (a badge's button, above or below its panel).
 */
export function probeOnTop([selector, index, step, skipOwnRows]: [string, number, number, boolean]): PanelSight {
  const host = document.querySelectorAll(selector)[index]
  const width = document.documentElement.clientWidth
  const height = document.documentElement.clientHeight
  const points: Array<[number, number, boolean]> = []
  let left = Infinity
  let top = Infinity
  let right = -Infinity
  let bottom = -Infinity
  for (let y = step / 2; y < height; y += step) {
    for (let x = step / 2; x < width; x += step) {
      const on = host !== undefined && document.elementFromPoint(x, y) === host
      points.push([x, y, on])
      if (!on) continue
      left = Math.min(left, x)
      top = Math.min(top, y)
      right = Math.max(right, x)
      bottom = Math.max(bottom, y)
    }
  }
  let hits = 0
  let misses = 0
  const own = skipOwnRows ? host?.getBoundingClientRect() : undefined
  // Rounded corners leave the box's corners to the page: look inside a margin.
  const inset = 14
  for (const [x, y, on] of points) {
    if (x < left + inset || x > right - inset || y < top + inset || y > bottom - inset) continue
    if (own && y >= own.top - step && y <= own.bottom + step) continue
    if (on) hits++
    else misses++
  }
  return { left, top, right, bottom, hits, misses, viewport: { width, height } }
}

/** The explanation of the `index`-th badge of a number (its button's rows left out). */
export const panelOf = (e164: string, index = 0, step = 6): [string, number, number, boolean] => [`truedial-badge[data-e164="${e164}"]`, index, step, true]

/** TrueDial's notice over a hostage page. */
export const noticeProbe = (step = 8): [string, number, number, boolean] => ['truedial-notice', 0, step, false]
