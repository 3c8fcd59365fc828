import { uuidFromWords } from './row-uuid';
import { valueGenerator, type ValueGenerator, type ValueState } from './value-generator';

/** What selects a column's generator: its SQL type and name, and the constraints a value must meet. */
export interface ColumnTraits {
  /** Property name (the last part of the path), e.g. `firstName`. */
  readonly property: string;
  /** Database column name, e.g. `first_name`. */
  readonly column: string;
  /** SQL type as the driver normalizes it (`character varying`, `integer`, ...), or `simple-array` / `simple-json` / `simple-enum`. */
  readonly type: string;
  /** Maximum length of a string type; undefined when unbounded. */
  readonly length: number | undefined;
  readonly precision: number | undefined;
  readonly scale: number | undefined;
  /** Allowed values of an enum. */
  readonly enumValues: readonly (string | number)[] | undefined;
  readonly isArray: boolean;
  /** Values must differ from row to row (unique column, or carrier of a composite unique index). */
  readonly unique: boolean;
  /** The entity's table, e.g. `companies`: what a bare `name` column names (a company, a tag, a product). */
  readonly table?: string;
  /** The entity's name, e.g. `Company`, read like the table. */
  readonly entity?: string;
}

/** The fixed "now" of generated data: every generated time lies before it, never the wall clock. */
export const GENERATED_REFERENCE_MS = Date.UTC(2025, 0, 1);
const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;
/** A generic string stays short unless the column is for long text. */
const WORDS_MAX = 4;

const STRING_TYPES = /^(character varying|varchar|character|char|text|citext|name|string|tsvector|bpchar)$/;
const INT_RANGES: Record<string, number> = { smallint: 1_000, integer: 100_000, int: 100_000, bigint: 10_000_000 };

/** Thrown when no generator fits a column (the caller names the table and says what to do). */
export class NoGeneratorError extends Error {}

/**
 * The generator for a column a factory leaves out: by name first (email,
 * first name, slug, ...; only for types that can hold the value), then by
 * SQL type. Unique columns get a variant that embeds the row's ordinal, so
 * values never repeat and no retry is needed. Throws NoGeneratorError when
 * nothing fits (an unknown type, or a unique boolean).
 */
export function selectGenerator(traits: ColumnTraits): ValueGenerator {
  const base = traits.isArray ? arrayOf(selectScalar({ ...traits, isArray: false, unique: false })) : selectScalar(traits);
  return base;
}

