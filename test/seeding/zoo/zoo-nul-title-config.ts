import { defineFactory } from '../../../src/seeding/define-factory';
import { defineConfig } from '../../../src/seeding/reseed-config';
import { Article, Team, ZooUser } from './zoo-entities';

/**
 * The zoo's users, articles and teams, whose article row 25 has a title with
 * a NUL (no text PostgreSQL stores), after four rows that leave description
 * to its default (a COPY of their own): a config file for generation
 * workers, which load it by path.
 */
export const nulTitleFactory = defineFactory(
  Article,
  (ctx) => ({
    ...(ctx.index >= 20 && ctx.index < 24 ? {} : { description: 'given' }),
    ...(ctx.index === 24 ? { title: 'nul\u0000here' } : {}),
  }),
  { useDefaults: ['description'] },
);

export default defineConfig({ entities: [ZooUser, Article, Team], factories: [nulTitleFactory] });
