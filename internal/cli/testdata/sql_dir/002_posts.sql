CREATE TABLE posts (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title   text NOT NULL
);
CREATE INDEX posts_user_id_idx ON posts (user_id);
