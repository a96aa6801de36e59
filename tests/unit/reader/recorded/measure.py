"""Per-field accuracy of extract_fields on bare-Tesseract lines of a whole sample set.

    .venv/bin/python tests/unit/reader/recorded/measure.py [--truth sample_cards/truth.json]
        [--cache /tmp/handover-fields-cache] [--jobs 2] [--only SUBSTRING]

A developer's tool for the field parser (the reader's own benchmark is benchmarks/reader.py):
every card is cut out along its truth quad and read by bare Tesseract once (cached, keyed by the
image's modification time), then extract_fields runs on the lines and each field is compared
exactly with the truth. Prints counts only, never card contents.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[3]))

from handover.reader.types import FIELD_NAMES  # noqa: E402
from tests.unit.reader.recorded.record import card_fixture  # noqa: E402
from tests.unit.reader.test_fields_recorded import read_fixture  # noqa: E402


def _cached(job: tuple[Path, dict[str, Any], str, Path]) -> Path:
    image, card, name, cache = job
    dest = cache / f"{name}.json"
    if not dest.exists() or dest.stat().st_mtime < image.stat().st_mtime:
        dest.write_text(json.dumps(card_fixture(image, card, name), ensure_ascii=False), encoding="utf-8")
    return dest


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table; exit status 0."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--truth", type=Path, default=HERE.parents[3] / "sample_cards" / "truth.json")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/handover-fields-cache"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", default="", help="measure only cards whose name contains this")
    args = parser.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    truth = json.loads(args.truth.read_text(encoding="utf-8"))
    jobs = [
        (args.truth.parent / e["file"], c, f"{Path(e['file']).stem}_{c['card_index']}", args.cache)
        for e in truth
        for c in e["cards"]
        if args.only in f"{Path(e['file']).stem}_{c['card_index']}"
    ]
    with ProcessPoolExecutor(args.jobs) as pool:
        paths = list(pool.map(_cached, jobs))
    right, wrong, missed, extra = (collections.Counter[str]() for _ in range(4))
    for path, job in zip(paths, jobs, strict=True):
        fixture = json.loads(path.read_text(encoding="utf-8"))
        fixture["truth"] = job[1]["fields"]  # the truth of now, whatever the cache was made with
        got = read_fixture(fixture)
        for name in FIELD_NAMES:
            expected = fixture["truth"][name]
            if got[name] == expected:
                right[name] += 1
            elif expected is None:
                extra[name] += 1
            elif got[name] is None:
                missed[name] += 1
            else:
                wrong[name] += 1
    print(f"cards: {len(paths)}")
    print(f"{'field':13} {'accuracy':>8} {'right':>6} {'wrong':>6} {'missed':>6} {'extra':>6}")
    for name in FIELD_NAMES:
        print(
            f"{name:13} {right[name] / max(len(paths), 1):8.1%} {right[name]:6} {wrong[name]:6}"
            f" {missed[name]:6} {extra[name]:6}"
        )
    print(f"{'mean':13} {sum(right.values()) / max(len(paths) * len(FIELD_NAMES), 1):8.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
