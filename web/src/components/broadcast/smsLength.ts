// How many SMS parts a text costs. Carriers bill per part: a text in the GSM 7-bit alphabet fits 160
// characters in one part and 153 per part once it is split (the rest carries the joining header); one
// character outside that alphabet (an emoji, "ñ" is inside but "ą" is not) switches the whole text to
// UCS-2: 70 in one part, 67 per part. The extension characters (^ { } \ [ ~ ] | €) take two places.

const GSM_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsLength {
  /** Characters as a person counts them (an emoji is one). */
  characters: number;
  encoding: SmsEncoding;
  /** Parts the carrier sends (0 for an empty text). */
  segments: number;
  /** Places left in the last part before another part is needed. */
  remaining: number;
  /** Characters outside the GSM alphabet, which made the text UCS-2 (at most a few, to name them). */
  unicode: string[];
}

/** The length of an SMS body in characters, encoding and billed parts. */
export function smsLength(text: string): SmsLength {
  const characters = [...text];
  const unicode = [...new Set(characters.filter((c) => !GSM_BASIC.includes(c) && !GSM_EXTENDED.includes(c)))];
  if (unicode.length > 0) {
    // UCS-2 counts UTF-16 code units: an emoji outside the basic plane takes two.
    const units = text.length;
    return fit(characters.length, 'UCS-2', units, 70, 67, unicode.slice(0, 5));
  }
  const places = characters.reduce((sum, c) => sum + (GSM_EXTENDED.includes(c) ? 2 : 1), 0);
  return fit(characters.length, 'GSM-7', places, 160, 153, []);
}

function fit(characters: number, encoding: SmsEncoding, places: number, single: number, perPart: number, unicode: string[]): SmsLength {
  if (places === 0) return { characters, encoding, segments: 0, remaining: single, unicode };
  if (places <= single) return { characters, encoding, segments: 1, remaining: single - places, unicode };
  const segments = Math.ceil(places / perPart);
  return { characters, encoding, segments, remaining: segments * perPart - places, unicode };
}
