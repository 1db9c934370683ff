"""The committed schemas and README data dictionary match ncia_scraper/items.py, and the
schemas accept real records and refuse ones with a field too many or too few."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

import pytest

from ncia_scraper import schema
from ncia_scraper.items import PRECISIONS, RECORD_TYPES, Comment, Post, Tweet

ROOT = Path(__file__).resolve().parent.parent


# A validator for exactly the JSON Schema keywords the generated schemas use. The project
# has no jsonschema dependency; an unknown keyword fails loudly so this can't pass by
# ignoring something the schema says.
_JSON_TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}
_ANNOTATIONS = {"$schema", "$id", "title", "description"}


def errors(instance: Any, sch: dict[str, Any], where: str = "$") -> list[str]:
    found: list[str] = []
    for key in sch:
        if key not in _ANNOTATIONS | {
            "type",
            "properties",
            "required",
            "additionalProperties",
            "items",
            "enum",
        }:
            raise AssertionError(f"test validator does not know keyword {key!r}")
    if "type" in sch:
        types = sch["type"] if isinstance(sch["type"], list) else [sch["type"]]
        if not any(_JSON_TYPES[t](instance) for t in types):
            found.append(f"{where}: {instance!r} is not {types}")
            return found
    if "enum" in sch and instance not in sch["enum"]:
        found.append(f"{where}: {instance!r} not in {sch['enum']}")
    if isinstance(instance, dict):
        props = sch.get("properties", {})
        found += [f"{where}: missing {k}" for k in sch.get("required", []) if k not in instance]
        if sch.get("additionalProperties") is False:
            found += [f"{where}: extra {k}" for k in instance if k not in props]
        for k, v in instance.items():
            if k in props:
                found += errors(v, props[k], f"{where}.{k}")
    if isinstance(instance, list) and "items" in sch:
        for i, v in enumerate(instance):
            found += errors(v, sch["items"], f"{where}[{i}]")
    return found


POST = Post(
    post_id=123,
    url="http://independentaction.net/2012/01/25/a-post/",
    title="What’s next",
    author=None,
    published="2012-01-25",
    published_raw="January 25, 2012",
    published_precision="day",
    modified=None,
    modified_raw=None,
    modified_precision=None,
    categories=["News"],
    tags=[],
    content_html="<p>Hello</p>",
    content_text="Hello",
    excerpt=None,
    word_count=1,
    links=[],
    images=[],
    comment_count=0,
    source="live",
    captured_at="2012-02-18T11:30:00+00:00",
    fetched_at="2026-11-25T10:00:00+00:00",
)
COMMENT = Comment(
    comment_id=7,
    post_id=123,
    post_url=POST.url,
    parent_id=None,
    depth=1,
    author="Penny",
    author_url=None,
    published="2012-01-26T09:05:00+00:00",
    published_raw="3 weeks ago",
    published_precision="minute",
    content_html="<p>Yes</p>",
    content_text="Yes",
    system="disqus",
    captured_at="2012-02-18T11:30:00+00:00",
)
TWEET = Tweet(
    tweet_id="170519563545763840",
    screen_name="NCIA_UK",
    display_name=None,
    text="Hello #voluntary",
    urls=[],
    mentions=[],
    hashtags=["voluntary"],
    published=None,
    published_raw=None,
    published_precision=None,
    tweet_url=None,
    widget="profile-widget",
    first_seen_on=POST.url,
    seen_count=1,
    captured_at="2012-02-18T11:30:00+00:00",
)
RECORDS = {Post: POST, Comment: COMMENT, Tweet: TWEET}


def test_committed_schema_files_match_the_dataclasses() -> None:
    for rel, text in schema.schema_files().items():
        path = ROOT / rel
        assert path.is_file(), f"{rel} missing; run python -m ncia_scraper.schema"
        assert path.read_text(encoding="utf-8") == text, (
            f"{rel} drifted; run python -m ncia_scraper.schema"
        )


def test_readme_data_dictionary_matches_the_dataclasses() -> None:
    readme = ROOT / "README.md"
    if not readme.is_file():
        pytest.skip("README.md not written yet")
    current = readme.read_text(encoding="utf-8")
    # Raises MarkersMissing (fails the test) when the README has no markers.
    expected = schema.replace_readme_section(current, schema.markdown_data_dictionary())
    assert current == expected, "README data dictionary drifted; run python -m ncia_scraper.schema"


@pytest.mark.parametrize("cls", RECORD_TYPES.values(), ids=lambda c: c.__name__)
def test_schema_describes_every_field_in_order(cls: type) -> None:
    sch = schema.json_schema(cls)
    names = [f.name for f in fields(cls)]
    assert sch["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert sch["$id"].endswith(f"{cls.__name__.lower()}.json")
    assert sch["title"] == cls.__name__
    first_paragraph = " ".join(cls.__doc__.split("\n\n")[0].split())
    assert sch["description"].split("\n\n")[0] == first_paragraph
    assert list(sch["properties"]) == names
    assert sch["required"] == names
    assert sch["additionalProperties"] is False
    for name, prop in sch["properties"].items():
        assert prop["description"], f"{name} has no description"
        assert "\n" not in prop["description"], "field docstrings are reflowed to one line"


@pytest.mark.parametrize("cls", RECORD_TYPES.values(), ids=lambda c: c.__name__)
def test_precision_fields_are_an_enum_of_precisions_or_null(cls: type) -> None:
    props = schema.json_schema(cls)["properties"]
    precision_fields = [n for n in props if n.endswith("_precision")]
    assert precision_fields
    for name in precision_fields:
        assert props[name]["enum"] == [*PRECISIONS, None]
    assert all("enum" not in p for n, p in props.items() if not n.endswith("_precision"))


@pytest.mark.parametrize("cls", RECORD_TYPES.values(), ids=lambda c: c.__name__)
def test_a_real_record_validates(cls: type) -> None:
    record = json.loads(json.dumps(asdict(RECORDS[cls])))
    assert errors(record, schema.json_schema(cls)) == []


@pytest.mark.parametrize("cls", RECORD_TYPES.values(), ids=lambda c: c.__name__)
def test_extra_field_fails_validation(cls: type) -> None:
    record = asdict(RECORDS[cls]) | {"surprise": 1}
    assert errors(record, schema.json_schema(cls)) == ["$: extra surprise"]


@pytest.mark.parametrize("cls", RECORD_TYPES.values(), ids=lambda c: c.__name__)
def test_missing_field_fails_validation(cls: type) -> None:
    record = asdict(RECORDS[cls])
    del record["captured_at"]
    assert errors(record, schema.json_schema(cls)) == ["$: missing captured_at"]


def test_unknown_precision_and_wrong_type_fail_validation() -> None:
    record = asdict(POST) | {"published_precision": "fortnight", "word_count": "1"}
    found = errors(record, schema.json_schema(Post))
    assert len(found) == 2
    assert any("published_precision" in e for e in found)
    assert any("word_count" in e for e in found)


def test_data_dictionary_has_a_table_per_record_type() -> None:
    text = schema.markdown_data_dictionary()
    for stem, cls in RECORD_TYPES.items():
        assert f"#### {cls.__name__} (`{stem}.jsonl`)" in text
        for f in fields(cls):
            rows = [line for line in text.splitlines() if line.startswith(f"| `{f.name}` |")]
            assert rows, f"no row for {f.name}"
    assert "| `published_precision` | string or null; one of `second`" in text
    assert "| `categories` | array of string |" in text
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_readme_section_is_replaced_between_markers_only() -> None:
    readme = f"# T\n\nintro\n\n{schema.README_START}\nold stuff\n{schema.README_END}\n\ntail\n"
    out = schema.replace_readme_section(readme, "NEW\n")
    assert out == f"# T\n\nintro\n\n{schema.README_START}\nNEW\n{schema.README_END}\n\ntail\n"
    assert schema.replace_readme_section(out, "NEW\n") == out
    with pytest.raises(schema.MarkersMissing):
        schema.replace_readme_section("# no markers\n", "NEW\n")
    with pytest.raises(schema.MarkersMissing):
        schema.replace_readme_section(f"{schema.README_END}\n{schema.README_START}\n", "x")


def _project(tmp_path: Path, readme: str | None) -> Path:
    if readme is not None:
        (tmp_path / "README.md").write_text(readme, encoding="utf-8")
    return tmp_path


def test_cli_writes_files_and_check_passes(tmp_path: Path, capsys) -> None:
    root = _project(tmp_path, f"# R\n{schema.README_START}\n{schema.README_END}\n")
    assert schema.main(["--check", "--root", str(root)]) == 1
    assert schema.main(["--root", str(root)]) == 0
    for rel, text in schema.schema_files().items():
        raw = (root / rel).read_bytes()
        assert raw == text.encode("utf-8")
        assert raw.endswith(b"}\n") and b'\n  "$schema"' in raw
    assert "| `tweet_id` |" in (root / "README.md").read_text(encoding="utf-8")
    capsys.readouterr()
    assert schema.main(["--check", "--root", str(root)]) == 0
    assert capsys.readouterr().err == ""


def test_cli_check_reports_drift_in_one_line(tmp_path: Path, capsys) -> None:
    root = _project(tmp_path, f"# R\n{schema.README_START}\n{schema.README_END}\n")
    schema.main(["--root", str(root)])
    (root / "schemas/tweet.json").write_text("{}\n", encoding="utf-8")
    readme = root / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("tweet_id", "tweetid"))
    capsys.readouterr()
    assert schema.main(["--check", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "schemas/tweet.json" in err and "README.md" in err
    assert "post.json" not in err


def test_cli_fails_on_readme_without_markers(tmp_path: Path, capsys) -> None:
    root = _project(tmp_path, "# R\nno markers here\n")
    assert schema.main(["--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "data-dictionary" in err
    # The schema files are still written; only the README needs a hand.
    assert (root / "schemas/post.json").is_file()
    assert schema.main(["--check", "--root", str(root)]) == 1


def test_cli_without_readme_only_checks_schemas(tmp_path: Path) -> None:
    root = _project(tmp_path, None)
    assert schema.main(["--root", str(root)]) == 0
    assert schema.main(["--check", "--root", str(root)]) == 0
    assert not (root / "README.md").exists()
