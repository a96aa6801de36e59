"""Regenerate the sample card set: `python -m sample_cards.generate [--seed N] [--jobs N]`.

Writes sample_cards/cards/*.jpg|png and sample_cards/truth.json. The output depends only on the
seed (and the versions of Pillow, OpenCV and the fonts), so the committed set can be rebuilt.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python sample_cards/generate.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import cv2
import numpy as np
from PIL import Image

from sample_cards.generator import layout_back, layout_h, layout_v, scenes
from sample_cards.generator.printing import truth_fields
from sample_cards.generator.spec import CardSpec, invent_card

ROOT = Path(__file__).resolve().parent
# category, number of files; multi files hold 2-4 cards each.
PLAN: tuple[tuple[str, int], ...] = (
    ("flatbed", 72),
    ("skewed", 31),
    ("lowres", 21),
    ("photo", 62),
    ("multi", 8),
    ("back", 5),
)


@dataclass(frozen=True)
class Job:
    """One output file to make."""

    index: int
    category: str
    seed: int
    out: str  # the directory the image goes to


def render(spec: CardSpec, rng: random.Random) -> Image.Image:
    """Draw the front of a card."""
    return layout_v.render(spec, rng) if spec.vertical else layout_h.render(spec, rng)


def card_entry(
    index: int,
    spec: CardSpec,
    quad: list[list[int]],
    *,
    side: str = "front",
    fields: dict[str, str | None] | None = None,
) -> dict[str, object]:
    """The truth of one card in a file."""
    return {
        "card_index": index,
        "vertical": spec.vertical,
        "side": side,
        "quad": quad,
        "fields": fields if fields is not None else truth_fields(spec.contact, spec.style),
    }


def encode(img: np.ndarray, *, png: bool, quality: int, limit: int = 245_000) -> tuple[bytes, str]:
    """PNG or JPEG bytes (and extension) of an RGB array; JPEG quality drops until the file fits."""
    pil = Image.fromarray(img)
    while True:
        buf = io.BytesIO()
        if png:
            pil.save(buf, "PNG", optimize=True)
        else:
            pil.save(buf, "JPEG", quality=quality, optimize=True, subsampling=2 if quality < 88 else 0)
        if buf.tell() <= limit or quality <= 60:
            return buf.getvalue(), "png" if png else "jpg"
        png, quality = False, quality - 5


def _write(job: Job, name: str, img: np.ndarray, *, png: bool = False, quality: int = 88) -> str:
    """Encode and write one image; returns its path as truth.json names it (cards/NAME.EXT)."""
    data, ext = encode(img, png=png, quality=quality)
    (Path(job.out) / f"{name}.{ext}").write_bytes(data)
    return f"cards/{name}.{ext}"


def _entry(path: str, category: str, cards: list[dict[str, object]], **extra: object) -> dict[str, object]:
    vertical = any(c["vertical"] for c in cards)
    return {
        "file": path,
        "category": category,
        "vertical": vertical,
        "rotation": 0,
        "skew": 0.0,
        **extra,
        "cards": cards,
    }


def make(job: Job) -> list[dict[str, object]]:
    """Render one file (two for a card with an English back) and return the truth entries."""
    rng = random.Random(f"{job.seed}-{job.index}")
    stem = f"{job.index:04d}"
    if job.category == "multi":
        n = rng.randint(2, 4)
        specs = [invent_card(rng, vertical=rng.random() < 0.27) for _ in range(n)]
        img, quads = scenes.multi([render(s, rng) for s in specs], rng, as_photo=rng.random() < 0.5)
        cards = _ordered([card_entry(0, s, q) for s, q in zip(specs, quads, strict=True)])
        tag = "v" if any(s.vertical for s in specs) else "h"
        return [_entry(_write(job, f"{stem}_multi_{tag}", img, quality=84), "multi", cards)]
    if job.category == "back":
        # The front and its English back, scanned separately, each naming the other as its pair.
        spec = layout_back.tokyo_card(rng)
        front, fquad = scenes.scan(render(spec, rng), rng, long_side=rng.randint(1150, 1400))
        back, bquad = scenes.scan(layout_back.render(spec, rng), rng, long_side=rng.randint(1150, 1400))
        fpath = _write(job, f"{stem}a_flatbed_h", front)
        bpath = _write(job, f"{stem}b_back_h", back)
        back_card = card_entry(0, spec, bquad, side="back", fields=layout_back.truth(spec))
        return [
            _entry(fpath, "flatbed", [card_entry(0, spec, fquad)], pair=bpath),
            _entry(bpath, "back", [back_card], pair=fpath),
        ]
    # About one card in four is vertical, spread over every category but the English backs.
    spec = invent_card(rng, vertical=rng.random() < 0.27)
    card = render(spec, rng)
    tag = "v" if spec.vertical else "h"
    rotation, skew, png, quality = 0, 0.0, False, 88
    if job.category == "photo":
        turns = rng.choices((0, 1, 2, 3), weights=(55, 20, 10, 15))[0]
        img, quad, rotation = scenes.photo(card, rng, turns=turns)
        quality = rng.randint(80, 88)
    elif job.category == "lowres":
        dpi = rng.choice((200, 180, 150))
        img, quad = scenes.scan(card, rng, long_side=round(91 / 25.4 * dpi))
        quality = rng.randint(70, 82)
    else:
        skew = round(rng.uniform(1, 8) * rng.choice((-1, 1)), 2) if job.category == "skewed" else 0.0
        img, quad = scenes.scan(card, rng, long_side=rng.randint(1100, 1500), skew=skew)
        png = job.category == "flatbed" and rng.random() < 0.3
    path = _write(job, f"{stem}_{job.category}_{tag}", img, png=png, quality=quality)
    return [_entry(path, job.category, [card_entry(0, spec, quad)], rotation=rotation, skew=skew)]


def _ordered(cards: list[dict[str, object]]) -> list[dict[str, object]]:
    """Reading order of several cards: rows top to bottom (by centre), then left to right."""

    def centre(c: dict[str, object]) -> tuple[float, float]:
        quad = np.array(c["quad"], dtype=float)
        return float(quad[:, 0].mean()), float(quad[:, 1].mean())

    rows: list[list[dict[str, object]]] = []
    for c in sorted(cards, key=lambda c: centre(c)[1]):
        if rows and abs(centre(rows[-1][0])[1] - centre(c)[1]) < 200:
            rows[-1].append(c)
        else:
            rows.append([c])
    ordered = [c for row in rows for c in sorted(row, key=lambda c: centre(c)[0])]
    for i, c in enumerate(ordered):
        c["card_index"] = i
    return ordered


def jobs(seed: int, out: str) -> list[Job]:
    """Every file of the set, categories interleaved so that any prefix is a fair mix."""
    queues = [[cat] * n for cat, n in PLAN]
    total = sum(n for _, n in PLAN)
    order: list[str] = []
    taken = [0] * len(PLAN)
    for _ in range(total):
        # Pick the category furthest behind its share so far.
        i = min(
            range(len(PLAN)), key=lambda j: (taken[j] + 0.5) / PLAN[j][1] if taken[j] < PLAN[j][1] else 9e9
        )
        order.append(queues[i][taken[i]])
        taken[i] += 1
    return [Job(i + 1, cat, seed, out) for i, cat in enumerate(order)]


def main(argv: list[str] | None = None) -> int:
    """Regenerate cards/ and truth.json."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="only the first N files (for a quick look)")
    parser.add_argument("--out", type=Path, default=ROOT, help="where cards/ and truth.json go")
    args = parser.parse_args(argv)
    cv2.setNumThreads(1)
    root: Path = args.out
    root.mkdir(parents=True, exist_ok=True)
    # Build beside the old set and swap at the end: readers testing against it never see half a set.
    fresh, old = root / "cards.new", root / "cards.old"
    for stale in (fresh, old):
        shutil.rmtree(stale, ignore_errors=True)
    fresh.mkdir()
    todo = jobs(args.seed, str(fresh))[: args.limit or None]
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        entries = [e for made in pool.map(make, todo, chunksize=4) for e in made]
    if (root / "cards").exists():
        (root / "cards").rename(old)
    fresh.rename(root / "cards")
    shutil.rmtree(old, ignore_errors=True)
    text = json.dumps(entries, ensure_ascii=False, indent=1)
    (root / "truth.json.new").write_text(text + "\n", encoding="utf-8")
    (root / "truth.json.new").replace(root / "truth.json")
    cards = sum(len(e["cards"]) for e in entries)  # type: ignore[misc, arg-type]
    print(f"{len(entries)} files, {cards} cards -> {root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
