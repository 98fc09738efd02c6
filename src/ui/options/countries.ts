// Region choices for the override: every ISO 3166-1 alpha-2 code (so every country the registry
// can hold is there), named in the page's language by Intl.DisplayNames and sorted by name.
import { locale } from '../shared/i18n'

const ISO_3166_1 =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO ' +
  'JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR ' +
  'MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO ' +
  'RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV ' +
  'TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'

export interface Country {
  code: string
  name: string
}

let cached: Country[] | null = null

function displayNames(): Intl.DisplayNames | null {
  try {
    return new Intl.DisplayNames([locale, 'en'], { type: 'region', fallback: 'code' })
  } catch {
    return null
  }
}

/** All countries, by name. `extra` adds codes outside the list (a stored value we do not know). */
export function countries(extra: readonly string[] = []): Country[] {
  if (!cached) {
    const names = displayNames()
    const collator = new Intl.Collator(locale)
    cached = ISO_3166_1.split(' ')
      .map((code) => ({ code, name: names?.of(code) ?? code }))
      .sort((a, b) => collator.compare(a.name, b.name))
  }
  const missing = extra.filter((code) => !cached!.some((c) => c.code === code)).map((code) => ({ code, name: code }))
  return missing.length > 0 ? [...cached, ...missing] : cached
}
