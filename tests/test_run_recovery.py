"""`recover_runs` on run folders as a kill leaves them (the real kills are in
tests/test_kill_resume.py): every folder but the running one's ends with a manifest, and
its `merged` is what the state says."""

from __future__ import annotations

import json
from pathlib import Path

from ncia_scraper.state.manifest import (
    MANIFEST_NAME,
    PENDING_NAME,
    Recovered,
    recover_runs,
    write_manifest,
)

OLDER, KILLED, MERGED, OLD_VERSION, CURRENT = (
    "20261120T023000.000001Z",
    "20261121T023000.000002Z",
    "20261122T023000.000003Z",
    "20261123T023000.000004Z",
    "20261124T023000.000005Z",
)


def folder(out: Path, run_id: str, *, records: bool = True) -> Path:
    path = out / "runs" / run_id
    path.mkdir(parents=True)
    (path / "crawl.log").write_text("log\n", encoding="utf-8")
    if records:
        for stem in ("posts", "comments", "tweets"):
            (path / f"{stem}.jsonl").write_text(f'{{"{stem}":1}}\n', encoding="utf-8")
    return path


def manifest(path: Path) -> dict:
    return json.loads((path / MANIFEST_NAME).read_text(encoding="utf-8"))


def test_every_folder_gets_the_manifest_the_state_says(tmp_path: Path) -> None:
    out = tmp_path
    done = folder(out, OLDER)
    write_manifest(done, out, {"run_id": OLDER, "merged": True}, [])
    before = (done / MANIFEST_NAME).read_bytes()
    # Killed before its commit, with its manifest pending: nothing merged.
    killed = folder(out, KILLED)
    pending = {"run_id": KILLED, "started": "x", "status": "complete", "merged": True}
    write_manifest(killed, out, pending, [], name=PENDING_NAME)
    # Killed after its commit: the state has it, the pending manifest says it all.
    merged = folder(out, MERGED)
    fields = {"run_id": MERGED, "status": "partial", "merged": True, "counts": {"posts": 1}}
    write_manifest(merged, out, fields, [merged / "posts.jsonl"], name=PENDING_NAME)
    # Merged by a version that wrote no pending manifest, killed before its manifest.
    old = folder(out, OLD_VERSION)
    # Killed early: no records, no pending manifest, not in the state.
    early = folder(out, "20261123T120000.000000Z", records=False)
    current = folder(out, CURRENT, records=False)
    (out / "runs" / "not-a-run").mkdir()
    state = {
        OLDER: {"started": "a", "ended": "b", "status": "complete"},
        MERGED: {"started": "c", "ended": "d", "status": "partial"},
        OLD_VERSION: {"started": "e", "ended": "f", "status": "complete"},
    }

    result = recover_runs(out, out / "runs", state, CURRENT)

    assert result == [
        Recovered(KILLED, merged=False),
        Recovered(MERGED, merged=True),
        Recovered(OLD_VERSION, merged=True),
        Recovered("20261123T120000.000000Z", merged=False),
    ]
    assert (done / MANIFEST_NAME).read_bytes() == before
    assert not list(out.glob("runs/*/" + PENDING_NAME))
    data = manifest(killed)
    assert (data["status"], data["merged"], data["exit_code"], data["files"]) == (
        "interrupted",
        False,
        None,
        [],
    )
    assert data["recovered_by"] == CURRENT
    data = manifest(merged)
    assert (data["status"], data["merged"], data["counts"]) == ("partial", True, {"posts": 1})
    assert [f["path"] for f in data["files"]] == [f"runs/{MERGED}/posts.jsonl"]
    data = manifest(old)
    assert (data["status"], data["merged"], data["started"]) == ("complete", True, "e")
    assert len(data["files"]) == 3
    data = manifest(early)
    assert (data["status"], data["merged"], data["started"]) == (
        "interrupted",
        False,
        "2026-11-23T12:00:00+00:00",
    )
    assert not (current / MANIFEST_NAME).exists()
    # Nothing left to do the second time.
    assert recover_runs(out, out / "runs", state, CURRENT) == []


def test_a_torn_pending_manifest_is_no_manifest(tmp_path: Path) -> None:
    killed = folder(tmp_path, KILLED)
    (killed / PENDING_NAME).write_text('{"run_id": "2026', encoding="utf-8")
    assert recover_runs(tmp_path, tmp_path / "runs", {}, CURRENT) == [
        Recovered(KILLED, merged=False)
    ]
    assert manifest(killed)["status"] == "interrupted"
