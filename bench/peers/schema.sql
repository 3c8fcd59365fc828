-- The peer workload: users and their posts, one FK, the unique email, an index on the FK.
DROP TABLE IF EXISTS posts, users CASCADE;
CREATE TABLE users (
  id serial PRIMARY KEY,
  email varchar(320) NOT NULL UNIQUE,
  name varchar(120) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE posts (
  id serial PRIMARY KEY,
  author_id integer NOT NULL REFERENCES users (id),
  title varchar(200) NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX posts_author_id ON posts (author_id);