function selectScalar(t: ColumnTraits): ValueGenerator {
  if (t.type === 'simple-array') return simpleArray;
  if (t.type === 'simple-json' || t.type === 'json' || t.type === 'jsonb') return jsonObject;
  if (t.enumValues && t.enumValues.length > 0) {
    if (t.unique) throw new NoGeneratorError(`a unique enum column cannot take a new value for every row`);
    const values = t.enumValues;
    return valueGenerator('enum', 1, (s) => s.random.pick(values));
  }
  if (STRING_TYPES.test(t.type)) return fitLength(byName(t) ?? words, t);
  const range = INT_RANGES[t.type];
  if (range !== undefined) return t.unique ? ordinalNumber : (numberByName(t) ?? intUpTo(range));
  switch (t.type) {
    case 'numeric':
    case 'decimal':
    case 'money':
      return decimal(t);
    case 'real':
    case 'double precision':
    case 'float':
      return t.unique ? ordinalNumber : (numberByName(t) ?? valueGenerator('float', 1, (s) => Math.round(s.random.next() * 10_000_000) / 10_000));
    case 'boolean':
      if (t.unique) throw new NoGeneratorError('a unique boolean column holds at most two rows');
      return valueGenerator('boolean', 1, (s) => s.random.bool());
    case 'uuid':
      return uuid;
    case 'date':
      return t.unique
        ? valueGenerator('date-unique', 1, (s) => isoDate(GENERATED_REFERENCE_MS - s.ordinal * DAY_MS))
        : valueGenerator('date', 1, (s) => isoDate(GENERATED_REFERENCE_MS - s.random.int(0, 10 * 365) * DAY_MS));
    case 'timestamp without time zone':
    case 'timestamp with time zone':
    case 'timestamp':
    case 'timestamptz':
      return t.unique
        ? valueGenerator('timestamp-unique', 1, (s) => new Date(GENERATED_REFERENCE_MS - s.ordinal * 1000))
        : valueGenerator('timestamp', 1, (s) => new Date(GENERATED_REFERENCE_MS - Math.floor(s.random.next() * 3 * YEAR_MS)));
    case 'time without time zone':
    case 'time with time zone':
    case 'time':
      return valueGenerator('time', 1, (s) => `${pad2(s.random.int(0, 23))}:${pad2(s.random.int(0, 59))}:${pad2(s.random.int(0, 59))}`);
    case 'interval':
      return valueGenerator('interval', 1, (s) => `${s.random.int(1, 10_000)} minutes`);
    case 'bytea':
      return valueGenerator('bytes', 1, (s) => {
        const bytes = Buffer.allocUnsafe(16);
        for (let i = 0; i < 16; i += 4) bytes.writeUInt32BE(s.random.nextUint32(), i);
        return bytes;
      });
    case 'inet':
    case 'cidr':
      return t.unique
        ? valueGenerator('ip-unique', 1, (s) => `10.${(s.ordinal >>> 16) & 255}.${(s.ordinal >>> 8) & 255}.${s.ordinal & 255}`)
        : valueGenerator('ip', 1, (s) => `10.${s.random.int(0, 255)}.${s.random.int(0, 255)}.${s.random.int(1, 254)}`);
    case 'xml':
      return valueGenerator('xml', 1, (s) => `<note>${s.faker.lorem.word()}</note>`);
    default:
      throw new NoGeneratorError(`no generator for type "${t.type}"`);
  }
}

/** Name heuristics for string columns, on the property and the column name. */
function byName(t: ColumnTraits): ValueGenerator | undefined {
  return bareNameByTable(t) ?? byNameOf(t.property.toLowerCase(), t) ?? byNameOf(t.column.toLowerCase().replace(/_/g, ''), t) ?? (t.unique ? suffixed(words, t, '-') : undefined);
}

/**
 * A column called just `name` names what its table holds: a company's name
 * for companies (and organisations, vendors, brands...), a word for tags and
 * categories, a product's name for products, a city or a country; else (users,
 * authors, customers, anything not listed) the person's full name that the
 * name rules below give.
 */
function bareNameByTable(t: ColumnTraits): ValueGenerator | undefined {
  if (t.property.toLowerCase() !== 'name' && t.column.toLowerCase() !== 'name') return undefined;
  const owner = `${t.entity ?? ''} ${t.table ?? ''}`.toLowerCase().replace(/_/g, '');
  const holds = (re: RegExp) => re.test(owner);
  if (holds(/compan(y|ies)|organi[sz]ations?|\borgs?\b|employer|vendor|supplier|business|firm|agenc(y|ies)|brand|manufacturer|publisher/)) return suffixed(company, t, ' ');
  if (holds(/tag|categor(y|ies)|label|topic|keyword|genre/)) return suffixed(word, t, '-');
  if (holds(/product|merchandise/)) return suffixed(productName, t, ' ');
  if (holds(/countr(y|ies)/)) return byNameOf('country', t);
  if (holds(/cit(y|ies)|town/)) return suffixed(city, t, ' ');
  return undefined;
}

