"""The field parser alone, on OCR lines the whole reader produced once and cached.

    .venv/bin/python -m benchmarks.reader_fields dump [--truth sample_cards/truth.json]
        [--cache /tmp/handover-lines] [--jobs 2]
    .venv/bin/python -m benchmarks.reader_fields score [--cache ...] [--field name] [--show 20]

A developer's tool for work on handover/reader/fields*.py: `dump` runs the full reader (image,
preprocess, OCR, layout) on every file of a truth set once and pickles each card's lines; `score`
runs only extract_fields on them, in seconds, and prints per-field F1 with the mismatches of one
field. Cards are matched to truth by index, as benchmarks/reader.py does. The reader's own
benchmark (benchmarks/reader.py) stays the measure that counts; this one skips the image steps.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from benchmarks.card_scoring import Score, canonical, groups_of
from handover.reader.fields import extract_fields
from handover.reader.read import read_card_images
from handover.reader.types import FIELD_NAMES


def _dump_one(job: tuple[Path, Path]) -> str:
    path, dest = job
    try:
        results = read_card_images(path)
    except Exception as e:  # one broken file must not stop the dump
        return f"{path}: {type(e).__name__}"
    cards = [
        {
            "lines": r.reading.lines,
            "width": r.image.shape[1],
            "height": r.image.shape[0],
            "vertical": r.reading.vertical,
        }
        for r in results
    ]
    dest.write_bytes(pickle.dumps(cards))
    return ""


def dump(truth: Path, cache: Path, jobs: int) -> None:
    """Read every file of the truth set and pickle its cards' lines into `cache`."""
    cache.mkdir(parents=True, exist_ok=True)
    entries = json.loads(truth.read_text(encoding="utf-8"))
    work = [(truth.parent / e["file"], cache / (Path(e["file"]).name + ".pickle")) for e in entries]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for n, error in enumerate(pool.map(_dump_one, work), 1):
            if error:
                print(error, file=sys.stderr)
            print(f"\r{n}/{len(work)}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)


def score(truth: Path, cache: Path, field: str | None, show: int, only: str | None) -> Score:
    """Parse the cached lines and print F1 per field and group, and some mismatches."""
    entries: list[dict[str, Any]] = json.loads(truth.read_text(encoding="utf-8"))
    total = Score()
    misses: list[tuple[str, str | None, str | None]] = []
    for entry in entries:
        if only and only not in entry["file"]:
            continue
        pickled = cache / (Path(entry["file"]).name + ".pickle")
        cards = pickle.loads(pickled.read_bytes()) if pickled.exists() else []
        for i, card in enumerate(entry["cards"]):
            found = None
            if i < len(cards):
                c = cards[i]
                parsed = extract_fields(
                    c["lines"], width=c["width"], height=c["height"], vertical=c["vertical"]
                )
                found = {k: (v.value if v else None) for k, v in parsed.items()}
            total.add_card(card["fields"], found, groups_of(entry, card))
            if field and found is not None:
                t, f = canonical(card["fields"].get(field)), canonical(found.get(field))
                if t != f:
                    misses.append((f"{entry['file']}#{i}", t, f))
    print(f"overall F1 {total.overall.f1:.3f}  cards {total.cards}  not found {total.cards_missing}")
    for name in FIELD_NAMES:
        tally = total.by_field[name]
        print(f"  {name:14} F1 {tally.f1:.3f}  tp {tally.tp:4} fp {tally.fp:4} fn {tally.fn:4}")
    for group in sorted(total.by_group):
        print(f"  {group:20} F1 {total.by_group[group].f1:.3f}")
    for where, t, f in misses[:show]:
        print(f"{where:32} truth={t!r}  found={f!r}")
    return total


def main(argv: list[str] | None = None) -> int:
    """Dump or score."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=("dump", "score"))
    parser.add_argument("--truth", type=Path, default=Path("sample_cards/truth.json"))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/handover-lines"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--field", choices=FIELD_NAMES, help="list this field's mismatches")
    parser.add_argument("--only", help="only files whose name contains this")
    parser.add_argument("--show", type=int, default=30)
    args = parser.parse_args(argv)
    if args.command == "dump":
        dump(args.truth, args.cache, args.jobs)
    else:
        score(args.truth, args.cache, args.field, args.show, args.only)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
