"""Find the cards in an image: outlines of paper on a desk or a scanner bed, as four corners."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from handover.reader.settings import CARD_ASPECT, ReaderSettings

BGRImage = npt.NDArray[np.uint8]
GrayImage = npt.NDArray[np.uint8]
Quad = npt.NDArray[np.float32]  # 4 x 2 corners: top-left, top-right, bottom-right, bottom-left

_DETECT_SIDE = 900  # px, long side of the copy the card finder works on


@dataclass(frozen=True)
class CardQuad:
    """A card found in an image: its corners in image pixels, and whether an outline was seen."""

    corners: Quad
    found: bool  # False: no outline, the whole image is taken as the card
    score: float = 0.0


def order_corners(points: npt.ArrayLike) -> Quad:
    """Four points ordered top-left, top-right, bottom-right, bottom-left."""
    pts = np.asarray(points, dtype=np.float32).reshape(4, 2)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    pts = pts[np.argsort(angles)]  # clockwise on screen, starting near the left
    start = int(np.argmin(pts.sum(axis=1)))
    return np.roll(pts, -start, axis=0).astype(np.float32)


def whole_image_quad(image: BGRImage) -> Quad:
    """The corners of the whole image."""
    h, w = image.shape[:2]
    return np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], np.float32)


def _masks(small: BGRImage, gray: GrayImage) -> list[npt.NDArray[np.uint8]]:
    """Candidate foreground masks: bright objects, different-from-border colour, closed edges."""
    gray = np.asarray(cv2.GaussianBlur(gray, (5, 5), 0), np.uint8)
    h, w = gray.shape
    masks: list[npt.NDArray[np.uint8]] = []
    # 1. Light card on a darker desk.
    _, bright = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    masks.append(np.asarray(bright, np.uint8))
    # 2. Colour distance from the background, estimated on the image border.
    lab = cv2.cvtColor(cv2.GaussianBlur(small, (7, 7), 0), cv2.COLOR_BGR2LAB).astype(np.float32)
    m = max(4, min(h, w) // 30)
    border = np.concatenate([part.reshape(-1, 3) for part in (lab[:m], lab[-m:], lab[:, :m], lab[:, -m:])])
    bg = np.median(border, axis=0)
    spread = np.median(np.abs(border - bg), axis=0).sum()
    # Channel by channel, added in the order numpy's sum over the last axis adds them: the
    # same float32 distances, without numpy's slow reduction over a 3-long axis.
    sq = [(plane - c) ** 2 for plane, c in zip(cv2.split(lab), bg, strict=True)]
    dist = np.sqrt(sq[0] + sq[1] + sq[2])
    masks.append(((dist > max(18.0, 4.0 * spread)) * 255).astype(np.uint8))
    # 3. Edges, for white cards on a white scanner bed where only the card's rim shows.
    edges = cv2.Canny(gray, 10, 30)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8), iterations=2)
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    filled = np.zeros_like(gray)
    cv2.drawContours(filled, contours, -1, 255, thickness=cv2.FILLED)
    masks.append(np.asarray(cv2.erode(filled, np.ones((3, 3), np.uint8), iterations=2), np.uint8))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5))
    return [np.asarray(cv2.morphologyEx(mk, cv2.MORPH_OPEN, kernel), np.uint8) for mk in masks]


def _fit_quad(contour: npt.NDArray[np.int32]) -> Quad | None:
    hull = cv2.convexHull(contour)
    perimeter = cv2.arcLength(hull, True)
    for eps in (0.01, 0.02, 0.03, 0.05):
        approx = cv2.approxPolyDP(hull, eps * perimeter, True)
        if len(approx) == 4:
            return order_corners(approx)
    # Rounded corners or a finger over an edge: fall back to the tightest rotated rectangle.
    return order_corners(cv2.boxPoints(cv2.minAreaRect(hull)))


def side_lengths(q: Quad) -> tuple[float, float]:
    """Mean width (top, bottom) and height (left, right) of a quad."""
    top, bottom = np.linalg.norm(q[1] - q[0]), np.linalg.norm(q[2] - q[3])
    left, right = np.linalg.norm(q[3] - q[0]), np.linalg.norm(q[2] - q[1])
    return float(top + bottom) / 2, float(left + right) / 2


def _shape_score(quad: Quad, image_area: float, min_area: float) -> float:
    """How card-like a quad's size and shape are: 0 (not a card) .. 1."""
    quad_area = float(cv2.contourArea(quad))
    if quad_area < min_area * image_area or quad_area > 0.97 * image_area:
        return 0.0
    if not cv2.isContourConvex(quad.reshape(-1, 1, 2)):
        return 0.0
    w, h = side_lengths(quad)
    aspect = max(w, h) / max(1.0, min(w, h))
    # Perspective and 欧米 sizes move the ratio; beyond this it is a different object.
    if not 1.2 <= aspect <= 2.3:
        return 0.0
    return float(1.0 - min(abs(np.log(aspect / CARD_ASPECT)), 1.0) * 0.5)


