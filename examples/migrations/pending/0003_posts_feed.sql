SET lock_timeout = '5s';
SET statement_timeout = '5min';

-- A longer limit: varchar(100) to varchar(200) changes only the catalog (pgopt knows the old type from history).
ALTER TABLE users ALTER COLUMN display_name TYPE varchar(200);

CREATE INDEX posts_created_at_idx ON posts (created_at);

ALTER TABLE posts ADD COLUMN views integer NOT NULL;
