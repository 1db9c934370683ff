"""JSON Schemas and the README data dictionary, generated from the record dataclasses.

`ncia_scraper/items.py` is the single source of truth. This module derives from it:

- `json_schema(cls)`: a JSON Schema (draft 2020-12) for one record class, built with
  itemadapter's `ItemAdapter.get_json_schema` and completed here (`$schema`, `$id`,
  `title`, the class docstring as `description`, the precision enums). Every field is
  required and no other field is allowed.
- `markdown_data_dictionary()`: one Markdown table per record type (field, type,
  description), for the README section between the data-dictionary markers.

Run `python -m ncia_scraper.schema` to rewrite `schemas/{post,comment,tweet}.json` and the
README section; `python -m ncia_scraper.schema --check` exits 1 with one line when either
has drifted from the dataclasses (tests/test_schema.py checks the same).

The output is deterministic: keys in a fixed order (properties in field order), 2-space
indent, real UTF-8 characters, one trailing newline.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter

from ncia_scraper.items import PRECISIONS, RECORD_TYPES

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Relative `$id`s: the schemas identify each other by file name wherever they are
# published, so no host name has to be invented (or kept up to date) here.
SCHEMA_ID_BASE = ""

README_START = "<!-- data-dictionary:start -->"
README_END = "<!-- data-dictionary:end -->"

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Key order inside one property and at the top level of a schema; anything else
# itemadapter may add later goes after these, sorted, so the output stays stable.
_PROPERTY_KEY_ORDER = ("type", "items", "enum", "description")
_SCHEMA_KEY_ORDER = (
    "$schema",
    "$id",
    "title",
    "description",
    "type",
    "additionalProperties",
    "properties",
    "required",
)


def schema_file_name(cls: type) -> str:
    """File name of the schema of `cls` in `schemas/`: the class name, lower case."""
    return f"{cls.__name__.lower()}.json"


def _reflow(doc: str) -> str:
    """Join the hard-wrapped lines of a docstring; keep its blank-line paragraph breaks."""
    paragraphs = re.split(r"\n\s*\n", doc.strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


def _ordered(mapping: dict[str, Any], order: Sequence[str]) -> dict[str, Any]:
    known = [k for k in order if k in mapping]
    rest = sorted(k for k in mapping if k not in order)
    return {k: mapping[k] for k in (*known, *rest)}


def json_schema(cls: type) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one record class.

    Guarantees: every dataclass field is a property, in field order, and required;
    `additionalProperties` is false; each property has the field's docstring (reflowed)
    as `description`; each `*_precision` property is restricted to
    `ncia_scraper.items.PRECISIONS` or null.
    """
    base = ItemAdapter.get_json_schema(cls)
    field_names = [f.name for f in fields(cls)]
    properties: dict[str, Any] = {}
    for name in field_names:
        prop = dict(base["properties"][name])
        # A default only lets extractors leave archive fields to the source: every field
        # is written, so a default says nothing about the data.
        prop.pop("default", None)
        if "description" in prop:
            prop["description"] = _reflow(prop["description"])
        if name.endswith("_precision"):
            # The value set lives in items.PRECISIONS; the dataclass can only say `str`.
            prop["enum"] = [*PRECISIONS, None]
        properties[name] = _ordered(prop, _PROPERTY_KEY_ORDER)
    schema = dict(base)
    schema.update(
        {
            "$schema": JSON_SCHEMA_DIALECT,
            "$id": SCHEMA_ID_BASE + schema_file_name(cls),
            "title": cls.__name__,
            "description": _reflow(cls.__doc__ or ""),
            "properties": properties,
            "required": list(field_names),
        }
    )
    return _ordered(schema, _SCHEMA_KEY_ORDER)


