"""The PETRARCH actor/agent parsers, the compiled Phoenix data and the token matcher."""

from __future__ import annotations

import gzip
import json
import time
from datetime import date
from pathlib import Path

import pytest

from detente.dictionaries.actors import (
    ActorDictionary,
    ActorEntry,
    AgentEntry,
    Role,
    Stoplist,
    actor_to_json,
    load_actor_dictionary,
    parse_petrarch_actors,
    parse_petrarch_agents,
    parse_stoplist,
    parse_tabari_date,
    read_compiled_actors,
    read_petrarch_actors,
    read_petrarch_agents,
    spacy_tokenize,
)
from detente.errors import ConfigError

JUNE_16_2021 = date(2021, 6, 16)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def codes_in(
    d: ActorDictionary, sentence: str, day: date | None = JUNE_16_2021
) -> list[tuple[str, str | None]]:
    """(matched text, code on ``day``) for each dictionary match in ``sentence``."""
    tokens = spacy_tokenize(sentence)
    return [(" ".join(tokens[m.start : m.end]), d.code_on(m.entry, day)) for m in d.find(tokens)]


ACTORS = """\
# A small Phoenix-style actor file
RUSSIA_  [RUS]
+RUSSIAN_
+RUSSIAN_FEDERATION_
+MAZAR-I-SHARIF_

VLADIMIR_PUTIN_  # CountryInfo.txt
+PUTIN_
+VLADIMIR_V._PUTIN
+RUSSIAN_PRESIDENT_VLADIMIR_PUTIN
\t[RUSELI 700101-990809]
\t[RUSGOV 991231-080507]
\t[RUSGOV 990809-000507]
\t[RUSGOV >080508]
\t[RUSELI]

DICK_CHENEY_
\t[USAGOV 010120-090120]
\t[USAGOVMIL 19890321-19930120]
\t[USAELI]

UNITED_STATES_ [USA]
+US_
+U.S._ARMY
KREMLIN_ [RUSGOV]
JAVIER_DE_CUELLAR_\t[IGOUNO 820101-911231] [ELI]# IGOrulers.txt
OLD_MINISTER_ [KORGOVBUS 2004017-20061201] [KORELI]
CAMEO_SOURCE_ [USAGOV <090120]
TURKEY_ [TUR]
NOBODY_ [---]
<!-- an XML comment
   spanning lines [XXX] -->
BORIS_YELTSIN_
BORIS_N._YELTSIN
PRESIDENT_YELTSIN
\t[RUSGOV 910710-991231]
\t[RUSELI]
"""

