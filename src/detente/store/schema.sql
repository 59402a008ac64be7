-- detente's event store (DuckDB). One row per article, per report of an event in an
-- article (`events`, as the coder gave it) and per mention; `merged_events` holds one row
-- per event across articles, and `event_links` says which reports it merges.
CREATE TABLE IF NOT EXISTS articles (
    id          VARCHAR PRIMARY KEY,
    title       VARCHAR,
    text        VARCHAR,
    url         VARCHAR,
    published   DATE,
    source      VARCHAR,
    dateline    VARCHAR,
    origin      VARCHAR,
    n_events    INTEGER,
    ingested_at TIMESTAMP DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS events (
    event_id        VARCHAR PRIMARY KEY,
    doc_id          VARCHAR NOT NULL,
    source_code     VARCHAR NOT NULL,
    source_country  VARCHAR,
    source_sector   VARCHAR,
    source_name     VARCHAR,
    source_text     VARCHAR,
    target_code     VARCHAR,
    target_country  VARCHAR,
    target_sector   VARCHAR,
    target_name     VARCHAR,
    target_text     VARCHAR,
    cameo           VARCHAR NOT NULL,
    cameo_root      VARCHAR NOT NULL,
    goldstein       DOUBLE,
    quad_class      TINYINT,
    plover_type     VARCHAR,
    plover_mode     VARCHAR,
    plover_context  VARCHAR,
    date            DATE,
    date_precision  VARCHAR,
    date_fallback   BOOLEAN,
    location_name   VARCHAR,
    location_country VARCHAR,
    lat             DOUBLE,
    lon             DOUBLE,
    confidence      DOUBLE,
    n_mentions      INTEGER
);

CREATE TABLE IF NOT EXISTS mentions (
    event_id      VARCHAR NOT NULL,
    doc_id        VARCHAR NOT NULL,
    idx           INTEGER NOT NULL,
    sentence      VARCHAR,
    start_char    INTEGER,
    end_char      INTEGER,
    trigger       VARCHAR,
    trigger_start INTEGER,
    pattern       VARCHAR,
    date_text     VARCHAR,
    PRIMARY KEY (event_id, idx)
);

CREATE INDEX IF NOT EXISTS events_dyad ON events (source_country, target_country, date);
CREATE INDEX IF NOT EXISTS events_doc ON events (doc_id);

-- One row per event across articles: the reports that share the source and target codes
-- and the CAMEO root, with dates that agree within their precision (store/merge.py).
-- The fields come from the most precise report; the counts from all of them.
CREATE TABLE IF NOT EXISTS merged_events (
    merged_id       VARCHAR NOT NULL,
    event_id        VARCHAR NOT NULL,   -- the report the fields come from
    source_code     VARCHAR NOT NULL,
    source_country  VARCHAR,
    source_sector   VARCHAR,
    source_name     VARCHAR,
    target_code     VARCHAR,
    target_country  VARCHAR,
    target_sector   VARCHAR,
    target_name     VARCHAR,
    cameo           VARCHAR NOT NULL,
    cameo_root      VARCHAR NOT NULL,
    goldstein       DOUBLE,
    quad_class      TINYINT,
    plover_type     VARCHAR,
    plover_mode     VARCHAR,
    plover_context  VARCHAR,
    date            DATE,
    date_precision  VARCHAR,
    date_fallback   BOOLEAN,
    location_name   VARCHAR,
    location_country VARCHAR,
    lat             DOUBLE,
    lon             DOUBLE,
    confidence      DOUBLE,
    n_reports       INTEGER,            -- coded reports merged
    n_articles      INTEGER,            -- distinct articles
    n_sources       INTEGER,            -- distinct outlets (articles.source, else the article)
    n_mentions      INTEGER,            -- sentences, over all articles
    first_doc_id    VARCHAR,            -- the earliest published article
    first_url       VARCHAR,
    added_at        TIMESTAMP,
    lead_sentence   VARCHAR,            -- the first evidence sentence (for charts and tables)
    lead_doc_id     VARCHAR,
    -- every mention of every report, with its article: the evidence, ready to show
    evidence        STRUCT(event_id VARCHAR, doc_id VARCHAR, idx INTEGER, sentence VARCHAR, start_char INTEGER, end_char INTEGER, trigger VARCHAR, trigger_start INTEGER, pattern VARCHAR, date_text VARCHAR, title VARCHAR, url VARCHAR, source VARCHAR, published DATE)[]
);

CREATE TABLE IF NOT EXISTS event_links (
    event_id  VARCHAR NOT NULL,
    merged_id VARCHAR NOT NULL
);

CREATE INDEX IF NOT EXISTS merged_dyad ON merged_events (source_country, target_country, date);
CREATE INDEX IF NOT EXISTS merged_key ON merged_events (source_code, target_code, cameo_root);
CREATE INDEX IF NOT EXISTS links_merged ON event_links (merged_id);
CREATE INDEX IF NOT EXISTS links_event ON event_links (event_id);

-- The monthly relations series, pre-aggregated: one row per source and target country, month
-- and PLOVER type ('' when none) of the dated merged events with both countries. It is kept
-- in the same transaction as merged_events (store/duckdb.py), so readers see both agree;
-- `analysis.relations(by="month")` reads it instead of scanning every merged event.
CREATE TABLE IF NOT EXISTS dyad_months (
    source_country VARCHAR NOT NULL,
    target_country VARCHAR NOT NULL,
    month          DATE NOT NULL,
    plover_type    VARCHAR NOT NULL,
    n              BIGINT,              -- merged events
    mentions       BIGINT,
    articles       BIGINT,
    n_goldstein    BIGINT,              -- events with a Goldstein score
    goldstein_sum  DECIMAL(18, 3),
    q1             BIGINT,
    q2             BIGINT,
    q3             BIGINT,
    q4             BIGINT
);
