import { Tag } from '../entities/tag';
import { defineFactory } from '../seeding/define-factory';
import { REFERENCE_DATE_MS, YEAR_MS } from './reference-date';

/** Tag names in order of popularity: the post_tags factory favours low ranks. */
const TOPICS = [
  'javascript', 'typescript', 'postgres', 'webdev', 'tutorial', 'react', 'node', 'python', 'devops', 'career',
  'database', 'performance', 'testing', 'security', 'css', 'docker', 'kubernetes', 'rust', 'go', 'opensource',
  'beginners', 'architecture', 'api', 'cloud', 'linux', 'git', 'productivity', 'design', 'ai', 'sql',
  'graphql', 'vue', 'svelte', 'deno', 'aws', 'azure', 'gcp', 'microservices', 'observability', 'testing-library',
  'accessibility', 'mobile', 'android', 'ios', 'swift', 'kotlin', 'java', 'dotnet', 'php', 'ruby',
];

/** Tags. Names are unique by construction: a topic, plus a round number past the first list. */
export const tagFactory = defineFactory(Tag, (ctx) => {
  const { faker, random } = ctx;
  const id = ctx.id ?? ctx.index + 1;
  const key = id - 1;
  const topic = TOPICS[key % TOPICS.length]!;
  const round = Math.floor(key / TOPICS.length);
  return {
    id,
    name: round === 0 ? topic : `${topic}-${round + 1}`,
    description: random.bool(0.7) ? faker.lorem.sentence() : null,
    createdAt: new Date(REFERENCE_DATE_MS - 4 * YEAR_MS + Math.floor(random.next() * YEAR_MS)),
  };
});
