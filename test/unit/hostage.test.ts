// The hostage watch (content/hostage.ts) under happy-dom and a manual clock: what makes a page
// with a red claim a hostage page, what it undoes, and how it stops fighting a page's fullscreen.
import { describe, it, expect } from 'vitest'
import { Window } from 'happy-dom'
import { HostageWatch, SOUND_MS } from '../../src/content/hostage'
import type { HostageSign } from '../../src/messages'
import { ManualClock } from '../helpers/manual-clock'

interface Rig {
  doc: Document
  watch: HostageWatch
  clock: ManualClock
  life: AbortController
  reports: HostageSign[][]
  notices: boolean[]
  /** Puts the page into fullscreen (as the browser would) and tells the document. */
  goFullscreen(): void
  exits: number
  historyLength: number
}

function rig(): Rig {
  const window = new Window({ url: 'https://alert.example/' })
  const doc = window.document as unknown as Document
  doc.write('<!doctype html><html><body><p>Call Apple Support: 1-888-555-0166</p><audio id="a"></audio></body></html>')
  const clock = new ManualClock()
  const life = new AbortController()
  const r = { doc, clock, life, reports: [], notices: [], exits: 0, historyLength: 3 } as unknown as Rig
  let fullscreen: Element | null = null
  Object.defineProperty(doc, 'fullscreenElement', { get: () => fullscreen, configurable: true })
  Object.defineProperty(doc, 'pointerLockElement', { get: () => null, configurable: true })
  Object.defineProperty(doc, 'exitFullscreen', {
    value: () => {
      r.exits++
      fullscreen = null
      return Promise.resolve()
    },
    configurable: true,
  })
  Object.defineProperty(window.history, 'length', { get: () => r.historyLength, configurable: true })
  r.goFullscreen = () => {
    fullscreen = doc.documentElement
    doc.dispatchEvent(new window.Event('fullscreenchange') as unknown as Event)
  }
  r.watch = new HostageWatch(doc, { clock, signal: life.signal, report: (signs) => r.reports.push(signs), notice: (fought) => r.notices.push(fought) })
  return r
}