def _traces_rim(contour: npt.NDArray[np.int32], quad: Quad) -> bool:
    """True when a thin contour runs along most of the quad's sides (a rim open at one side)."""
    tol = max(3.0, 0.02 * min(side_lengths(quad)))
    points = contour.reshape(-1, 1, 2).astype(np.float32)
    shape = quad.reshape(-1, 1, 2)
    near_rim = np.mean(
        [abs(cv2.pointPolygonTest(shape, (float(x), float(y)), True)) <= tol for x, y in points[:, 0]]
    )
    along = [quad[i] + t * (quad[(i + 1) % 4] - quad[i]) for i in range(4) for t in np.linspace(0, 1, 40)]
    covered = np.mean(
        [abs(cv2.pointPolygonTest(points, (float(x), float(y)), True)) <= tol for x, y in along]
    )
    return bool(near_rim >= 0.8 and covered >= 0.65)


def _stepped_sides(lab: npt.NDArray[np.float32], quad: Quad) -> int:
    """How many sides of `quad` show a visible step from paper to desk."""
    return sum(step >= 4.0 for step in rim_steps(lab, quad))


def _candidates(
    contour: npt.NDArray[np.int32],
    gray: GrayImage,
    lab: npt.NDArray[np.float32],
    image_area: float,
    min_area: float,
) -> list[tuple[float, Quad]]:
    """Card quads a contour of one of the masks stands for, with a score each."""
    if cv2.contourArea(cv2.convexHull(contour)) < min_area * image_area:
        return []
    quad = _fit_quad(contour)
    if quad is None:
        return []
    fill = float(cv2.contourArea(contour)) / max(1.0, float(cv2.contourArea(quad)))
    shape = _shape_score(quad, image_area, min_area)
    if shape > 0 and fill >= 0.85:
        return [(min(fill, 1.0) * shape * _rim_factor(lab, quad), quad)]
    if shape > 0 and _traces_rim(contour, quad) and _stepped_sides(lab, quad) >= 3:
        # The outline of a white card whose far side fades into a white desk: closed by its hull.
        return [(0.9 * shape * _rim_factor(lab, quad), quad)]
    if fill < 0.85:
        return []
    halves = [(_shape_score(q, image_area, min_area), q) for q in split_touching(gray, quad)]
    return [(min(fill, 1.0) * sc * _rim_factor(lab, q), q) for sc, q in halves if sc > 0]


def _overlap(a: Quad, b: Quad) -> float:
    """Intersection over the smaller area of two convex quads."""
    inter, _ = cv2.intersectConvexConvex(a, b)
    smaller = min(float(cv2.contourArea(a)), float(cv2.contourArea(b)))
    return float(inter) / smaller if smaller > 0 else 0.0


def rim_contrast(lab: npt.NDArray[np.float32], quad: Quad) -> float:
    """Mean colour step across the sides of `quad` (sides off the image left out; 0 if none)."""
    steps = rim_steps(lab, quad)
    return float(np.mean(steps)) if steps else 0.0


def rim_steps(lab: npt.NDArray[np.float32], quad: Quad, *, offset: float = 4.0) -> list[float]:
    """The colour step (Lab distance) across each side of `quad` that lies inside the image.

    A card's rim is a step from paper to desk all along each side; a region that a threshold
    cut out of a smooth light gradient (a white card on a pale desk) has no step at its border.
    """
    h, w = lab.shape[:2]
    centre = quad.mean(axis=0)
    steps = []
    for i in range(4):
        a, b = quad[i], quad[(i + 1) % 4]
        d = b - a
        normal = np.array([-d[1], d[0]], np.float32) / max(1e-6, float(np.linalg.norm(d)))
        if float(np.dot(centre - (a + b) / 2, normal)) < 0:
            normal = -normal  # pointing into the card
        points = a + np.linspace(0.1, 0.9, 25)[:, None] * d
        inner = np.round(points + offset * normal).astype(int)
        outer = np.round(points - offset * normal).astype(int)
        ok = (outer[:, 0] >= 0) & (outer[:, 0] < w) & (outer[:, 1] >= 0) & (outer[:, 1] < h)
        ok &= (inner[:, 0] >= 0) & (inner[:, 0] < w) & (inner[:, 1] >= 0) & (inner[:, 1] < h)
        if ok.sum() < 5:
            continue
        diff = lab[inner[ok, 1], inner[ok, 0]] - lab[outer[ok, 1], outer[ok, 0]]
        steps.append(float(np.median(np.sqrt((diff**2).sum(axis=1)))))
    return steps


