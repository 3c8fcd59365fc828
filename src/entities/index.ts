import { Comment } from './comment';
import { Follow } from './follow';
import { Post } from './post';
import { PostTag } from './post-tag';
import { Tag } from './tag';
import { User } from './user';

export { Comment, Follow, Post, PostTag, Tag, User };
export { PostStatus } from './post';
export type { UserProfile } from './user';

/** The example application schema: a small content platform. */
export const exampleEntities = [User, Post, Comment, Tag, PostTag, Follow];
