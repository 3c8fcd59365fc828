import { Faker, base, en } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import { RANDOMIZERS, SEEDS } from './support/faker-randomizers';
import { speedUpTemplates } from '../../src/seeding/fast-templates';
import { speedUpUsername } from '../../src/seeding/fast-username';

/** Names faker must make ASCII, and ASCII ones with what it drops. */
const NAMES = ['José', 'Zoë', 'Øyvind', 'Дмитрий', 'Ἀθηνᾶ', '王芳', 'Ærøskøbing', 'ß', '𝒳', '😀', "O'Brien", 'Mary Ann', 'a\tb', '', 'Ann-Marie', 'x\u0301'];

function sample(f: Faker): string[] {
  const out: string[] = [];
  for (let i = 0; i < 200; i++) {
    const name = NAMES[i % NAMES.length]!;
    out.push(
      f.internet.username(),
      f.internet.username({ firstName: name }),
      f.internet.username({ lastName: name }),
      f.internet.username({ firstName: name, lastName: NAMES[(i + 3) % NAMES.length] }),
      f.internet.username({ firstName: 'Ann', lastName: '' }),
      f.internet.email(),
      f.internet.email({ firstName: name, provider: 'example.com' }),
      f.internet.email({ firstName: name, lastName: 'Smith', allowSpecialCharacters: true }),
      f.internet.exampleEmail(),
      f.person.fullName(),
    );
  }
  return out;
}

describe('the fast username', () => {
  for (const [name, make] of Object.entries(RANDOMIZERS)) {
    it(`gives the usernames and emails faker gives for the same seed, call after call, with ${name}`, () => {
      for (const seed of SEEDS) {
        const plain = new Faker({ locale: [en, base], randomizer: make(seed) });
        const fast = new Faker({ locale: [en, base], randomizer: make(seed) });
        speedUpTemplates(fast);
        speedUpUsername(fast);
        expect(sample(fast)).toEqual(sample(plain));
      }
    });
  }

  it('takes the place of faker\'s username on a faker that behaves as it expects', () => {
    const f = new Faker({ locale: [en, base], seed: 1 });
    const before = f.internet.username;
    speedUpUsername(f);
    expect(f.internet.username).not.toBe(before);
  });
});
