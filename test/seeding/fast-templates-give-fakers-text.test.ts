import { Faker, base, en } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import { RANDOMIZERS, SEEDS } from './support/faker-randomizers';
import { speedUpTemplates } from '../../src/seeding/fast-templates';

/** What a call gave: its text, or the error it threw (message and all). */
function outcome(call: () => unknown): unknown {
  try {
    return call();
  } catch (error) {
    return { threw: error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error) };
  }
}

/** Templates of every shape fake() meets: faker's own, and the odd ones it must treat as faker does. */
const TEMPLATES = [
  '',
  'no expression',
  '{{person.firstName}}',
  '{{person.firstName}} {{person.lastName}}',
  '{{person.last_name.generic}}',
  'Dr. {{person.first_name.female}}-{{person.last_name.generic}}!',
  '{{location.street_pattern}}',
  '{{company.name_pattern}}',
  '{{string.numeric(4)}}-{{person.firstName}}',
  '{{number.int({"min":1,"max":9})}}',
  '{{person}}',
  '{{person.nothing}}',
  '{{person.firstName.length}}',
  '{{person.}}',
  '{{.person}}',
  '{{person..firstName}}',
  '{{ person.firstName }}',
  '{{Person.firstName}}',
  '{person.firstName}',
  '{{person.firstName}',
  'a}}b{{person.firstName}}',
  '{{{{person.firstName}}',
  '{{person.firstName}}}}',
  '{{person.first{name}}',
  '{{animal.type}}-like {{word.adjective}}',
  '{{lorem.word}} {{datatype.boolean}} {{color.human}}',
  '{{location.postal_address}}',
  // Paths that throw when walked (definitions' proxy): faker makes the first expression's draws before it throws.
  '{{person.firstName}}{{definitions.person.nope}}',
  '{{constructor}}{{definitions.person.nope}}',
];

/** The mustache calls faker makes, and some it does not. */
function mustacheSample(f: Faker, i: number): unknown[] {
  const data = {
    'person.prefix': () => f.person.prefix(),
    'person.firstName': () => 'Ann$&',
    'person.middleName': () => f.person.middleName(),
    'person.lastName': (match: string, offset: number) => `${match.length}@${offset}`,
    'person.suffix': 'Jr.$1$$',
    'a+b': 'plus',
    '': 'empty',
  };
  return [
    f.helpers.mustache('{{person.prefix}} {{person.firstName}} {{person.lastName}} {{person.suffix}}', data),
    f.helpers.mustache('{{personXfirstName}} {{person\nfirstName}} {{person.firstName}}{{person.firstName}}', data),
    f.helpers.mustache('{{a+b}} {{aab}} {{}} {{person.middleName}}', data),
    f.helpers.mustache(undefined, data),
    // Values that are neither text nor a function: made a string, and then a replacement pattern.
    f.helpers.mustache('{{n}} {{o}} {{person.firstName}}', { n: 5, o: { toString: () => '<$&>' } } as unknown as Record<string, string>),
    // Keys of digits alone are quantifiers in the expression: `{{1}}` matches `{}`.
    f.helpers.mustache('{{1}} {} {{12}} {{}} {1}', { 1: 'x', 12: 'y' }),
    outcome(() => f.helpers.mustache('{{a}}', { a: () => Symbol('s') } as unknown as Record<string, string>)),
    outcome(() => f.helpers.mustache(5 as unknown as string, { a: 'b' })),
    f.helpers.mustache(`${i} {{person.lastName}}`, { 'person.lastName': () => f.person.lastName() }),
  ];
}

function sample(f: Faker): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < 150; i++) {
    out.push(
      f.person.firstName(),
      f.person.lastName(),
      f.person.fullName(),
      f.person.fullName({ sex: 'female' }),
      f.person.bio(),
      f.person.jobTitle(),
      f.internet.username(),
      f.internet.email(),
      f.internet.userAgent(),
      f.location.city(),
      f.location.streetAddress(true),
      f.company.name(),
      f.commerce.productName(),
      f.commerce.productDescription(),
      f.finance.transactionDescription(),
      f.hacker.phrase(),
      f.food.dish(),
      ...TEMPLATES.map((t) => outcome(() => f.helpers.fake(t))),
      outcome(() => f.helpers.fake(['{{person.firstName}}', 'plain', '{{string.numeric(2)}}'])),
      ...mustacheSample(f, i),
    );
  }
  return out;
}

describe('the fast templates', () => {
  for (const [name, make] of Object.entries(RANDOMIZERS)) {
    it(`give what faker gives for the same seed, call after call, with ${name}`, () => {
      for (const seed of SEEDS) {
        const plain = new Faker({ locale: [en, base], randomizer: make(seed) });
        const fast = new Faker({ locale: [en, base], randomizer: make(seed) });
        speedUpTemplates(fast);
        expect(sample(fast)).toEqual(sample(plain));
      }
    });
  }

  it("hand a template faker's own code, whole: faker's steps do not come back through the fast path (which would keep every string in between)", () => {
    const f = new Faker({ locale: [en, base], seed: 9 });
    speedUpTemplates(f);
    const fast = f.helpers.fake;
    let calls = 0;
    f.helpers.fake = ((pattern: string) => {
      calls++;
      return fast(pattern);
    }) as typeof fast;
    for (const template of ['{{string.numeric(6)}}-{{person.firstName}}-{{color.human}}', '{{location.street_pattern}} {{person.firstName}}', '{x} {{person.firstName}}']) {
      calls = 0;
      expect(f.helpers.fake(template)).not.toContain('{{');
      expect(calls, template).toBe(1);
    }
  });

  it('are tested on templates that resolve, that fall back, and that fail', () => {
    const f = new Faker({ locale: [en, base], seed: 5 });
    speedUpTemplates(f);
    const results = TEMPLATES.map((t) => outcome(() => f.helpers.fake(t)));
    const failed = results.filter((r) => typeof r === 'object' && r !== null && 'threw' in r);
    expect(failed.length).toBeGreaterThan(2);
    expect(results.filter((r) => typeof r === 'string' && r.length > 0 && !r.includes('{')).length).toBeGreaterThan(10);
  });
});
