"""The founding article, coded end to end through the Python API.

These are the expectations of shared/seed/us-russia-ambassadors.gold.json, checked on the
project's own copy of the article (examples/us-russia-ambassadors.txt).
"""

from __future__ import annotations

from datetime import date

import pytest

import detente
from detente.stages.sources import read_articles

PUBLISHED = date(2021, 6, 20)


@pytest.fixture(scope="module")
def events(pipeline, example_path):
    article = next(read_articles(example_path))
    from dataclasses import replace

    return pipeline.code_article(replace(article, published=PUBLISHED))


def dyad(e):
    return (e.source.country, e.target.country if e.target else None)


def find(events, pair, roots, symmetric=False):
    pairs = {pair, pair[::-1]} if symmetric else {pair}
    return [e for e in events if dyad(e) in pairs and e.cameo_root in roots]


def test_summit_in_geneva_is_one_event_per_direction_with_both_mentions(events):
    summit = [e for e in find(events, ("RUS", "USA"), {"04"}, symmetric=True) if e.date_str == "2021-06-16"]
    assert sorted(dyad(e) for e in summit) == [("RUS", "USA"), ("USA", "RUS")]
    for e in summit:
        assert e.date_precision == "day" and not e.date_fallback
        assert e.cameo == "044"  # a meeting at a third location
        assert e.location is not None and (e.location.name, e.location.country) == ("Geneva", "CHE")
        assert len(e.mentions) == 2
        assert {m.trigger for m in e.mentions} == {"meeting", "met"}
        assert e.plover is not None and e.plover.type == "CONSULT"
        assert e.quad_class == 1


def test_antonov_returns_to_washington_on_sunday(events):
    returns = [e for e in find(events, ("RUS", "USA"), {"05", "04", "03"}) if e.date_str == "2021-06-20"]
    assert returns, [e.to_dict() for e in events]
    e = returns[0]
    assert "Antonov" in e.source.text and e.source.code == "RUSGOV"
    assert not e.date_fallback and e.mentions[0].date_text == "on Sunday"


def test_the_killer_remark_is_dated_march_and_coded_as_criticism(events):
    remark = find(events, ("USA", "RUS"), {"11"})
    assert len(remark) == 1
    e = remark[0]
    assert (e.date_str, e.date_precision) == ("2021-03", "month")
    assert e.source.name == "Joe Biden" and e.source.code == "USAGOV"
    assert e.quad_class == 3 and e.goldstein < 0


def test_moscow_recalls_its_ambassador_in_march(events):
    recall = find(events, ("RUS", "USA"), {"16"})
    assert len(recall) == 1
    e = recall[0]
    assert e.cameo == "161" and e.source.text == "Moscow" and e.source.code == "RUSGOV"
    assert (e.date_str, e.date_precision) == ("2021-03", "month")  # "After this" follows the March remark
    assert e.quad_class == 4


def test_nothing_forbidden(events):
    for e in events:
        texts = " ".join(filter(None, [e.source.text, e.source.name, *(
            [e.target.text, e.target.name] if e.target else [])]))
        assert "Murthy" not in texts and "Kessler" not in texts  # the READ ALSO teaser
        assert "Trump" not in e.source.text + e.source.name
        for m in e.mentions:
            assert "READ ALSO" not in m.sentence


def test_event_ids_are_stable(pipeline, events, example_path):
    from dataclasses import replace

    article = replace(next(read_articles(example_path)), published=PUBLISHED)
    again = pipeline.code_article(article)
    assert [e.event_id for e in again] == [e.event_id for e in events]
    assert len({e.event_id for e in events}) == len(events)


def test_python_api_code():
    events = detente.code("On June 16, Putin and Biden met in Geneva.", published="2021-06-20")
    assert {(e.source.code, e.target.code, e.cameo, e.date_str) for e in events} == {
        ("RUSGOV", "USAGOV", "044", "2021-06-16"),
        ("USAGOV", "RUSGOV", "044", "2021-06-16"),
    }
    d = events[0].to_dict()
    assert set(d) >= {"doc_id", "event_id", "source", "target", "cameo", "cameo_root", "goldstein",
                      "quad_class", "plover", "date", "date_precision", "location", "mentions", "confidence"}
    assert set(d["source"]) == {"text", "name", "code", "country", "sector"}
    assert set(d["mentions"][0]) >= {"sentence", "start", "end", "trigger"}
