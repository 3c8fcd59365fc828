import { ArticleEntity } from './article.entity';
import { Comment } from './comment.entity';
import { FollowsEntity } from './follows.entity';
import { TagEntity } from './tag.entity';
import { UserEntity } from './user.entity';

export { ArticleEntity, Comment, FollowsEntity, TagEntity, UserEntity };

/** The RealWorld app's entities, as its DataSource lists them. */
export const realWorldEntities = [UserEntity, ArticleEntity, Comment, FollowsEntity, TagEntity];
