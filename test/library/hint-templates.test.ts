import { expect, it } from 'vitest';
import { CLI_HINT_WORDS } from '../../src/cli/cli-hint-words';
import { LIBRARY_HINT_WORDS, renderHint } from '../../src/errors';
import { FactoryError } from '../../src/seeding/factory-error';

it('words only the terms it knows: braces in quoted text, {constructor} and {toString} included, are left as they are', () => {
  expect(renderHint('{resume} continues it; {host}:{port}, {constructor} {toString} {__proto__}', CLI_HINT_WORDS)).toBe(
    '--resume continues it; {host}:{port}, {constructor} {toString} {__proto__}',
  );
  expect(renderHint('{resume} continues it', LIBRARY_HINT_WORDS)).toBe("mode: 'resume' continues it");
  const error = new FactoryError('factory of Post', 'posts', 4, new Error('no {constructor} here'));
  expect(error.message).toMatch(/^the factory of Post threw on row 5 of posts: no \{constructor\} here; fix the factory; a run it stopped continues with mode: 'resume'/);
  expect(error.describe(CLI_HINT_WORDS)).toMatch(/continues with --resume, or starts over with --truncate$/);
});
