-- Articles detente could not read or code: one row per article (origin) and kind of
-- problem. Written by detente.ingest next to the articles/events tables; re-running
-- the same ingest updates last_seen and changes nothing else.
CREATE TABLE IF NOT EXISTS errors (
    origin      VARCHAR NOT NULL,   -- where the article is: file, file:line, file#entry
    kind        VARCHAR NOT NULL,   -- empty, binary, encoding, malformed, no-article, too-large,
                                    -- date, language, unreadable, coding
    reason      VARCHAR NOT NULL,   -- what is wrong, and what to do about it
    article_id  VARCHAR,            -- when the article was read far enough to have one
    input       VARCHAR,            -- the path or URL given to `detente ingest`
    first_seen  TIMESTAMP DEFAULT current_timestamp,
    last_seen   TIMESTAMP DEFAULT current_timestamp,
    PRIMARY KEY (origin, kind)
);