describe('the hostage watch', () => {
  it('does nothing until a red claim arms it', () => {
    const r = rig()
    r.goFullscreen()
    expect(r.reports).toEqual([])
    expect(r.exits).toBe(0)
  })

  it('takes an armed page out of fullscreen, reports it once and shows the notice', () => {
    const r = rig()
    r.watch.arm()
    r.goFullscreen()
    expect(r.exits).toBe(1)
    expect(r.reports).toEqual([['fullscreen']])
    // Shown without "Let this page go fullscreen": nothing has been fought yet.
    expect(r.notices).toEqual([false])
  })

  it('sees a page that was fullscreen before the red claim was known', () => {
    const r = rig()
    r.goFullscreen()
    r.watch.arm()
    expect(r.exits).toBe(1)
    expect(r.watch.signs).toEqual(['fullscreen'])
  })

  it('leaves fullscreen again three times at once, then with growing delays, offers to let it, and stops after eight', async () => {
    const r = rig()
    r.watch.arm()
    for (let i = 0; i < 3; i++) r.goFullscreen()
    expect(r.exits).toBe(3)
    r.goFullscreen()
    expect(r.exits).toBe(3) // the fourth waits
    expect(r.notices.at(-1)).toBe(true) // "Let this page go fullscreen" is offered
    await r.clock.advance(1000)
    expect(r.exits).toBe(4)
    for (let i = 0; i < 10; i++) {
      r.goFullscreen()
      await r.clock.advance(60_000)
    }
    expect(r.exits).toBe(8)
  })

  it('lets the page go fullscreen once the user says so', async () => {
    const r = rig()
    r.watch.arm()
    for (let i = 0; i < 4; i++) r.goFullscreen()
    r.watch.allowFullscreen()
    await r.clock.advance(60_000)
    r.goFullscreen()
    expect(r.exits).toBe(3)
    expect(r.doc.fullscreenElement).not.toBeNull()
  })

  it('counts sound that lasts with nothing on the page playing it (a Web Audio siren), not a short ping', async () => {
    const r = rig()
    r.watch.sound(true) // not armed yet: no red claim, nothing watched
    await r.clock.advance(SOUND_MS * 2)
    expect(r.reports).toEqual([])
    r.watch.arm()
    // A chat's ping: the browser reports the tab audible, then quiet again.
    r.watch.sound(true)
    await r.clock.advance(SOUND_MS - 1)
    r.watch.sound(false)
    await r.clock.advance(SOUND_MS * 2)
    expect(r.reports).toEqual([])
    // The siren goes on.
    r.watch.sound(true)
    await r.clock.advance(SOUND_MS - 1)
    r.watch.sound(true) // told again: the wait does not start over
    expect(r.reports).toEqual([])
    await r.clock.advance(1)
    expect(r.reports).toEqual([['sound']])
    expect(r.notices).toEqual([false])
  })

  it('leaves sound alone that a playing element or an embedded player may make', async () => {
    const playing = rig()
    playing.watch.arm()
    Object.defineProperty(playing.doc.getElementById('a')!, 'paused', { get: () => false, configurable: true })
    playing.watch.sound(true)
    await playing.clock.advance(SOUND_MS)
    expect(playing.reports).toEqual([])

    const framed = (width: number, height: number) => {
      const r = rig()
      const frame = r.doc.createElement('iframe')
      frame.getBoundingClientRect = () => ({ width, height, top: 0, left: 0, right: width, bottom: height, x: 0, y: 0, toJSON: () => ({}) }) as DOMRect
      r.doc.body.append(frame)
      r.watch.arm()
      r.watch.sound(true)
      return r
    }
    const player = framed(560, 315)
    await player.clock.advance(SOUND_MS)
    expect(player.reports).toEqual([])
    // A tracking pixel's frame plays nothing anyone hears.
    const pixel = framed(1, 1)
    await pixel.clock.advance(SOUND_MS)
    expect(pixel.reports).toEqual([['sound']])
  })

  it('leaves sound alone from a video paused a moment ago, or one inside a web component', async () => {
    const paused = rig()
    paused.watch.arm()
    const audio = paused.doc.getElementById('a')!
    paused.watch.sound(true)
    await paused.clock.advance(SOUND_MS - 1_000)
    // The user pauses the video; the browser still reports the tab audible for a while. (The
    // browser's own event: happy-dom's are untrusted, as a page's are.)
    const pause = (trusted: boolean) => {
      const e = new (paused.doc.defaultView!.Event)('pause')
      Object.defineProperty(e, 'isTrusted', { value: trusted })
      audio.dispatchEvent(e)
    }
    pause(true)
    await paused.clock.advance(1_000)
    expect(paused.reports).toEqual([])

    // A kit that fires a media event of its own to excuse its siren is not believed.
    const kit = rig()
    kit.watch.arm()
    kit.watch.sound(true)
    await kit.clock.advance(SOUND_MS - 1_000)
    const fake = new (kit.doc.defaultView!.Event)('timeupdate')
    kit.doc.getElementById('a')!.dispatchEvent(fake)
    await kit.clock.advance(1_000)
    expect(kit.reports).toEqual([['sound']])

    const component = rig()
    const host = component.doc.createElement('video-player')
    component.doc.body.append(host)
    const video = host.attachShadow({ mode: 'open' }).appendChild(component.doc.createElement('video'))
    Object.defineProperty(video, 'paused', { get: () => false, configurable: true })
    component.watch.arm()
    component.watch.sound(true)
    await component.clock.advance(SOUND_MS)
    expect(component.reports).toEqual([])
  })

  it('does not let an invisible frame excuse a siren', async () => {
    const r = rig()
    const frame = r.doc.createElement('iframe')
    frame.getBoundingClientRect = () => ({ width: 560, height: 315, top: 0, left: 0, right: 560, bottom: 315, x: 0, y: 0, toJSON: () => ({}) }) as DOMRect
    ;(frame as unknown as { checkVisibility: () => boolean }).checkVisibility = () => false
    r.doc.body.append(frame)
    r.watch.arm()
    r.watch.sound(true)
    await r.clock.advance(SOUND_MS)
    expect(r.reports).toEqual([['sound']])
  })

  it('stops waiting for the sound when the page watch ends', async () => {
    const r = rig()
    r.watch.arm()
    r.watch.sound(true)
    r.life.abort()
    await r.clock.advance(SOUND_MS * 2)
    expect(r.reports).toEqual([])
  })

  it('counts a looping or unasked-for sound, not a video the user started, nor a muted one', () => {
    const r = rig()
    r.watch.arm()
    const audio = r.doc.getElementById('a') as HTMLMediaElement
    const play = () => audio.dispatchEvent(new (r.doc.defaultView!.Event)('play'))
    const activation = { hasBeenActive: true }
    Object.defineProperty(audio, 'paused', { get: () => false, configurable: true })
    Object.defineProperty(r.doc.defaultView!.navigator, 'userActivation', { value: activation, configurable: true })
    play()
    expect(r.reports).toEqual([])
    // Before the user did anything on the page: the siren of a kit, not the user's video.
    activation.hasBeenActive = false
    audio.muted = true
    play()
    expect(r.reports).toEqual([])
    audio.muted = false
    play()
    expect(r.reports).toEqual([['media']])
  })

  it('counts a looping sound even after the user clicked', () => {
    const r = rig()
    r.watch.arm()
    const audio = r.doc.getElementById('a') as HTMLMediaElement
    Object.defineProperty(audio, 'paused', { get: () => false, configurable: true })
    Object.defineProperty(r.doc.defaultView!.navigator, 'userActivation', { value: { hasBeenActive: true }, configurable: true })
    audio.loop = true
    audio.dispatchEvent(new (r.doc.defaultView!.Event)('play'))
    expect(r.reports).toEqual([['media']])
  })


  it('counts a history flood after arming, not a long history from before', async () => {
    const r = rig()
    r.historyLength = 30
    r.watch.arm()
    await r.clock.advance(2000)
    expect(r.reports).toEqual([])
    r.historyLength = 45
    await r.clock.advance(600)
    expect(r.reports).toEqual([['history']])
  })

  it('counts a page that cancelled an attempt to leave, not one that let it go', () => {
    const r = rig()
    const view = r.doc.defaultView!
    // The page's listener is added at load, before the watch is armed: it runs first.
    let cancel = false
    view.addEventListener('beforeunload', (e) => {
      if (cancel) e.preventDefault()
    })
    r.watch.arm()
    view.dispatchEvent(new view.Event('beforeunload', { cancelable: true }))
    expect(r.reports).toEqual([])
    cancel = true
    view.dispatchEvent(new view.Event('beforeunload', { cancelable: true }))
    expect(r.reports).toEqual([['leave-trap']])
  })


  it('stops watching when its page watch stops', async () => {
    const r = rig()
    r.watch.arm()
    r.life.abort()
    r.goFullscreen()
    r.historyLength = 99
    await r.clock.advance(5000)
    expect(r.reports).toEqual([])
  })
})