def _rim_factor(lab: npt.NDArray[np.float32], quad: Quad) -> float:
    # A few Lab units already make a visible rim (white card on a white scanner lid).
    return float(np.clip(rim_contrast(lab, quad) / 6.0, 0.2, 1.0))


def split_touching(gray: GrayImage, quad: Quad) -> list[Quad]:
    """Two cards laid edge to edge, found as one long outline, cut apart along their seam.

    Cards put down side by side on a desk or a scanner touch, and every mask then sees one
    object twice a card long. The seam between them is a straight edge (a shadow or a paper
    rim) across the whole width, at about half the length; a single card this long is no card.
    """
    w, h = side_lengths(quad)
    long_side, short_side = max(w, h), min(w, h)
    if short_side < 1 or not 2.6 <= long_side / short_side <= 4.2:
        return []
    # Corners turned so that the long sides run top to bottom: a, b along the top, then d, c.
    q = quad if h >= w else np.roll(quad, -1, axis=0)
    width, length = round(short_side), round(long_side)
    dst = np.array([[0, 0], [width - 1, 0], [width - 1, length - 1], [0, length - 1]], np.float32)
    flat = cv2.warpPerspective(gray, cv2.getPerspectiveTransform(q, dst), (width, length))
    edges = np.abs(cv2.Sobel(flat, cv2.CV_32F, 0, 1, ksize=3))
    margin = max(1, width // 10)
    coverage = (edges[:, margin:-margin] > 40).mean(axis=1)
    lo, hi = round(0.35 * length), round(0.65 * length)
    row = lo + int(np.argmax(coverage[lo:hi]))
    if coverage[row] < 0.6:
        return []
    t = row / max(1, length - 1)
    left = q[0] + t * (q[3] - q[0])
    right = q[1] + t * (q[2] - q[1])
    halves = [np.array([q[0], q[1], right, left]), np.array([left, right, q[2], q[3]])]
    return [order_corners(half) for half in halves]


def find_cards(image: BGRImage, *, settings: ReaderSettings) -> list[CardQuad]:
    """Card outlines in `image`, top-to-bottom then left-to-right; the whole image if none is found."""
    h, w = image.shape[:2]
    scale = min(1.0, _DETECT_SIDE / max(h, w))
    small = np.asarray(
        cv2.resize(image, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA), np.uint8
    )
    area = float(small.shape[0] * small.shape[1])
    gray = np.asarray(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), np.uint8)
    lab = cv2.cvtColor(cv2.GaussianBlur(small, (5, 5), 0), cv2.COLOR_BGR2LAB).astype(np.float32)
    candidates: list[tuple[float, Quad]] = []
    for mask in _masks(small, gray):
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for raw in contours:
            candidates += _candidates(np.asarray(raw, np.int32), gray, lab, area, settings.min_card_area)
    chosen: list[tuple[float, Quad]] = []
    for score, quad in sorted(candidates, key=lambda c: -c[0] * float(cv2.contourArea(c[1])) ** 0.25):
        if any(_overlap(quad, other) > 0.3 for _, other in chosen):
            continue
        chosen.append((score, quad))
    if chosen:
        largest = max(float(cv2.contourArea(q)) for _, q in chosen)
        # A second "card" much smaller than the first is a logo or a sticker, not a card.
        chosen = [(s, q) for s, q in chosen if float(cv2.contourArea(q)) >= 0.35 * largest]
        chosen = chosen[: settings.max_cards]
    if not chosen:
        return [CardQuad(whole_image_quad(image), found=False)]
    cards = [CardQuad(order_corners(q / scale), found=True, score=s) for s, q in chosen]
    return sort_reading_order(cards)


def sort_reading_order(cards: list[CardQuad]) -> list[CardQuad]:
    """Cards sorted by centre: rows top-to-bottom, and left-to-right within a row."""

    def centre(c: CardQuad) -> tuple[float, float]:
        m = c.corners.mean(axis=0)
        return float(m[0]), float(m[1])

    rows: list[list[CardQuad]] = []
    for card in sorted(cards, key=lambda c: centre(c)[1]):
        half = min(side_lengths(card.corners)) / 2
        if rows and abs(centre(card)[1] - centre(rows[-1][0])[1]) < half:
            rows[-1].append(card)
        else:
            rows.append([card])
    return [c for row in rows for c in sorted(row, key=lambda c: centre(c)[0])]
