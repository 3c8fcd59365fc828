import type { Faker, Randomizer } from '@faker-js/faker';
import { ENGLISH, EnglishFaker } from './english-faker';

/** A randomizer whose every draw is 0: the first choice of every arrayElement, number.int's minimum. */
const FIRST_CHOICES: Randomizer = { next: () => 0, seed: () => undefined };

/** Characters faker's username keeps as they are, but for `'` and ` `, which it drops. */
const PLAIN = /^[\x20-\x7e]*$/;

/**
 * Gives `faker` a faster `internet.username` (and so `internet.email`, which
 * makes its name with it) with the very same output: the same draws in the
 * same order, the same text.
 *
 * Faker's username draws the names, a separator, a number and a pattern,
 * and then makes the result ASCII: NFKD normalization, combining marks
 * dropped, a spread into code points, a transliteration table looked up
 * for each, a join, and `'` and ` ` removed (about 2 of its 3 us, the names
 * aside). For a result already of printable ASCII, all but the removals give
 * it back unchanged; here such a result skips them, and any other is made
 * ASCII by faker's own code (its username, with the result as the first
 * name and draws that add `.0`, which faker keeps as it is and is cut off).
 * When that faker does not behave as this expects (another version), its
 * username stays as it is.
 */
export function speedUpUsername(faker: Faker): void {
  const internet = faker.internet;
  const helpers = faker.helpers;
  const asFaker = fakersAscii();
  if (!asFaker) return;
  const separators = ['.', '_'];
  const withLastName = [0, 1];
  const withoutLastName = [0, 1, 2];
  internet.username = ((options: { firstName?: string; lastName?: string } = {}): string => {
    // Faker's order: first name, last name, separator, number, pattern (the third only without a last name given).
    const { firstName = faker.person.firstName(), lastName = faker.person.lastName(), lastName: given } = options;
    const separator = helpers.arrayElement(separators);
    const number = faker.number.int(99);
    const pattern = helpers.arrayElement(given ? withLastName : withoutLastName);
    const raw = pattern === 0 ? `${firstName}${separator}${lastName}${number}` : pattern === 1 ? `${firstName}${separator}${lastName}` : `${firstName}${number}`;
    return PLAIN.test(raw) ? raw.replaceAll("'", '').replaceAll(' ', '') : asFaker(raw);
  }) as Faker['internet']['username'];
}

/** fakersAscii's answer, once per thread. */
let ascii: ((text: string) => string) | null | undefined;

/**
 * Faker's own ASCII of a username (a faker of this thread with
 * FIRST_CHOICES draws), or null when that faker does not behave as
 * speedUpUsername expects.
 */
function fakersAscii(): ((text: string) => string) | null {
  if (ascii !== undefined) return ascii;
  const probe = new EnglishFaker({ locale: ENGLISH, randomizer: FIRST_CHOICES });
  const asFaker = (text: string): string => probe.internet.username({ firstName: text, lastName: '' }).slice(0, -2);
  const printable = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
  try {
    ascii = asFaker(printable) === printable.replaceAll("'", '').replaceAll(' ', '') && probe.internet.username({ firstName: 'é', lastName: '' }) === 'e.0' ? asFaker : null;
  } catch {
    ascii = null;
  }
  return ascii;
}
