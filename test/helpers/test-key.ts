// A throwaway Ed25519 key for tests, and helpers that sign fixture envelopes with it.
// Generated fresh per call: nothing here is ever pinned in registry/keys.json.

import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import type { PinnedKey, RegistryPayload, SignedEnvelope } from '../../src/core/registry-types'

export interface TestKey {
  privateKey: KeyObject
  /** Raw 32-byte public key. */
  publicKeyRaw: Uint8Array
  /** Raw public key, base64 (as in registry/keys.json). */
  publicKey: string
  /** First 16 hex digits of SHA-256 over the raw public key, computed independently of signature.ts. */
  keyid: string
}

/** A moment inside the validity window of fixturePayload(). */
export const FIXTURE_NOW = new Date('2026-12-01T12:00:00Z')

export function generateTestKey(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const x = publicKey.export({ format: 'jwk' }).x
  if (typeof x !== 'string') throw new Error('ed25519 JWK export has no "x"')
  const raw = new Uint8Array(Buffer.from(x, 'base64url'))
  return {
    privateKey,
    publicKeyRaw: raw,
    publicKey: Buffer.from(raw).toString('base64'),
    keyid: createHash('sha256').update(raw).digest('hex').slice(0, 16),
  }
}

/** PKCS#8 PEM of the private key, as `truedial registry sign --key` reads it. */
export function privateKeyPem(key: TestKey): string {
  return key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
}

export function makePinned(...keys: TestKey[]): PinnedKey[] {
  return keys.map((key) => ({ keyid: key.keyid, publicKey: key.publicKey }))
}

/** Base64 Ed25519 signature over the UTF-8 bytes of `text`. */
export function signText(text: string, key: TestKey): string {
  return sign(null, Buffer.from(text, 'utf8'), key.privateKey).toString('base64')
}

/**
 * The text of a signed envelope. An object payload is serialised with JSON.stringify (compact,
 * as `registry build` does); a string payload is signed exactly as given.
 */
export function signEnvelope(
  payload: RegistryPayload | Record<string, unknown> | string,
  key: TestKey,
  options: { keyid?: string } = {},
): string {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload)
  const envelope: SignedEnvelope = {
    payload: text,
    signatures: [{ keyid: options.keyid ?? key.keyid, sig: signText(text, key) }],
  }
  return `${JSON.stringify(envelope, null, 2)}\n`
}

/** A small valid registry payload; a fresh copy on every call so tests can mutate it. */
export function fixturePayload(): RegistryPayload {
  return {
    schema: 3,
    version: 3,
    issued: '2026-11-25T00:00:00Z',
    expires: '2027-05-25T00:00:00Z',
    organisations: [
      {
        id: 'apple',
        name: 'Apple',
        channels: [{ kind: 'web', label: 'Contact Apple Support', url: 'https://support.apple.com/contact' }],
        reportEmail: 'reportphishing@apple.com',
        domains: ['apple.com', 'icloud.com'],
        numbers: [
          {
            e164: '+18002752273',
            national: null,
            country: 'US',
            service: 'support',
            display: '1-800-275-2273',
            vanity: '1-800-APL-CARE',
            languages: ['en', 'es'],
            hours: null,
            sources: ['https://support.apple.com/en-us/118223'],
            confidence: 'high',
            checked: '2026-11-25',
          },
          {
            e164: '+18006927753',
            national: null,
            country: 'US',
            service: 'sales',
            display: '1-800-692-7753',
            vanity: '1-800-MY-APPLE',
            languages: ['en'],
            hours: null,
            sources: ['https://www.apple.com/contact/'],
            confidence: 'medium',
            checked: '2026-11-25',
          },
          {
            e164: null,
            national: '00800448829873',
            country: 'TR',
            service: 'support',
            display: '00800 4488 29873',
            vanity: null,
            languages: ['tr'],
            hours: 'Mon-Fri 09:00-18:00',
            sources: ['https://support.apple.com/tr-tr/118223'],
            confidence: 'medium',
            checked: '2026-11-25',
          },
        ],
        retired: [
          {
            e164: '+18005381100',
            country: 'US',
            display: '1-800-538-1100',
            retired: '2019',
            source: 'https://example.org/retired-numbers',
          },
        ],
        noSupportNumber: ['AQ'],
        coverage: { US: { support: 'complete', sales: 'partial' }, TR: { support: 'partial' } },
        lexicon: {
          brand: { en: ['Apple', 'AppleCare', 'iPhone'], 'zh-Hans': ['苹果'] },
          support: { en: ['support', 'helpline'], 'zh-Hans': ['客服'] },
          notBrand: { en: ['Apple Bank', 'Big Apple'], 'zh-Hans': ['吃苹果'] },
          fake: { en: ['fake', 'scam'], 'zh-Hans': ['假冒'] },
        },
      },
    ],
    redFlags: { en: ['your device is infected', 'gift card', 'AnyDesk'] },
    fraudReport: { US: { name: 'FTC', url: 'https://reportfraud.ftc.gov/' } },
  }
}

/**
 * A payload as a TrueDial that read schema 1 made them: schema 1, without the fields schemas 2
 * and 3 added (organisation domains and coverage, lexicon notBrand and fake).
 */
export function schemaOnePayload(version: number): Record<string, unknown> {
  const payload = fixturePayload()
  const organisations = payload.organisations.map(({ domains: _d, coverage: _c, lexicon: { notBrand: _n, fake: _f, ...lexicon }, ...org }) => ({ ...org, lexicon }))
  return { ...payload, schema: 1, version, organisations }
}

/**
 * A key id in upper case, which no pinned id is. A throwaway key's id is random hex, and about
 * once in 1,800 keys it has no letter to upper-case: then its first digit becomes an "A".
 */
export function upperKeyid(keyid: string): string {
  return /[a-f]/.test(keyid) ? keyid.toUpperCase() : `A${keyid.slice(1)}`
}
