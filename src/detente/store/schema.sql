-- detente's event store (DuckDB). One row per article, per event and per mention.
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