function byNameOf(name: string, t: ColumnTraits): ValueGenerator | undefined {
  const has = (re: RegExp) => re.test(name);
  if (has(/email|mail\b/)) return shortEmail(t) ?? (t.unique ? emailUnique : email);
  if (has(/username|login|handle|nickname|screenname/)) return suffixed(username, t, '_');
  if (has(/firstname|givenname|forename/)) return suffixed(firstName, t, '-');
  if (has(/lastname|surname|familyname/)) return suffixed(lastName, t, '-');
  if (has(/slug/)) return suffixed(slug, t, '-');
  if (has(/password|passwd|hash|token|secret|salt|apikey/)) return hex64;
  if (has(/url|website|homepage|link|uri\b|href/)) return suffixed(has(/image|avatar|photo|picture|thumb|logo/) ? imageUrl : url, t, '#');
  if (has(/image|avatar|photo|picture|thumb|logo/)) return suffixed(imageUrl, t, '#');
  if (has(/phone|mobile|tel\b|fax/)) return suffixed(phone, t, ' x');
  if (has(/company|organi[sz]ation|employer/)) return suffixed(company, t, ' ');
  if (has(/countrycode/)) return suffixed(countryCode, t, '-');
  // A country in two or three characters is its ISO code, not a name cut short ('Sa', 'Mo').
  if (has(/country/)) return t.length !== undefined && t.length <= 3 ? suffixed(t.length === 3 ? countryCode3 : countryCode, t, '-') : suffixed(country, t, ' ');
  if (has(/city|town/)) return suffixed(city, t, ' ');
  if (has(/street|address/)) return suffixed(street, t, ' ');
  if (has(/zip|postal|postcode/)) return suffixed(zip, t, '-');
  if (has(/state|province|region/)) return suffixed(state, t, ' ');
  if (has(/jobtitle|occupation|position/)) return suffixed(jobTitle, t, ' ');
  if (has(/title|headline|subject|heading/)) return suffixed(title, t, ' ');
  if (has(/description|bio\b|biography|summary|about|excerpt|intro|caption|tagline/)) return suffixed(description, t, ' ');
  if (has(/body|content|text|html|markdown|comment|message|note|article|post/)) return suffixed(body, t, ' ');
  if (has(/colou?r/)) return suffixed(color, t, '-');
  if (has(/currency/)) return suffixed(currency, t, '-');
  if (has(/timezone|tz\b/)) return suffixed(timeZone, t, '-');
  if (has(/ip\b|ipaddress/)) return suffixed(ipv4, t, '-');
  if (has(/name/)) return suffixed(has(/tag|category|label|topic|keyword/) ? word : fullName, t, ' ');
  return undefined;
}

/** Numeric name heuristics (non-unique columns only). */
function numberByName(t: ColumnTraits): ValueGenerator | undefined {
  const name = t.property.toLowerCase();
  if (name === 'age') return valueGenerator('age', 1, (s) => s.random.int(18, 90));
  if (/year/.test(name)) return valueGenerator('year', 1, (s) => s.random.int(1970, 2024));
  if (/rating|stars|score/.test(name)) return valueGenerator('rating', 1, (s) => s.random.int(1, 5));
  if (/percent/.test(name)) return valueGenerator('percent', 1, (s) => s.random.int(0, 100));
  if (/count|quantity|qty|views|likes|votes/.test(name)) return valueGenerator('count', 1, (s) => Math.floor(5 / Math.pow(1 - s.random.next(), 1 / 1.2)) - 5);
  return undefined;
}

/** A unique variant: the base value with the ordinal appended after `separator`. */
function suffixed(base: ValueGenerator, t: ColumnTraits, separator: string): ValueGenerator {
  if (!t.unique) return base;
  return valueGenerator(`${base.label}+unique`, 1, (s) => `${String(base.generate(s))}${separator}${s.ordinal}`);
}

