import { Faker, base, en } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
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
  it('gives the text faker gives for the same seed, call after call', () => {
    for (const seed of [1, 42, 2_026]) {
      const plain = new Faker({ locale: [en, base], seed });
      const fast = new Faker({ locale: [en, base], seed });
      speedUpLorem(fast);
      expect(sample(fast)).toEqual(sample(plain));
    }
  });

  it('leaves a faker without lorem words as it is', () => {
    const bare = new Faker({ locale: [base], seed: 1 });
    speedUpLorem(bare);
    expect(() => bare.lorem.word()).toThrow();
  });
});