def render_json(schema: dict[str, Any]) -> str:
    """The committed text of a schema: 2-space indent, real characters, trailing newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def schema_files() -> dict[str, str]:
    """Relative path (`schemas/post.json`, …) → file content, for every record class."""
    return {
        f"schemas/{schema_file_name(cls)}": render_json(json_schema(cls))
        for cls in RECORD_TYPES.values()
    }


def _type_text(prop: dict[str, Any]) -> str:
    types = prop.get("type")
    names = types if isinstance(types, list) else [types]
    words = []
    for name in names:
        if name == "array":
            item_type = prop.get("items", {}).get("type", "value")
            words.append(f"array of {item_type}")
        elif name != "null":
            words.append(name)
    text = " or ".join(words)
    if "null" in names:
        text += " or null"
    if "enum" in prop:
        values = ", ".join(f"`{v}`" for v in prop["enum"] if v is not None)
        text += f"; one of {values}"
    return text


def _cell(text: str) -> str:
    # A pipe would end the cell and a newline the row.
    return " ".join(text.split()).replace("|", "\\|")


def markdown_data_dictionary() -> str:
    """The README's data dictionary: per record type a heading naming its file, the class
    description, and a table of field, type and description. Ends with one newline."""
    parts = [
        "<!-- Generated from ncia_scraper/items.py by `python -m ncia_scraper.schema`;"
        " edit the dataclasses, not this section. -->"
    ]
    for stem, cls in RECORD_TYPES.items():
        schema = json_schema(cls)
        rows = [
            "| Field | Type | Description |",
            "| --- | --- | --- |",
        ]
        for name, prop in schema["properties"].items():
            rows.append(
                f"| `{name}` | {_cell(_type_text(prop))} | {_cell(prop.get('description', ''))} |"
            )
        parts.append(
            f"#### {cls.__name__} (`{stem}.jsonl`)\n\n"
            f"{schema['description']}\n\n"
            f"Schema: [`schemas/{schema_file_name(cls)}`](schemas/{schema_file_name(cls)})\n\n"
            + "\n".join(rows)
        )
    return "\n\n".join(parts) + "\n"


class MarkersMissing(ValueError):
    """README.md exists but lacks the data-dictionary start/end markers."""


def replace_readme_section(readme: str, section: str) -> str:
    """`readme` with the text between the data-dictionary markers replaced by `section`.

    The markers stay; the section sits on its own lines between them. Raises
    `MarkersMissing` unless both markers occur once, start before end.
    """
    start, end = readme.find(README_START), readme.find(README_END)
    if start < 0 or end < start or readme.count(README_START) != 1 or readme.count(README_END) != 1:
        raise MarkersMissing(
            f"README.md needs exactly one {README_START} … {README_END} pair, in that order"
        )
    head = readme[: start + len(README_START)]
    return f"{head}\n{section}{readme[end:]}"


def _drift(root: Path) -> list[str]:
    drifted = []
    for rel, text in schema_files().items():
        path = root / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            drifted.append(rel)
    readme = root / "README.md"
    if readme.is_file():
        current = readme.read_text(encoding="utf-8")
        # MarkersMissing propagates: a README without the markers is an error, not drift.
        if replace_readme_section(current, markdown_data_dictionary()) != current:
            drifted.append("README.md (data dictionary)")
    return drifted


def write_all(root: Path = PROJECT_ROOT) -> list[str]:
    """Write the schema files and the README section under `root`; return what changed.

    The schema files are written even when the README lacks its markers (then
    `MarkersMissing` is raised after them).
    """
    changed = []
    (root / "schemas").mkdir(parents=True, exist_ok=True)
    for rel, text in schema_files().items():
        path = root / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
            changed.append(rel)
    readme = root / "README.md"
    if readme.is_file():
        current = readme.read_text(encoding="utf-8")
        updated = replace_readme_section(current, markdown_data_dictionary())
        if updated != current:
            readme.write_text(updated, encoding="utf-8", newline="\n")
            changed.append("README.md (data dictionary)")
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: write the generated files, or with `--check` report drift. Returns the exit
    status: 0 when up to date (or written), 1 on drift or a README without markers."""
    parser = argparse.ArgumentParser(
        prog="python -m ncia_scraper.schema",
        description="Generate schemas/*.json and the README data dictionary from "
        "ncia_scraper/items.py.",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the committed files differ from the generated ones",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=PROJECT_ROOT,
        help="project directory holding schemas/ and README.md (default: this checkout)",
    )
    args = parser.parse_args(argv)
    try:
        if args.check:
            drifted = _drift(args.root)
            if drifted:
                print(
                    f"out of date with ncia_scraper/items.py: {', '.join(drifted)}; "
                    "run `python -m ncia_scraper.schema`",
                    file=sys.stderr,
                )
                return 1
            return 0
        for rel in write_all(args.root):
            print(f"wrote {rel}")
    except MarkersMissing as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