/** Cuts values to the column's length, keeping a unique suffix (the ordinal) whole. */
function fitLength(gen: ValueGenerator, t: ColumnTraits): ValueGenerator {
  const max = t.length;
  if (max === undefined) return gen;
  if (!t.unique) return valueGenerator(`${gen.label}<=${max}`, 1, (s) => String(gen.generate(s)).slice(0, max));
  // The ordinal that keeps a value unique must fit: 999 rows for 3 characters.
  const maxOrdinal = max >= 16 ? undefined : 10 ** max - 1;
  return withMaxOrdinal(maxOrdinal, valueGenerator(`${gen.label}<=${max}`, 1, (s) => {
    const value = String(gen.generate(s));
    if (value.length <= max) return value;
    const tail = String(s.ordinal);
    if (tail.length > max) throw new NoGeneratorError(`a unique value of row ${s.ordinal} does not fit in ${max} characters`);
    return value.slice(0, max - tail.length) + tail;
  }));
}

/** `gen`, telling the planner the largest ordinal it has a value for (undefined: no bound). */
function withMaxOrdinal(maxOrdinal: number | undefined, gen: ValueGenerator): ValueGenerator {
  return maxOrdinal === undefined ? gen : { ...gen, maxOrdinal };
}

function decimal(t: ColumnTraits): ValueGenerator {
  const scale = t.scale ?? 2;
  const integerDigits = t.precision !== undefined ? t.precision - scale : 6;
  const max = Math.min(10 ** Math.max(0, integerDigits) - 10 ** -scale, 100_000);
  if (t.unique) {
    return valueGenerator('decimal-unique', 1, (s) => {
      if (s.ordinal > max) throw new NoGeneratorError(`row ${s.ordinal} has no unique value under ${max}`);
      return s.ordinal.toFixed(scale);
    });
  }
  return valueGenerator(`decimal(${integerDigits},${scale})`, 1, (s) => (s.random.next() * max).toFixed(scale));
}

function intUpTo(max: number): ValueGenerator {
  return valueGenerator(`int<=${max}`, 1, (s) => s.random.int(0, max));
}

function arrayOf(element: ValueGenerator): ValueGenerator {
  return valueGenerator(`array(${element.label})`, 1, (s) => {
    const n = s.random.int(1, 3);
    const items: unknown[] = [];
    for (let i = 0; i < n; i++) items.push(element.generate(s));
    return items;
  });
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const asciiLower = (text: string) => text.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]/g, '');
const hexWord = (n: number) => n.toString(16).padStart(8, '0');

const ordinalNumber = valueGenerator('ordinal', 1, (s) => s.ordinal);
const uuid = valueGenerator('uuid', 1, (s) => uuidFromWords(s.random.nextUint32(), s.random.nextUint32(), s.random.nextUint32(), s.random.nextUint32()));
const words = valueGenerator('words', 1, (s) => s.faker.lorem.words(s.random.int(1, WORDS_MAX)));
const word = valueGenerator('word', 1, (s) => s.faker.lorem.word());
const email = valueGenerator('email', 1, (s) => `${asciiLower(s.faker.person.firstName()) || 'user'}.${asciiLower(s.faker.person.lastName()) || 'name'}${s.random.int(1, 999)}@example.${s.random.pick(['com', 'net', 'org'])}`);
const emailUnique = valueGenerator('email-unique', 1, (s) => `${asciiLower(s.faker.person.firstName()) || 'user'}.${asciiLower(s.faker.person.lastName()) || 'name'}.${s.ordinal}@example.${s.random.pick(['com', 'net', 'org'])}`);
const username = valueGenerator('username', 1, (s) => s.faker.internet.username());
const firstName = valueGenerator('first-name', 1, (s) => s.faker.person.firstName());
const lastName = valueGenerator('last-name', 1, (s) => s.faker.person.lastName());
const fullName = valueGenerator('full-name', 1, (s) => s.faker.person.fullName());
const slug = valueGenerator('slug', 1, (s) => s.faker.lorem.slug(s.random.int(2, 5)));
const hex64 = valueGenerator('hex64', 1, (s) => {
  let text = '';
  for (let i = 0; i < 8; i++) text += hexWord(s.random.nextUint32());
  return text;
});
const url = valueGenerator('url', 1, (s) => s.faker.internet.url());
const imageUrl = valueGenerator('image-url', 1, (s) => `https://picsum.photos/seed/${hexWord(s.random.nextUint32())}/640/480`);
const phone = valueGenerator('phone', 1, (s) => s.faker.phone.number());
const company = valueGenerator('company', 1, (s) => s.faker.company.name());
const productName = valueGenerator('product-name', 1, (s) => s.faker.commerce.productName());
const countryCode = valueGenerator('country-code', 1, (s) => s.faker.location.countryCode());
const countryCode3 = valueGenerator('country-code-alpha3', 1, (s) => s.faker.location.countryCode('alpha-3'));

