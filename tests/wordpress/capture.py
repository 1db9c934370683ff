"""What the fixture captures of tests/fixtures/wordpress/ have in common.

`tests/fixtures/wordpress/listings/capture.py` and `…/posts/capture.py` each say which
pages to save in which configurations and what to read from the database; `capture`
does the rest, the same way for both:

- reads the database with SQL (`read_database`), once, before any page is fetched;
- serves it in each configuration (theme, pretty or plain permalinks; REST API on) on a
  PHP server of its own, fetches each page, and saves it as the server sent it, less the
  bodies of inline `<style>`, `<script>` and `<svg>` elements (`trim`: the elements stay,
  empty; they hold no post, comment or link);
- names each file `<tt1|tt3>-<pretty|plain>-<stem>.html`;
- writes `manifest.json` (each file's `file`, `url`, `root`, `theme`, `pretty`, then what
  the script says the page is) and `database.json`;
- stops without writing them if the database was rebuilt meanwhile.

The server ports differ from one capture to the next; the manifest records each URL.
"""

from __future__ import annotations

import argparse
import json
import re
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from tests.wordpress.instance import PRETTY_PERMALINKS, WordPress

Database = dict[str, Any]
Item = TypeVar("Item")

# The file name prefix of each theme captured.
THEMES = {"twentytwentyone": "tt1", "twentytwentythree": "tt3"}

_INERT = re.compile(r"(<(style|script|svg)\b[^>]*>).*?(</\2>)", re.DOTALL | re.IGNORECASE)

# The slugs or names (`field`) of the terms of `taxonomy` on post `p`, a JSON array or NULL.
TERMS = """(SELECT JSON_ARRAYAGG(t.{field}) FROM wp_term_relationships r
      JOIN wp_term_taxonomy tt ON tt.term_taxonomy_id = r.term_taxonomy_id
      JOIN wp_terms t ON t.term_id = tt.term_id
      WHERE r.object_id = p.ID AND tt.taxonomy = '{taxonomy}')"""


@dataclass(frozen=True)
class Page:
    """A page to save: its file's stem (less the configuration's prefix and `.html`), its
    path below the site root, and the manifest's fields that say what it is."""

    stem: str
    path: str
    about: dict[str, Any]


def output_folder(default: Path) -> Path:
    """The folder to write to: `default` (the fixtures' own folder) unless `--into` says."""
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--into",
        type=Path,
        default=default,
        metavar="FOLDER",
        help="write the pages, manifest.json and database.json there (default: %(default)s)",
    )
    return parser.parse_args().into


def capture(
    folder: Path,
    configurations: Mapping[tuple[str, bool], Sequence[Item]],
    read_database: Callable[[WordPress], Database],
    page: Callable[[Item, bool, Database], Page],
) -> None:
    """Save the pages of each (theme, pretty permalinks) configuration in `folder`, with
    `manifest.json` and `database.json` beside them; `page` says what each item is."""
    wordpress = WordPress()
    wordpress.up()
    population = wordpress.marker.read_text()
    database = read_database(wordpress)
    manifest = []
    for (theme, pretty), items in configurations.items():
        structure = PRETTY_PERMALINKS if pretty else ""
        prefix = f"{THEMES[theme]}-{'pretty' if pretty else 'plain'}"
        with wordpress.serve(theme=theme, permalinks=structure, api=True) as root:
            for item in items:
                saved = page(item, pretty, database)
                url = root + saved.path
                with urllib.request.urlopen(url, timeout=60) as response:
                    html = response.read().decode("utf-8")
                name = f"{prefix}-{saved.stem}.html"
                (folder / name).write_text(trim(html), encoding="utf-8")
                entry = {"file": name, "url": url, "root": root, "theme": theme}
                manifest.append({**entry, "pretty": pretty, **saved.about})
    if wordpress.marker.read_text() != population:
        raise SystemExit("the database was rebuilt during the capture: run it again")
    write_json(folder / "manifest.json", manifest)
    write_json(folder / "database.json", database)


def trim(html: str) -> str:
    """`html` less the bodies of its inline `<style>`, `<script>` and `<svg>` elements."""
    return _INERT.sub(r"\1\3", html)


def post_path(post: dict[str, Any], pretty: bool, page: int = 1, cpage: int | None = None) -> str:
    """The path (below the root) of page `page` of `post` (a row with `id`, `date` and
    `slug`), or of its comment page `cpage`."""
    if not pretty:
        return (
            f"?p={post['id']}"
            + (f"&page={page}" if page > 1 else "")
            + (f"&cpage={cpage}" if cpage else "")
        )
    base = f"{post['date'][:4]}/{post['date'][5:7]}/{post['slug']}/"
    return base + (f"{page}/" if page > 1 else "") + (f"comment-page-{cpage}/" if cpage else "")


def rows(wordpress: WordPress, statement: str) -> list[Any]:
    """The rows of `statement`, each a `JSON_OBJECT(…)`, decoded."""
    return [json.loads(line) for line in wordpress.sql(statement)]


def write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
