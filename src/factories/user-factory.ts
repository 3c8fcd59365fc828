import { User, type UserProfile } from '../entities/user';
import { defineFactory } from '../seeding/define-factory';
import { asciiLetters } from './ascii-slug';
import { between, userJoinedAt } from './example-timeline';
import { REFERENCE_DATE_MS } from './reference-date';

const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example.com', 'inbox.example.org'];
const INTERESTS = ['typescript', 'postgres', 'cooking', 'cycling', 'jazz', 'photography', 'chess', 'gardening', 'travel', 'design', 'rust', 'climbing'];

/**
 * Users. Email and username carry the id after ASCII letters only, so they are
 * unique by construction (the digits are exactly the id), never by retrying.
 */
export const userFactory = defineFactory(User, (ctx) => {
  const { faker, random } = ctx;
  const id = ctx.id ?? ctx.index + 1;
  const first = faker.person.firstName();
  const last = faker.person.lastName();
  const f = asciiLetters(first, 24, 'user');
  const l = asciiLetters(last, 24, 'x');
  const joined = userJoinedAt(ctx, ctx.index);
  const profile: UserProfile = {
    bio: faker.person.bio(),
    location: `${faker.location.city()}, ${faker.location.country()}`,
    avatarUrl: `https://avatars.example.com/u/${id}.png`,
    interests: faker.helpers.arrayElements(INTERESTS, random.int(1, 4)),
  };
  if (random.bool(0.4)) profile.website = `https://${f}${l}.example.dev`;
  return {
    id,
    email: `${f}.${l}${id}@${random.pick(EMAIL_DOMAINS)}`,
    username: `${f}_${l}${id}`,
    displayName: `${first} ${last}`.slice(0, 120),
    profile,
    isActive: random.bool(0.92),
    createdAt: new Date(joined),
    updatedAt: new Date(between(random.next(), joined, REFERENCE_DATE_MS)),
  };
});
