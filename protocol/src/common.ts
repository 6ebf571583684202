import Type from 'typebox';

/** Ids used in topics and URLs: lower-case, no MQTT wildcards or separators. */
export const Id = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,63}$', description: 'lower-case id (a-z, 0-9, _ and -)' });

/** BCP-47 language tag as we use them ("sv", "en", "ar", "so", "ckb", "sgn-SE"). */
export const LanguageCode = Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$', description: 'BCP-47 language tag' });

/** A string per language; "sv" is always present because it is the site's fallback. */
export const Localized = Type.Record(LanguageCode, Type.String({ maxLength: 200 }));
export type Localized = Type.Static<typeof Localized>;

export const IsoTime = Type.String({ format: 'date-time', description: 'ISO 8601 instant with offset' });

/** A ticket number as shown to the visitor: service prefix + zero-padded counter, e.g. "B042". */
export const TicketNumber = Type.String({ pattern: '^[A-Z]{1,2}[0-9]{3,4}$' });

/** Picks a string in the wanted language, falling back to Swedish, then to any. */
export function pick(text: Localized, lang: string): string {
  return text[lang] ?? text['sv'] ?? Object.values(text)[0] ?? '';
}
