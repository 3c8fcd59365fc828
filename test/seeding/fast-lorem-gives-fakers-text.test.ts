import { Faker, base, en, generateMersenne53Randomizer } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import { RANDOMIZERS, SEEDS } from './support/faker-randomizers';
import { speedUpLorem } from '../../src/seeding/fast-lorem';

/** Every lorem call a factory might make, with and without options, in one fixed order. */
function sample(faker: Faker): string[] {
  const out: string[] = [];
  for (let i = 0; i < 300; i++) {
    out.push(
      faker.lorem.word(),
      faker.lorem.word(5),
      faker.lorem.word({ length: { min: 3, max: 6 }, strategy: 'closest' }),
      faker.lorem.words(),
      faker.lorem.words(i % 7),
      faker.lorem.words({ min: 0, max: 4 }),
      faker.lorem.sentence(),
      faker.lorem.sentence({ min: 3, max: 9 }),
      faker.lorem.sentences(),
      faker.lorem.sentences(2, '\n'),
      faker.lorem.paragraph(),
      faker.lorem.paragraph(8),
      faker.lorem.paragraphs({ min: 1, max: 3 }),
      faker.lorem.lines(),
      faker.lorem.slug(),
      faker.lorem.text(),
      faker.person.fullName(),
    );
  }
  return out;
}

describe('the fast lorem', () => {
  for (const [name, make] of Object.entries(RANDOMIZERS)) {
    it(`gives the text faker gives for the same seed, call after call, with ${name}`, () => {
      for (const seed of SEEDS) {
        const plain = new Faker({ locale: [en, base], randomizer: make(seed) });
        const randomizer = make(seed);
        const fast = new Faker({ locale: [en, base], randomizer });
        speedUpLorem(fast, randomizer);
        expect(sample(fast)).toEqual(sample(plain));
      }
    });
  }

  it('capitalises a first word as faker does, whatever its first character', () => {
    const words = ['', 'ß', 'éclair', '𝒳y', '1a', 'Ab'];
    const locale = { lorem: { word: words } };
    const plain = new Faker({ locale: [locale, base], randomizer: generateMersenne53Randomizer(3) });
    const randomizer = generateMersenne53Randomizer(3);
    const fast = new Faker({ locale: [locale, base], randomizer });
    speedUpLorem(fast, randomizer);
    const sentences = (f: Faker) => Array.from({ length: 400 }, (_, i) => f.lorem.sentence(i % 5));
    expect(sentences(fast)).toEqual(sentences(plain));
    expect(new Set(sentences(new Faker({ locale: [locale, base], seed: 3 }))).size).toBeGreaterThan(50);
  });

  it('leaves a faker without lorem words as it is', () => {
    const randomizer = generateMersenne53Randomizer(1);
    const bare = new Faker({ locale: [base], randomizer });
    speedUpLorem(bare, randomizer);
    expect(() => bare.lorem.word()).toThrow();
  });
});
