-- migrate-bot's own tables (River's live beside them, created by rivermigrate).
CREATE TABLE mb_delivery (
    id          text   PRIMARY KEY,          -- X-GitHub-Delivery
    event       text   NOT NULL,             -- X-GitHub-Event
    action      text   NOT NULL,             -- payload "action" ("" when none)
    received_at bigint NOT NULL              -- unix seconds
);
CREATE INDEX mb_delivery_received_at ON mb_delivery (received_at);

CREATE TABLE mb_pull_request_state (
    repo       text   NOT NULL,              -- owner/name
    number     int    NOT NULL,
    state      bytea  NOT NULL,              -- opaque JSON owned by internal/bot
    updated_at bigint NOT NULL,
    PRIMARY KEY (repo, number)
);

CREATE TABLE mb_result (
    repo        text   NOT NULL,
    head_sha    text   NOT NULL,
    number      int    NOT NULL,
    conclusion  text   NOT NULL,             -- check run conclusion
    recorded_at bigint NOT NULL,
    PRIMARY KEY (repo, head_sha)
);
