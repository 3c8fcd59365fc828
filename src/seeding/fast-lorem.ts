import type { Faker, Randomizer } from '@faker-js/faker';

type Count = number | { min: number; max: number };

/**
 * Gives `faker` a faster lorem with the very same output: the same random
 * draws in the same order, so the same text for the same seed. `randomizer`
 * must be the one `faker` was made with.
 *
 * Faker's lorem.word() copies the whole word list on every call (its length
 * filter returns `[...list]` when no length is asked for), reads it through
 * the definitions proxy and draws through number.int's checks; words() and
 * sentences() build an array through helpers.multiple to join it; sentence()
 * capitalises by copying the whole sentence once more. Here a word is
 * `list[floor(next() * length)]`, which is what number.int({ max }) draws
 * (floor(next() * (max + 1))), and a sentence starts with the word already
 * capitalised, as faker's charAt(0).toUpperCase() + substring(1) of the
 * sentence would make it. At 100k posts of 8-sentence bodies that was about
 * half of generation. The words after a sentence's first are kept with their
 * leading space, so a sentence is one concatenation per word instead of two:
 * half the pieces for the COPY encoder to flatten, and no short-lived
 * ' word' string per word (peer workload, one thread: 7.7 to 4.2 us a post
 * to make, 5.5 to 3.5 to encode). A word() with options (length, strategy) and
 * everything else in faker stay faker's own.
 */
export function speedUpLorem(faker: Faker, randomizer: Randomizer): void {
  const lorem = faker.lorem;
  const list = faker.rawDefinitions.lorem?.word;
  const originalWord = lorem.word;
  if (!Array.isArray(list) || list.length === 0) return;
  const size = list.length;
  // faker.number.int({ max: size - 1 }): 0 without a draw when the list has one word.
  const index = size > 1 ? () => Math.floor(randomizer.next() * size) : () => 0;
  const capitalised = list.map((w) => w.charAt(0).toUpperCase() + w.substring(1));
  // Words after the first of a sentence come with their space: one string joined per word, not two.
  const spaced = list.map((w) => ` ${w}`);
  const word = () => list[index()]!;
  // helpers.multiple's count: helpers.rangeToNumber.
  const countOf = (count: Count) => (typeof count === 'number' ? count : faker.number.int(count));
  const joined = (n: number, first: () => string, next: () => string, separator: string) => {
    if (n <= 0) return '';
    let text = first();
    for (let i = 1; i < n; i++) text += separator + next();
    return text;
  };
  /** `n` words joined by spaces, the first one from `first`. */
  const spacedWords = (n: number, first: readonly string[]) => {
    if (n <= 0) return '';
    let text = first[index()]!;
    for (let i = 1; i < n; i++) text += spaced[index()]!;
    return text;
  };
  lorem.word = ((options?: Parameters<Faker['lorem']['word']>[0]) => (options === undefined ? word() : originalWord(options))) as Faker['lorem']['word'];
  lorem.words = ((count: Count = 3) => spacedWords(countOf(count), list)) as Faker['lorem']['words'];
  // faker: words(count), then its first character upper-cased, then '.' ('.' alone for no words).
  lorem.sentence = ((count: Count = { min: 3, max: 10 }) => `${spacedWords(countOf(count), capitalised)}.`) as Faker['lorem']['sentence'];
  lorem.sentences = ((count: Count = { min: 2, max: 6 }, separator = ' ') => joined(countOf(count), () => lorem.sentence(), () => lorem.sentence(), separator)) as Faker['lorem']['sentences'];
}
