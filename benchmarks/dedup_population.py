"""The invented population of benchmarks.dedup: people, their jobs, the officials who hold their cards.

Generated without looking at the matcher. Every rate that decides how hard the task is sits in
`Rates`, with the reason for its default; benchmarks.dedup can run with less favourable values.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

import japanese_personal_name_dataset

_DATASET = Path(japanese_personal_name_dataset.__file__).parent / "dataset"
# The generator's own list of how names are printed in old or variant forms (not the matcher's).
VARIANTS = {
    "高": "髙", "崎": "﨑嵜", "斎": "齋齊", "辺": "邊邉", "沢": "澤", "浜": "濱濵", "広": "廣", "桜": "櫻",
    "国": "國", "徳": "德", "真": "眞", "竜": "龍", "蔵": "藏", "富": "冨", "島": "嶋嶌", "瀬": "瀨",
    "吉": "𠮷", "槙": "槇", "柳": "栁", "曽": "曾", "条": "條", "峰": "峯", "関": "關", "黒": "黑",
    "恵": "惠", "栄": "榮", "寿": "壽", "実": "實", "円": "圓", "桑": "桒", "館": "舘", "渕": "淵",
}  # fmt: skip
# Look-alikes Tesseract confuses on Japanese text; several are outside the matcher's table.
OCR_SLIPS = {
    "一": "ー", "口": "ロ", "力": "カ", "夕": "タ", "工": "エ", "二": "ニ", "八": "ハ", "日": "目",
    "末": "未", "土": "士", "人": "入", "千": "干", "大": "太", "木": "本", "田": "由", "王": "玉",
    "子": "千", "川": "jI", "三": "ニ", "郎": "朗", "太": "大", "美": "義", "恵": "意", "雄": "推",
}  # fmt: skip
DAKUTEN = str.maketrans(
    "ガギグゲゴザジズゼゾダヂヅデドバビブベボ", "カキクケコサシスセソタチツテトハヒフヘホ"
)
ORG_HEADS = ("あおば", "みどり", "東西", "北辰", "南海", "大和", "光陽", "中央", "新星", "朝日", "白山",
             "若葉", "翔栄", "丸山", "青木", "豊和", "協和", "日進", "昭栄", "共立", "三和", "第一",
             "富士見", "桜台")  # fmt: skip
ORG_TAILS = ("商事", "工業", "建設", "電機", "物産", "設計", "コンサルタント", "技研", "興業", "開発",
             "製作所", "運輸", "システム", "地所", "化学", "印刷", "ホールディングス", "測量",
             "環境サービス", "精機")  # fmt: skip
DEPTS = ("営業部", "総務部", "技術部", "企画課", "経理課", "事業推進部", "調査課", "設計部", "管理課",
         "広報室")  # fmt: skip
TITLES = ("主任", "係長", "課長補佐", "課長", "次長", "部長", "担当部長", "主事", "主査", "室長", "参事")
LEGAL = ("株式会社{}", "{}株式会社", "(株){}", "㈱{}", "株式会社 {}")


@dataclass(frozen=True)
class Rates:
    """How often the hard cases happen. Defaults are assumptions stated here, not fitted to a score."""

    # People who share the full name (and reading) of someone else in the population: about twice
    # what random pairings of real name frequencies give for 8,000 people, to make the task harder.
    namesakes: float = 0.04
    # Of those, the share that is not a chance collision (a son named after his father, 襲名 in a
    # family firm): drawn regardless of how common the name is. The rest collide the way chance
    # does, in proportion to how common the family name is (佐藤 far more often than 脇本).
    namesake_any_name: float = 0.2
    promotion: float = 0.2
    job_change: float = 0.08
    # A job changer who stays in the same field (another construction firm), and so keeps dealing
    # with the same section of the office. Mid-career moves in Japan mostly stay in the industry.
    same_field: float = 0.5
    # A card goes to an official the person has already met in that section, when there is one.
    keep_official: float = 0.6
    # A card handed over outside the section that deals with the organisation (events, 窓口).
    anywhere: float = 0.1
    sections: int = 40  # fields of business, each dealt with by one section of the office
    officials_per_section: int = 6


@dataclass
class Job:
    org: str
    org_kind: str
    domain: str
    dept: str
    title: str
    section: int


@dataclass
class Person:
    pid: int
    family: tuple[str, str]  # kanji, reading (katakana)
    given: tuple[str, str]
    mobile: str | None
    jobs: list[Job]
    met: set[int] = field(default_factory=set)  # officials who hold a card of this person


@dataclass(frozen=True)
class GeneratedCard:
    """One card with its truth: whose it is, the job it was printed for, who received it."""

    pid: int
    org: str
    day: dt.date
    holder: int
    fields: dict[str, str | None]


def _hira_to_kata(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


def _load_names() -> tuple[list[tuple[str, str]], list[int], list[tuple[str, str]]]:
    families, weights = [], []
    with (_DATASET / "last_name_org.csv").open(encoding="utf-8") as f:
        for row in csv.reader(f):
            families.append((row[0], _hira_to_kata(row[2])))
            weights.append(int(row[1]))
    givens = []
    for name in ("first_name_man_opti.csv", "first_name_woman_opti.csv"):
        with (_DATASET / name).open(encoding="utf-8") as f:
            for row in csv.reader(f):
                for kanji in row[2:6]:
                    givens.append((kanji, _hira_to_kata(row[0])))
    return families, weights, givens


def _organizations(rng: random.Random, n: int, sections: int) -> list[tuple[str, str, str, int]]:
    orgs: set[tuple[str, str, str]] = set()
    while len(orgs) < n:
        kind = rng.random()
        head, tail = rng.choice(ORG_HEADS), rng.choice(ORG_TAILS)
        if kind < 0.8:
            orgs.add((head + tail, "company", f"{len(orgs)}-{rng.randrange(10**6)}.example.co.jp"))
        elif kind < 0.9:
            orgs.add((f"架空{head}市役所", "city", f"city.{len(orgs)}.example.lg.jp"))
        else:
            orgs.add((f"{head}{tail}協会", "association", f"{len(orgs)}.example.or.jp"))
    return [(*org, rng.randrange(sections)) for org in sorted(orgs)]


def make_people(rng: random.Random, cards: int, rates: Rates) -> list[Person]:
    """People with one or more jobs; namesakes of earlier people are added on purpose."""
    families, weights, givens = _load_names()
    orgs = _organizations(rng, max(200, cards // 12), rates.sections)
    by_section: dict[int, list[tuple[str, str, str, int]]] = {}
    for org in orgs:
        by_section.setdefault(org[3], []).append(org)
    weight_of = dict(zip(families, weights, strict=True))
    people: list[Person] = []
    for pid in range(int(cards / 2.6)):
        if people and rng.random() < rates.namesakes:  # the name of someone else, in another organisation
            if rng.random() < rates.namesake_any_name:
                twin = rng.choice(people)
            else:
                twin = rng.choices(people, [weight_of[p.family] for p in people])[0]
            family, given = twin.family, twin.given
        else:
            family = rng.choices(families, weights)[0]
            given = rng.choice(givens)
        mobile = (
            f"0{rng.choice('789')}0-{rng.randrange(10000):04d}-{rng.randrange(10000):04d}"
            if rng.random() < 0.5
            else None
        )
        org = rng.choice(orgs)
        jobs = [Job(org[0], org[1], org[2], rng.choice(DEPTS), rng.choice(TITLES), org[3])]
        if rng.random() < rates.promotion:  # promotion in the same organisation
            jobs.append(Job(org[0], org[1], org[2], jobs[0].dept, rng.choice(TITLES), org[3]))
        if rng.random() < rates.job_change:
            field_orgs = [o for o in by_section[org[3]] if o[0] != org[0]]
            new = rng.choice(field_orgs if field_orgs and rng.random() < rates.same_field else orgs)
            jobs.append(Job(new[0], new[1], new[2], rng.choice(DEPTS), rng.choice(TITLES), new[3]))
        people.append(Person(pid, family, given, mobile, jobs))
    return people


def _holder(rng: random.Random, person: Person, job: Job, rates: Rates) -> int:
    """The official who receives the card: one the person knows in that section, or any of it."""
    k = rates.officials_per_section
    if rng.random() < rates.anywhere:
        official = rng.randrange(rates.sections * k)
    else:
        section = range(job.section * k, (job.section + 1) * k)
        known = sorted(person.met.intersection(section))
        official = rng.choice(known) if known and rng.random() < rates.keep_official else rng.choice(section)
    person.met.add(official)
    return official


def _print_name(rng: random.Random, kanji: str) -> str:
    return "".join(rng.choice(VARIANTS[c]) if c in VARIANTS and rng.random() < 0.35 else c for c in kanji)


def _slip(rng: random.Random, text: str) -> str:
    spots = [i for i, c in enumerate(text) if c in OCR_SLIPS]
    if spots:
        i = rng.choice(spots)
        return text[:i] + OCR_SLIPS[text[i]] + text[i + 1 :]
    i = rng.randrange(len(text))
    return text[:i] + rng.choice("口日田中山川") + text[i + 1 :]


def make_cards(rng: random.Random, people: list[Person], total: int, rates: Rates) -> list[GeneratedCard]:
    """About `total` cards with their truth, in exchange-date order."""
    out: list[GeneratedCard] = []
    shared_box = {p.jobs[0].org for p in people if rng.random() < 0.03}
    while len(out) < total:
        person = rng.choice(people)
        start = dt.date(2018, 4, 1) + dt.timedelta(days=rng.randrange(365 * 3))
        for index, job in enumerate(person.jobs):
            for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
                day = start + dt.timedelta(days=index * 700 + rng.randrange(600))
                space = rng.choice((" ", "　", "", " "))
                name = _print_name(rng, person.family[0]) + space + _print_name(rng, person.given[0])
                if rng.random() < 0.12:
                    name = _slip(rng, name)
                kana = f"{person.family[1]} {person.given[1]}" if rng.random() < 0.6 else None
                if kana and rng.random() < 0.05:
                    kana = kana.translate(DAKUTEN)
                org = job.org if job.org_kind != "company" else rng.choice(LEGAL).format(job.org)
                if rng.random() < 0.04:
                    org = _slip(rng, org)
                email = f"p{person.pid}-{index}@{job.domain}" if rng.random() < 0.7 else None
                if job.org in shared_box and rng.random() < 0.5:
                    email = f"info@{job.domain}"
                mobile = person.mobile if person.mobile and rng.random() < 0.6 else None
                fields = {"name": name, "name_kana": kana, "organization": org, "department": job.dept,
                          "title": job.title, "email": email, "mobile": mobile, "url": None}  # fmt: skip
                out.append(GeneratedCard(person.pid, job.org, day, _holder(rng, person, job, rates), fields))
    out = out[:total]
    out.sort(key=lambda c: c.day)
    return out