AGENTS = """\
!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
!MINIST! = MINISTER, MINISTERS, MINISTRY, MINISTRIES

AMBASSADOR [~GOV] # LRP 02 Jun 2004
AMBASSADOR_TO {} [~GOV]
POLICE {} [~COP]
POLICE!PERSON! [~COP]
REBEL [~REB]
MILITIA [~MIL]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]
FOREIGN_!MINIST! [~GOV]
DEFENSE_MINIST [~GOVMIL]
BUS [~BUS]
OBSERVERS_IN [IGO~]
DEPARMENT_OF_ENVIRONMENT [~ENV}
ISLAMIC_EXTREMIST
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> ActorDictionary:
    root = tmp_path_factory.mktemp("dicts")
    return load_actor_dictionary(
        actors=write(root, "small.actors.txt", ACTORS),
        agents=write(root, "small.agents.txt", AGENTS),
    )


@pytest.fixture(scope="module")
def phoenix() -> ActorDictionary:
    started = time.perf_counter()
    d = load_actor_dictionary()
    elapsed = time.perf_counter() - started
    print(f"\nloaded Phoenix dictionary: {len(d.actors)} actors, {len(d.agents)} agents "
          f"in {elapsed:.2f} s")
    return d


# ---------------------------------------------------------------- actor parser


def test_entry_with_synonyms_and_dated_roles(tmp_path: Path) -> None:
    entries = {e.id: e for e in parse_petrarch_actors(write(tmp_path, "a.txt", ACTORS))}
    putin = entries["VLADIMIR_PUTIN"]
    assert putin.kind == "person"
    assert putin.names[0] == "vladimir putin"
    assert {"putin", "vladimir v. putin", "russian president vladimir putin"} <= set(putin.names)
    assert Role("RUSGOV", date(1999, 12, 31), date(2008, 5, 7)) in putin.roles
    assert Role("RUSGOV", date(2008, 5, 8), None) in putin.roles
    assert putin.default == "RUSELI"
    assert putin.source_file == "a.txt"


def test_names_are_tokenized_like_spacy(tmp_path: Path) -> None:
    entries = {e.id: e for e in parse_petrarch_actors(write(tmp_path, "a.txt", ACTORS))}
    assert "mazar - i - sharif" in entries["RUSSIA"].names
    # "U.S." is one spaCy token when capitalized, two in lowercase: both are kept
    assert {"u.s. army", "u.s . army"} <= set(entries["UNITED_STATES"].names)


def test_date_forms_and_century_rule() -> None:
    assert parse_tabari_date("080508") == date(2008, 5, 8)
    assert parse_tabari_date("291231") == date(2029, 12, 31)
    assert parse_tabari_date("310101") == date(1931, 1, 1)
    assert parse_tabari_date("19450628") == date(1945, 6, 28)
    for bad in ("2004017", "201005011", "080231"):
        with pytest.raises(ValueError):
            parse_tabari_date(bad)


def test_until_and_yyyymmdd_roles(tmp_path: Path) -> None:
    entries = {e.id: e for e in parse_petrarch_actors(write(tmp_path, "a.txt", ACTORS))}
    assert entries["CAMEO_SOURCE"].roles == (Role("USAGOV", None, date(2009, 1, 19)),)
    cheney = entries["DICK_CHENEY"]
    assert Role("USAGOVMIL", date(1989, 3, 21), date(1993, 1, 20)) in cheney.roles


def test_several_codes_on_the_entry_line(tmp_path: Path) -> None:
    entries = {e.id: e for e in parse_petrarch_actors(write(tmp_path, "a.txt", ACTORS))}
    cuellar = entries["JAVIER_DE_CUELLAR"]
    assert cuellar.roles == (Role("IGOUNO", date(1982, 1, 1), date(1991, 12, 31)),)
    assert cuellar.default == "ELI"


def test_malformed_dates_are_skipped_and_counted(tmp_path: Path) -> None:
    result = read_petrarch_actors(write(tmp_path, "a.txt", ACTORS))
    old = next(e for e in result.entries if e.id == "OLD_MINISTER")
    assert old.roles == () and old.default == "KORELI"
    assert result.warning_counts()["bad-date"] == 1
    bad = next(w for w in result.warnings if w.category == "bad-date")
    assert "2004017" in bad.detail and bad.line == ACTORS.splitlines().index(
        "OLD_MINISTER_ [KORGOVBUS 2004017-20061201] [KORELI]") + 1


def test_entry_kinds(tmp_path: Path) -> None:
    entries = {e.id: e for e in parse_petrarch_actors(write(tmp_path, "a.txt", ACTORS))}
    assert entries["RUSSIA"].kind == "country"
    assert entries["TURKEY"].kind == "country"
    assert entries["DICK_CHENEY"].kind == "person"
    assert entries["KREMLIN"].kind == "org"


DATED_COUNTRIES = """\
UKRAINE_  [USRUKR <910823] [UKRUNR 910824-911221] [UKR >911221]
SERBIA_  [YUGSRB <920426] [SCGSRB 920428-060605] [SRB >060605]
ZIMBABWE_  [RHO <790606] [ZWE]
EAST_GERMANY_  [DDR 491007-901003]
KOFI_ANNAN_  [IGOUNO 970101-061231]
"""


def test_dated_countries_are_countries_coded_by_todays_state(tmp_path: Path) -> None:
    entries = {e.id: e for e in parse_petrarch_actors(write(tmp_path, "c.txt", DATED_COUNTRIES))}
    assert {k: e.kind for k, e in entries.items()} == {
        "UKRAINE": "country", "SERBIA": "country", "ZIMBABWE": "country", "EAST_GERMANY": "country",
        "KOFI_ANNAN": "person"}
    # the same territory inside a former state keeps today's code at every date ...
    assert (entries["UKRAINE"].state, entries["SERBIA"].state) == ("UKR", "SRB")
    # ... another state (Rhodesia) or one that is gone is coded by date
    assert entries["ZIMBABWE"].state is None and entries["EAST_GERMANY"].state is None
    assert ActorDictionary.code_on(entries["ZIMBABWE"], date(1978, 12, 23)) == "RHO"


def test_phoenix_dated_countries(phoenix: ActorDictionary) -> None:
    for name, code in (("ukraine", "UKR"), ("serbia", "SRB"), ("kazakhstan", "KAZ")):
        entry = phoenix.lookup(name)[0]
        assert (entry.kind, entry.state) == ("country", code)  # type: ignore[union-attr]


def test_comments_and_entries_without_code(tmp_path: Path) -> None:
    result = read_petrarch_actors(write(tmp_path, "a.txt", ACTORS))
    ids = {e.id for e in result.entries}
    assert "NOBODY" not in ids  # [---]: explicitly no code
    assert not any("XXX" in (e.default or "") for e in result.entries)
    assert result.warning_counts()["no-code"] == 1


def test_bare_name_lines_are_synonyms_of_the_next(tmp_path: Path) -> None:
    result = read_petrarch_actors(write(tmp_path, "a.txt", ACTORS))
    yeltsin = next(e for e in result.entries if e.id == "BORIS_YELTSIN")
    assert {"boris yeltsin", "boris n. yeltsin", "president yeltsin"} <= set(yeltsin.names)
    assert yeltsin.default == "RUSELI"
    assert result.warning_counts()["joined"] == 2


def test_names_without_trailing_underscore_are_counted(tmp_path: Path) -> None:
    result = read_petrarch_actors(write(tmp_path, "a.txt", ACTORS))
    # VLADIMIR_V._PUTIN, RUSSIAN_PRESIDENT_VLADIMIR_PUTIN, U.S._ARMY, BORIS_N._YELTSIN,
    # PRESIDENT_YELTSIN
    assert result.stats["names_without_underscore"] == 5


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="--actors"):
        parse_petrarch_actors(tmp_path / "nope.actors.txt")


# ---------------------------------------------------------------- agent parser


def test_agents_plurals_and_braces(tmp_path: Path) -> None:
    agents = {a.id: a for a in parse_petrarch_agents(write(tmp_path, "g.txt", AGENTS))}
    assert agents["AMBASSADOR"].names == ("ambassador", "ambassadors")
    assert agents["AMBASSADOR"].code == "GOV"
    assert agents["POLICE"].names == ("police",)
    assert agents["MILITIA"].names == ("militia", "militias")
    assert agents["BUS"].names == ("bus", "buses")
    assert agents["ATTORNEY_GENERAL"].names == ("attorney general", "attorneys general")


def test_agent_substitution_sets(tmp_path: Path) -> None:
    agents = {a.id: a for a in parse_petrarch_agents(write(tmp_path, "g.txt", AGENTS))}
    assert set(agents["FOREIGN_!MINIST!"].names) == {
        "foreign minister", "foreign ministers", "foreign ministry", "foreign ministries"}
    assert "policewomen" in agents["POLICE!PERSON!"].names
    assert set(agents["DEFENSE_MINIST"].names) >= {"defense minister", "defense ministry"}


def test_agent_object_and_prefix_codes(tmp_path: Path) -> None:
    agents = {a.id: a for a in parse_petrarch_agents(write(tmp_path, "g.txt", AGENTS))}
    assert agents["AMBASSADOR_TO"].takes_object
    assert agents["AMBASSADOR_TO"].names == ("ambassador to",)
    assert not agents["AMBASSADOR"].takes_object
    assert agents["OBSERVERS_IN"].code == "IGO" and agents["OBSERVERS_IN"].code_first


def test_agent_lines_without_a_readable_code(tmp_path: Path) -> None:
    result = read_petrarch_agents(write(tmp_path, "g.txt", AGENTS))
    ids = {a.id for a in result.entries}
    assert "ISLAMIC_EXTREMIST" not in ids
    assert "DEPARMENT_OF_ENVIRONMENT" in ids  # "[~ENV}" is repaired, and reported
    assert result.warning_counts() == {"no-code": 1, "bad-code": 1}


# ---------------------------------------------------------------- matcher


def test_longest_match_left_to_right(small: ActorDictionary) -> None:
    assert codes_in(small, "Russian President Vladimir Putin told the ambassador to Turkey.") == [
        ("Russian President Vladimir Putin", "RUSGOV"),
        ("ambassador to", "GOV"),
        ("Turkey", "TUR"),
    ]


def test_matches_do_not_overlap_and_accept_lowercase(small: ActorDictionary) -> None:
    tokens = "the russian foreign ministry said police and rebels clashed".split()
    found = [(tokens[m.start], m.end - m.start, m.name) for m in small.find(tokens)]
    assert found == [
        ("russian", 1, "russian"),
        ("foreign", 2, "foreign ministry"),
        ("police", 1, "police"),
        ("rebels", 1, "rebels"),
    ]


def test_us_matches_only_in_capitals(small: ActorDictionary) -> None:
    assert codes_in(small, "The US envoy met Putin.")[0] == ("US", "USA")
    assert codes_in(small, "Putin told us he would not go.") == [("Putin", "RUSGOV")]
    assert "US" in small.case_sensitive_names


def test_stoplist_guards(tmp_path: Path) -> None:
    stop = parse_stoplist("# comment\nkremlin\n^turkey\n=US\n")
    assert stop == Stoplist(frozenset({"kremlin"}), frozenset({"turkey"}), frozenset({"US"}))
    d = ActorDictionary.build(parse_petrarch_actors(write(tmp_path, "a.txt", ACTORS)), (), stop)
    assert "kremlin" in d.stopped
    assert codes_in(d, "The Kremlin said Turkey must cook the turkey.") == [("Turkey", "TUR")]


def test_code_on_dates(small: ActorDictionary) -> None:
    putin = small.entries_by_id["VLADIMIR_PUTIN"]
    assert small.code_on(putin, JUNE_16_2021) == "RUSGOV"
    assert small.code_on(putin, date(1995, 3, 1)) == "RUSELI"
    assert small.code_on(putin, date(1965, 3, 1)) == "RUSELI"  # no role: the default
    assert small.code_on(putin, None) == "RUSGOV"  # the open-ended role
    cheney = small.entries_by_id["DICK_CHENEY"]
    assert small.code_on(cheney, date(1991, 2, 1)) == "USAGOVMIL"
    assert small.code_on(cheney, None) == "USAELI"
    source = small.entries_by_id["CAMEO_SOURCE"]
    assert small.code_on(source, date(2009, 1, 19)) == "USAGOV"
    assert small.code_on(source, date(2009, 1, 20)) is None


def test_find_walks_a_long_text_once(small: ActorDictionary) -> None:
    sentence = spacy_tokenize("Police said Putin met the ambassador to Turkey in Moscow.")
    matches = small.find(sentence * 2000)
    assert len(matches) == 4 * 2000
    assert [m.start for m in matches[4:8]] == [m.start + len(sentence) for m in matches[:4]]


def test_compiled_jsonl_round_trip(tmp_path: Path) -> None:
    entries = parse_petrarch_actors(write(tmp_path, "a.txt", ACTORS))
    path = tmp_path / "actors.jsonl.gz"
    lines = "".join(json.dumps(actor_to_json(e)) + "\n" for e in entries)
    path.write_bytes(gzip.compress(lines.encode("utf-8")))
    assert read_compiled_actors(path) == entries
    d = load_actor_dictionary(actors=path, agents=write(tmp_path, "g.txt", AGENTS))
    assert codes_in(d, "Police detained rebels in Mazar-i-Sharif.") == [
        ("Police", "COP"), ("rebels", "REB"), ("Mazar - i - Sharif", "RUS")]


# ---------------------------------------------------------------- the compiled Phoenix data


def test_phoenix_putin_on_the_geneva_summit(phoenix: ActorDictionary) -> None:
    putin = phoenix.entries_by_id["VLADIMIR_PUTIN"]
    assert putin.kind == "person"
    assert phoenix.code_on(putin, JUNE_16_2021) == "RUSGOV"
    tokens = spacy_tokenize("Vladimir Putin arrived in Geneva on Wednesday.")
    first = phoenix.find(tokens)[0]
    assert (first.start, first.end, first.entry.id) == (0, 2, "VLADIMIR_PUTIN")


def test_phoenix_longest_listed_name_wins(phoenix: ActorDictionary) -> None:
    tokens = spacy_tokenize("Russian President Vladimir Putin called the talks constructive.")
    first = phoenix.find(tokens)[0]
    assert first.name == "russian president vladimir putin" and (first.start, first.end) == (0, 4)
    assert isinstance(first.entry, ActorEntry) and first.entry.id == "VLADIMIR_PUTIN"


def test_phoenix_russia_and_russian(phoenix: ActorDictionary) -> None:
    assert codes_in(phoenix, "Russia expelled ten diplomats, the Russian embassy said.") == [
        ("Russia", "RUS"), ("diplomats", "GOV"), ("Russian", "RUS"), ("embassy", "GOV")]
    assert phoenix.lookup("russia")[0].kind == "country"  # type: ignore[union-attr]


def test_phoenix_biden(phoenix: ActorDictionary) -> None:
    found = codes_in(phoenix, "Joe Biden and Vladimir Putin met in a lakeside villa.")
    assert found[0] == ("Joe Biden", "USAGOV")  # Phoenix lists him as GOV from 2009 on
    assert phoenix.code_on(phoenix.entries_by_id["JOE_BIDEN"], date(2005, 1, 1)) == "USAELI"


def test_phoenix_united_nations_and_taliban(phoenix: ActorDictionary) -> None:
    found = dict(codes_in(phoenix, "The United Nations urged the Taliban to reopen schools."))
    assert found["The United Nations"].startswith("IGO")  # type: ignore[union-attr]
    taliban = phoenix.lookup("taliban")[0]
    assert isinstance(taliban, ActorEntry)
    assert taliban.source_file == "Phoenix.MilNonState.actors.txt"
    assert found["Taliban"] == phoenix.code_on(taliban, JUNE_16_2021)


def test_phoenix_agents(phoenix: ActorDictionary) -> None:
    found = dict(codes_in(
        phoenix,
        "The ambassador, the defense minister, the defence ministry, police and rebels.",
    ))
    assert found["ambassador"] == "GOV"
    assert found["defense minister"].startswith(("GOV", "MIL"))  # type: ignore[union-attr]
    assert found["defence ministry"].startswith(("GOV", "MIL"))  # type: ignore[union-attr]
    assert found["police"] == "COP"
    assert found["rebels"] == "REB"
    to = phoenix.lookup("ambassador to")[0]
    assert isinstance(to, AgentEntry) and to.takes_object


def test_phoenix_guards_common_words(phoenix: ActorDictionary) -> None:
    sentence = "Let us hope the organization will serve turkey, said the US envoy in Turkey."
    found = codes_in(phoenix, sentence)
    assert found == [("the US", "USA"), ("envoy", "GOV"), ("Turkey", "TUR")]
    assert codes_in(phoenix, "US officials said Goa and goa differ.") == [
        ("US", "USA"), ("Goa", "IND")]


def test_phoenix_is_loaded_once(phoenix: ActorDictionary) -> None:
    assert load_actor_dictionary() is phoenix
    assert len(phoenix.actors) > 20_000 and len(phoenix.agents) > 2_000
    assert {"US", "UN"} <= phoenix.case_sensitive_names


def _walk_every_position(d: ActorDictionary, tokens: list[str]) -> list[tuple[int, int, str]]:
    """The plain longest-match walk from every token, as a reference for ``find``'s
    shortcuts (walks only from words that begin a name; lowercased tokens passed in)."""
    out, i = [], 0
    while i < len(tokens):
        best = None
        for j in range(i + 1, len(tokens) + 1):
            entries = d.lookup(" ".join(t.lower() for t in tokens[i:j]))
            if entries:
                entry = d._claimant(" ".join(t.lower() for t in tokens[i:j]), list(entries), tokens, i, j)
                if entry is not None:
                    best = (i, j, entry.id if isinstance(entry, ActorEntry) else entry.code)
        out.append(best) if best else None
        i = best[1] if best else i + 1
    return out


def test_issue_6_find_from_name_starts_matches_the_plain_walk(phoenix: ActorDictionary) -> None:
    found = 0
    for text in [
        "Russian President Vladimir Putin told US envoy Antony Blinken that Turkey would not cook the turkey.",
        "On Tuesday the foreign ministry of Iran said police and rebels clashed near Kabul, and it's over.",
        "the president of the united states met the prime minister of india in new delhi",
        "Quietly, nobody here expected anything whatsoever",
    ]:
        tokens = spacy_tokenize(text)
        want = _walk_every_position(phoenix, tokens)
        for got in (phoenix.find(tokens), phoenix.find(tokens, [t.lower() for t in tokens])):
            assert [(m.start, m.end, m.entry.id if isinstance(m.entry, ActorEntry) else m.entry.code) for m in got] == want
        found += len(want)
    assert not want and found >= 8  # the last sentence names no one; the others several
