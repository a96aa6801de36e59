"""Invented companies, associations, NPOs, universities and citizens' groups.

Names are random combinations of parts; a combination may by chance match a real firm, but none is
taken from one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class NamePart:
    """One piece of an invented organisation name, with its Latin form for domains and English."""

    text: str
    latin: str
    english: str


PREFIXES: tuple[NamePart, ...] = tuple(
    NamePart(t, lat, lat.capitalize())
    for t, lat in (
        ("東邦", "toho"),
        ("北斗", "hokuto"),
        ("三葉", "mitsuba"),
        ("青葉", "aoba"),
        ("新星", "shinsei"),
        ("旭光", "kyokko"),
        ("朝日野", "asahino"),
        ("若葉", "wakaba"),
        ("白鷺", "shirasagi"),
        ("紫峰", "shiho"),
        ("光洋", "koyo"),
        ("八雲", "yakumo"),
        ("千歳", "chitose"),
        ("湊", "minato"),
        ("翔栄", "shoei"),
        ("桜丘", "sakuragaoka"),
        ("明和", "meiwa"),
        ("東雲", "shinonome"),
        ("琥珀", "kohaku"),
        ("蒼海", "sokai"),
        ("北辰", "hokushin"),
        ("楓", "kaede"),
        ("常盤", "tokiwa"),
        ("双葉", "futaba"),
        ("銀河", "ginga"),
        ("ネクスト", "next"),
        ("アクア", "aqua"),
        ("グリーン", "green"),
        ("コスモ", "cosmo"),
        ("ステラ", "stella"),
        ("リンク", "link"),
        ("みらい", "mirai"),
        ("ひまわり", "himawari"),
    )
)
CORES: tuple[NamePart, ...] = (
    NamePart("精機", "seiki", "Precision"),
    NamePart("データシステム", "datasys", "Data Systems"),
    NamePart("建設", "kensetsu", "Construction"),
    NamePart("工業", "kogyo", "Industries"),
    NamePart("商事", "shoji", "Trading"),
    NamePart("設計", "sekkei", "Design"),
    NamePart("電子", "denshi", "Electronics"),
    NamePart("ソリューションズ", "solutions", "Solutions"),
    NamePart("コンサルタンツ", "consul", "Consultants"),
    NamePart("測量", "sokuryo", "Survey"),
    NamePart("印刷", "insatsu", "Printing"),
    NamePart("食品", "foods", "Foods"),
    NamePart("環境技研", "kankyo", "Environmental Engineering"),
    NamePart("情報サービス", "joho", "Information Services"),
    NamePart("運輸", "unyu", "Logistics"),
    NamePart("総合研究所", "soken", "Research Institute"),
    NamePart("ネットワークス", "networks", "Networks"),
    NamePart("電設", "densetsu", "Electric Works"),
    NamePart("メディカル", "medical", "Medical"),
    NamePart("エンジニアリング", "eng", "Engineering"),
)
COMPANY_UNITS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("営業本部", ("第一営業部", "第二営業部", "公共営業部")),
    ("公共事業部", ("自治体営業課", "官公庁ソリューション課")),
    ("開発本部", ("システム開発部", "技術開発課")),
    ("管理本部", ("総務部", "人事部", "経理部")),
    ("技術部", ("設計課", "品質保証課", "生産技術課")),
    ("経営企画室", ("",)),
)
COMPANY_TITLES: tuple[str, ...] = (
    "部長",
    "課長",
    "係長",
    "主任",
    "マネージャー",
    "シニアマネージャー",
    "チーフ",
    "リーダー",
    "担当部長",
    "エンジニア",
    "コンサルタント",
    "室長",
)
EXECUTIVE_TITLES: tuple[str, ...] = ("代表取締役", "代表取締役社長", "取締役", "常務取締役", "専務取締役")
GROUP_TITLES: tuple[str, ...] = ("会長", "副会長", "事務局長", "代表", "理事長", "理事", "世話人")
ACADEMIC_TITLES: tuple[str, ...] = ("教授", "准教授", "講師", "助教", "特任教授")


@dataclass(frozen=True)
class Company:
    """An invented non-government organisation: how its name is printed, domain and English name."""

    printed: str  # as printed, e.g. "（株）東邦精機" or "株式会社 北斗データシステム"
    short: str  # the distinctive part, for building names
    domain: str
    english: str
    kind: str  # company | association | npo | university | group


def invent_company(rng: random.Random) -> Company:
    """A company, association, NPO or university name made of invented parts."""
    p, c = rng.choice(PREFIXES), rng.choice(CORES)
    base = p.text + c.text
    latin = f"{p.latin}-{c.latin}"
    roll = rng.random()
    if roll < 0.62:
        form = rng.choice(
            ("株式会社{}", "株式会社 {}", "{}株式会社", "（株）{}", "{}（株）", "有限会社{}", "合同会社{}")
        )
        tld = rng.choice((".co.jp", ".co.jp", ".co.jp", ".jp", ".com"))
        english = f"{p.english} {c.english} " + rng.choice(("Co., Ltd.", "Corporation", "Inc."))
        return Company(form.format(base), p.text, latin + tld, english, "company")
    if roll < 0.78:
        field = rng.choice(("地域情報化推進協会", "測量技術協会", "まちづくり支援機構", "防災技術センター"))
        form = rng.choice(("一般社団法人{}", "一般財団法人{}", "公益財団法人{}"))
        return Company(
            form.format(p.text + field), p.text, f"{p.latin}.or.jp", f"{p.english} Association", "association"
        )
    if roll < 0.9:
        field = rng.choice(
            ("子ども支援ネット", "里山保全の会", "地域ささえあいセンター", "多文化共生フォーラム")
        )
        form = rng.choice(("特定非営利活動法人{}", "NPO法人{}", "NPO法人 {}"))
        return Company(form.format(p.text + field), p.text, f"{p.latin}-npo.org", f"{p.english} NPO", "npo")
    school = rng.choice(("工業大学", "大学", "科学技術大学"))
    return Company(
        f"国立大学法人{p.text}{school}", p.text, f"{p.latin}-u.ac.jp", f"{p.english} University", "university"
    )


def invent_group(rng: random.Random, place: str) -> Company:
    """A citizens' group named after the neighbourhood it works in."""
    name = place + rng.choice(
        ("まちづくり協議会", "町内会", "自治会", "防災ボランティアの会", "子ども食堂ネットワーク")
    )
    return Company(name, place, "", "", "group")