/** Below this length the usual email (first.last123@example.com) is cut into no email at all. */
const SHORT_EMAIL_LENGTH = 40;
/** `@` and the shortest domain that reads as one. */
const SHORT_DOMAIN = '@ex.io';

/**
 * An email that fits a short column whole: a first name cut to the room left
 * by `@ex.io` (and, when unique, the row's ordinal after it): `gloria@ex.io`,
 * `glo1042@ex.io`. Undefined for a column long enough for the usual one, or
 * too short for any (fewer than 8 characters: cut, as any value).
 */
function shortEmail(t: ColumnTraits): ValueGenerator | undefined {
  const max = t.length;
  if (max === undefined || max >= SHORT_EMAIL_LENGTH || max < SHORT_DOMAIN.length + 2) return undefined;
  const room = max - SHORT_DOMAIN.length;
  if (!t.unique) return valueGenerator(`email-short<=${max}`, 1, (s) => `${(asciiLower(s.faker.person.firstName()) || 'user').slice(0, room)}${SHORT_DOMAIN}`);
  return valueGenerator(`email-short-unique<=${max}`, 1, (s) => {
    const tail = String(s.ordinal);
    return `${(asciiLower(s.faker.person.firstName()) || 'u').slice(0, Math.max(0, room - tail.length))}${tail}${SHORT_DOMAIN}`;
  });
}
const country = valueGenerator('country', 1, (s) => s.faker.location.country());
const city = valueGenerator('city', 1, (s) => s.faker.location.city());
const street = valueGenerator('street', 1, (s) => s.faker.location.streetAddress());
const zip = valueGenerator('zip', 1, (s) => s.faker.location.zipCode());
const state = valueGenerator('state', 1, (s) => s.faker.location.state());
const jobTitle = valueGenerator('job-title', 1, (s) => s.faker.person.jobTitle());
const title = valueGenerator('title', 1, (s) => s.faker.lorem.sentence({ min: 3, max: 8 }).replace(/\.$/, ''));
const description = valueGenerator('description', 1, (s) => s.faker.lorem.sentences(s.random.int(1, 2)));
const body = valueGenerator('body', 1, (s) => s.faker.lorem.paragraphs(s.random.int(1, 3)));
const color = valueGenerator('color', 1, (s) => s.faker.color.human());
const currency = valueGenerator('currency', 1, (s) => s.faker.finance.currencyCode());
const timeZone = valueGenerator('time-zone', 1, (s) => s.faker.location.timeZone());
const ipv4 = valueGenerator('ipv4', 1, (s) => `10.${s.random.int(0, 255)}.${s.random.int(0, 255)}.${s.random.int(1, 254)}`);
const simpleArray = valueGenerator('simple-array', 1, (s) => {
  const n = s.random.int(1, 3);
  const items: string[] = [];
  for (let i = 0; i < n; i++) items.push(s.faker.lorem.word());
  return items;
});
const jsonObject = valueGenerator('json-object', 1, (s: ValueState) => ({ note: s.faker.lorem.words(s.random.int(1, 3)), score: s.random.int(0, 100), flag: s.random.bool() }));
