export { exampleConfig } from './example-config';
export { userFactory } from './user-factory';
export { postFactory } from './post-factory';
export { commentFactory } from './comment-factory';
export { tagFactory } from './tag-factory';
export { postTagFactory } from './post-tag-factory';
export { followFactory } from './follow-factory';
export { REFERENCE_DATE_MS } from './reference-date';
