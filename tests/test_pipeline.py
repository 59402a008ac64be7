"""The pipeline at scale: streaming input, worker processes, the progress line, `code --workers`."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from detente import Article, Pipeline, Settings
from detente.cli import cli
from detente.pipeline import WARM_UP
from detente.progress import Progress, progress
from detente.stages.sources import read_articles

SCALE = Path(__file__).parent / "fixtures" / "scale" / "articles.jsonl"


@pytest.fixture(scope="module")
def scale_articles() -> list[Article]:
    return list(read_articles(SCALE))


def ids(coded: list) -> list[tuple[str, list[str]]]:
    return [(c.article.id, [e.event_id for e in c.events]) for c in coded]


def test_input_is_read_a_batch_at_a_time(pipeline: Pipeline, scale_articles: list[Article]) -> None:
    pulled = 0

    def stream() -> Iterator[Article]:
        nonlocal pulled
        for article in scale_articles * 1000:  # 200,000 articles: never all read
            pulled += 1
            yield article

    out = pipeline.run(stream())
    first = next(out)
    assert first.article.id == "scale-000"
    assert pulled <= pipeline.settings.batch_size
    for _ in range(pipeline.settings.batch_size):
        next(out)
    assert pulled <= 2 * pipeline.settings.batch_size


def test_batches_give_the_same_events_as_one_by_one(pipeline: Pipeline, scale_articles: list[Article]) -> None:
    articles = scale_articles[:20]
    one_by_one = [c for a in articles for c in pipeline.run([a])]
    assert ids(list(pipeline.run(articles))) == ids(one_by_one)
    # Each batch runs in a spaCy memory zone: running again changes nothing.
    assert ids(list(pipeline.run(articles))) == ids(one_by_one)


def test_two_workers_give_the_same_events_in_the_same_order(pipeline: Pipeline, scale_articles: list[Article]) -> None:
    articles = scale_articles[:48]
    single = list(pipeline.run(articles))
    parallel = list(Pipeline(Settings(batch_size=8), load=False).run(iter(articles), workers=2))
    assert ids(parallel) == ids(single)
    assert [e.to_dict() for c in parallel for e in c.events] == [e.to_dict() for c in single for e in c.events]


def test_issue_6_a_worker_pool_loads_once_and_codes_many_streams(
    pipeline: Pipeline, scale_articles: list[Article]
) -> None:
    first, second = scale_articles[:10], scale_articles[10:17]
    with Pipeline(load=False).pool(2) as pool:
        assert pool.started.wall > 0 and pool.started.cpu > 0  # both models loaded before any article
        assert ids(list(pool.run(iter(first)))) == ids(list(pipeline.run(first)))
        assert ids(list(pool.run(second))) == ids(list(pipeline.run(second)))
    with pytest.raises(RuntimeError, match="outside"):
        next(pool.run(first))


def test_cli_code_with_workers(scale_articles: list[Article]) -> None:
    runner = CliRunner()
    args = ["code", str(SCALE), "--limit", "24", "--format", "jsonl", "--quiet"]
    one = runner.invoke(cli, args)
    two = runner.invoke(cli, [*args, "--workers", "2"])
    assert one.exit_code == 0, one.output
    assert two.exit_code == 0, two.output
    assert one.output == two.output
    assert len(one.output.splitlines()) > 20
    assert {json.loads(line)["doc_id"] for line in one.output.splitlines()} <= {a.id for a in scale_articles[:24]}


def test_cli_code_rejects_zero_workers() -> None:
    result = CliRunner().invoke(cli, ["code", str(SCALE), "--workers", "0"])
    assert result.exit_code == 2
    assert "--workers" in result.output


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_count_rate_and_eta_on_a_terminal() -> None:
    stream = _Tty()
    assert list(progress(range(5), "coding", total=10, stream=stream)) == [0, 1, 2, 3, 4]
    text = stream.getvalue()
    assert "coding" in text and "5/10 articles" in text and "/s" in text and "ETA" in text
    assert text.endswith("\n")


def test_progress_without_total_shows_elapsed_time() -> None:
    bar = Progress("ingesting", stream=_Tty())
    bar.update(3)
    assert "3 articles" in bar.line() and "elapsed" in bar.line()


def test_progress_is_quiet_when_asked_or_not_a_terminal() -> None:
    for stream, quiet in ((io.StringIO(), False), (_Tty(), True)):
        assert list(progress(range(3), "coding", total=3, stream=stream, quiet=quiet)) == [0, 1, 2]
        assert stream.getvalue() == ""


def test_a_loaded_pipeline_has_read_the_cleaners_tables() -> None:
    """The GeoNames city names the cleaner checks datelines against (half a second to read)
    are read when the pipeline loads, not in the middle of its first batch (issue 6)."""
    from detente.stages import clean

    clean._city_names.cache_clear()
    Pipeline(load=False)
    assert clean._city_names.cache_info().currsize == 0
    Pipeline()
    assert clean._city_names.cache_info().currsize == 1


def test_issue_6_warm_up_loads_before_the_first_article_and_changes_no_result(
    pipeline: Pipeline, scale_articles: list[Article]
) -> None:
    """``warm_up`` codes a short article through every stage (so a pool's workers pay for
    the tables stages load on first use when they start, not in their first task) and
    leaves nothing behind that changes what later articles give."""
    warm = Pipeline(Settings(batch_size=4))
    assert "prefilter" not in vars(warm)
    warm.warm_up()
    assert "prefilter" in vars(warm)
    assert [e.cameo for e in warm.code_text(WARM_UP, "2021-06-20")]  # the warm-up text reaches the coder
    articles = scale_articles[:8]
    assert [e.to_dict() for c in warm.run(articles) for e in c.events] == [
        e.to_dict() for c in pipeline.run(articles) for e in c.events
    ]
