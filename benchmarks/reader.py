"""Reader accuracy and speed: `handover read` against bare Tesseract with simple regexes.

Usage: .venv/bin/python -m benchmarks.reader [--truth sample_cards/truth.json] [--limit N] [--jobs 2]

The baseline is what a quick script would do: Tesseract jpn+eng (default page segmentation) on
the original image, then regular expressions for the structured fields and the first lines for
name and organisation. Both run on one core, one file after another, on the same cards; a
second pass times `read_batch` on every core to show how a batch scales. For information, the
same bare Tesseract is also timed in process (tesserocr, language data loaded once), as the
reader itself runs it: the speed ratio is given against both. Any set of cards laid
out like sample_cards/truth.json can be measured with --truth (cards the reader never saw).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one core per process for both contenders

import pytesseract
import tesserocr
from PIL import Image, ImageOps

from benchmarks.card_scoring import Score, groups_of
from handover.reader.read import read_batch, read_card

_POSTAL = re.compile(r"〒?\s*(\d{3})[-‐ー−]?(\d{4})")
_PHONE = re.compile(r"(0\d{1,4})[-‐ー−( )]+(\d{1,4})[-‐ー−) ]+(\d{3,4})")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://)?(?:www\.)[\w.-]+\.[a-z]{2,}(?:/\S*)?")
_ORG = re.compile(r"(株式会社|\(株\)|有限会社|法人|省|庁|県|府|都|市|区|町|村|大学|協会|組合)")


def baseline_fields(path: Path) -> dict[str, str | None]:
    """Bare Tesseract on the original image plus simple regexes: the baseline."""
    image = ImageOps.exif_transpose(Image.open(path))
    return fields_from_text(pytesseract.image_to_string(image, lang="jpn+eng"))


def in_process_baseline_fields(api: tesserocr.PyTessBaseAPI, path: Path) -> dict[str, str | None]:
    """The baseline with Tesseract in process: no program start, language data loaded once."""
    api.SetImage(ImageOps.exif_transpose(Image.open(path)))
    return fields_from_text(api.GetUTF8Text())


def fields_from_text(text: str) -> dict[str, str | None]:
    """The baseline's fields: regexes and first lines of Tesseract's plain text."""
    lines = [re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", ln).strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    flat = "\n".join(lines)
    fields: dict[str, str | None] = dict.fromkeys(
        ("name", "name_kana", "organization", "department", "title", "address", "fax", "mobile", "url"), None
    )
    if m := _POSTAL.search(flat):
        fields["postal_code"] = f"{m.group(1)}-{m.group(2)}"
    for line in lines:
        phone = _PHONE.search(line)
        if phone is None:
            continue
        number = "-".join(phone.groups())
        if re.search(r"FAX|Fax|ファクス", line):
            fields["fax"] = fields["fax"] or number
        elif number.startswith(("090", "080", "070")):
            fields["mobile"] = fields["mobile"] or number
        else:
            fields.setdefault("phone", number)
    fields.setdefault("phone", None)
    fields.setdefault("postal_code", None)
    fields["email"] = m.group(0).lower() if (m := _EMAIL.search(flat)) else None
    fields["url"] = m.group(0) if (m := _URL.search(flat)) else None
    for line in lines:
        if fields["organization"] is None and _ORG.search(line) and len(line) < 30:
            fields["organization"] = line
        elif fields["address"] is None and re.search(r"[都道府県市区町村]", line) and re.search(r"\d", line):
            fields["address"] = re.sub(r"^〒?\s*\d{3}-?\d{4}\s*", "", line)
    short = [ln for ln in lines if 2 <= len(ln.replace(" ", "")) <= 6 and not re.search(r"\d", ln)]
    fields["name"] = short[0] if short else None
    return fields


def _truth(path: Path) -> list[dict[str, Any]]:
    return list(json.loads(path.read_text(encoding="utf-8")))


def _print_table(title: str, rows: list[tuple[str, Score | None, Score | None]]) -> None:
    print(f"\n{title}")
    print(f"{'':24} {'handover F1':>12} {'acc':>6} {'baseline F1':>12} {'acc':>6}")
    for label, ours, base in rows:
        assert ours is not None and base is not None
        print(
            f"{label:24} {ours.overall.f1:12.3f} {ours.overall.accuracy:6.3f}"
            f" {base.overall.f1:12.3f} {base.overall.accuracy:6.3f}"
        )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--truth", type=Path, default=Path("sample_cards/truth.json"))
    parser.add_argument("--limit", type=int, default=0, help="only the first N files")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes for the batch pass")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--no-batch", action="store_true", help="skip the batch pass (one-core figures only)")
    args = parser.parse_args(argv)

    entries = _truth(args.truth)[: args.limit or None]
    root = args.truth.parent
    ours, base = Score(), Score()
    ours_seconds = base_seconds = in_process_seconds = 0.0
    cards = 0
    api = tesserocr.PyTessBaseAPI(lang="jpn+eng")  # default page segmentation, as the program's
    for n, entry in enumerate(entries, 1):
        path = root / entry["file"]
        started = time.perf_counter()
        try:
            readings = [r.as_json()["fields"] for r in read_card(path)]
        except Exception as e:  # a failure is scored as no card found, and said
            print(f"handover failed on {path}: {e}", file=sys.stderr)
            readings = []
        ours_seconds += time.perf_counter() - started
        started = time.perf_counter()
        baseline = baseline_fields(path)
        base_seconds += time.perf_counter() - started
        started = time.perf_counter()
        in_process_baseline_fields(api, path)
        in_process_seconds += time.perf_counter() - started
        for i, card in enumerate(entry["cards"]):
            cards += 1
            groups = groups_of(entry, card)
            found = readings[i] if i < len(readings) else None
            ours.add_card(card["fields"], found, groups)  # type: ignore[arg-type]
            # The baseline reads one card per file: it gets the first card only.
            base.add_card(card["fields"], baseline if i == 0 else None, groups)
        print(f"\r{n}/{len(entries)} files", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    api.End()

    started = time.perf_counter()
    if not args.no_batch:
        for _ in read_batch([root / e["file"] for e in entries], jobs=args.jobs):
            pass
    batch_seconds = time.perf_counter() - started

    print(f"cards: {cards} in {len(entries)} files ({args.truth})")
    _print_table("overall", [("all fields", ours, base)])
    print(f"\n{'field':24} {'handover F1':>12} {'acc':>6} {'baseline F1':>12} {'acc':>6}")
    for name, tally in ours.by_field.items():
        b = base.by_field[name]
        print(f"{name:24} {tally.f1:12.3f} {tally.accuracy:6.3f} {b.f1:12.3f} {b.accuracy:6.3f}")
    print(f"\n{'group':24} {'handover F1':>12} {'acc':>6} {'baseline F1':>12} {'acc':>6}")
    for group in sorted(ours.by_group):
        t, b = ours.by_group[group], base.by_group[group]
        print(f"{group:24} {t.f1:12.3f} {t.accuracy:6.3f} {b.f1:12.3f} {b.accuracy:6.3f}")
    per_card_ours = ours_seconds / max(cards, 1)
    per_card_base = base_seconds / max(len(entries), 1)
    one_core_rate = len(entries) / ours_seconds if ours_seconds else 0.0
    batch_rate = len(entries) / batch_seconds if batch_seconds else 0.0
    print(f"\ncards not found by handover: {ours.cards_missing}")
    per_file_ours = ours_seconds / max(len(entries), 1)
    per_file_in_process = in_process_seconds / max(len(entries), 1)
    print(f"seconds per file, one core: handover {per_file_ours:.2f}, baseline {per_card_base:.2f}")
    print(f"speed ratio handover/baseline (one core, per file): {ours_seconds / base_seconds:.2f}x")
    print(
        f"for information, baseline with Tesseract in process: {per_file_in_process:.2f} s per file;"
        f" handover/that: {ours_seconds / in_process_seconds:.2f}x"
    )
    speedup = batch_rate / one_core_rate if one_core_rate and not args.no_batch else 0.0
    if not args.no_batch:
        print(f"batch on {args.jobs} processes: {batch_rate:.2f} files/s = {speedup:.2f}x one core")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "cards": cards,
                    "handover": {
                        "f1": ours.overall.f1,
                        "fields": {k: v.f1 for k, v in ours.by_field.items()},
                        "groups": {k: v.f1 for k, v in ours.by_group.items()},
                    },
                    "baseline": {
                        "f1": base.overall.f1,
                        "fields": {k: v.f1 for k, v in base.by_field.items()},
                    },
                    "seconds_per_card": {"handover": per_card_ours, "baseline_per_file": per_card_base},
                    "seconds_per_file": {
                        "handover": per_file_ours,
                        "baseline": per_card_base,
                        "baseline_in_process": per_file_in_process,
                    },
                    "speed_ratio": ours_seconds / base_seconds,
                    "speed_ratio_in_process_baseline": ours_seconds / in_process_seconds,
                    "batch_speedup": speedup or None,
                },
                ensure_ascii=False,
                indent=2,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
