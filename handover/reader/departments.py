"""Names of the units that Japanese public bodies and companies are made of, to repair OCR slips.

A department reads as levels, each a name and a unit ending (危機管理|部, 防災企画|課). The names
come from a small common vocabulary: the bureaux, departments and divisions that prefectures,
municipalities, ministries and companies use over and over. When OCR garbles one character of a
level's name (危機和理部, 者市計画課) or drops one (危管理部) and exactly one word of the
vocabulary fits, the word is put back. Short names are left alone: with two characters too many
real words lie one slip apart.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Level names that occur across many bodies (common nouns, not any one body's own name).
UNIT_NAMES: tuple[str, ...] = (
    # Public sector: general affairs, policy and finance.
    "大臣官房", "総務", "総務企画", "企画", "企画調整", "政策", "政策企画", "総合政策", "政策推進",
    "経営企画", "行政改革", "しごと改革", "働き方改革", "財政", "財務", "会計", "会計管理", "出納",
    "人事", "職員", "秘書", "広報", "広聴", "広報広聴", "法務", "文書", "法制", "監査", "契約", "管財",
    "財産管理", "税務", "税制", "市民税", "資産税", "納税", "選挙管理", "議会事務", "情報政策",
    "情報システム", "情報管理", "デジタル推進", "デジタル統括", "デジタル戦略", "自治行政", "地域政策",
    "市町村", "国際", "国際交流", "男女共同参画", "人権", "庶務", "調整", "管理", "計画", "調査",
    # Residents, welfare, health and children.
    "市民", "区民", "町民", "村民", "県民", "都民", "道民", "府民", "住民", "市民協働", "協働",
    "地域振興", "地域福祉", "地域包括ケア", "福祉", "保健", "福祉保健", "保健福祉", "健康福祉",
    "健康", "健康推進", "健康増進", "医療", "医政", "保険年金", "国民健康保険", "介護保険",
    "介護保険計画", "高齢福祉", "高齢者福祉", "障害福祉", "障害者福祉", "生活福祉", "生活保護", "老健",
    "認知症施策", "地域介護推進", "子ども", "こども", "子ども家庭", "こども家庭", "子ども未来",
    "こども未来", "子育て支援", "こども青少年", "青少年", "保育", "消費生活", "生活環境",
    # Education, culture, industry.
    "教育", "教育総務", "学校教育", "生涯学習", "初等中等教育", "高等教育", "文化", "文化振興",
    "文化観光", "観光", "観光振興", "スポーツ", "産業", "産業労働", "産業振興", "産業政策", "商工",
    "商工振興", "商工労働", "工業", "企業誘致", "雇用", "労働", "労政", "農林", "農林水産", "農政",
    "水産", "林務", "経済", "経済振興", "産業技術環境", "技術政策企画", "研究振興", "学術研究推進",
    "研究推進", "産学連携", "審査", "特許",
    # Land, infrastructure, environment, safety.
    "都市", "都市整備", "都市計画", "都市政策", "都市づくり", "まちづくり", "地域まちづくり",
    "市街地整備", "建設", "土木", "道路", "道路整備", "道路管理", "河川", "下水道", "上下水道", "水道",
    "住宅", "住宅政策", "建築", "建築指導", "公園", "公園緑地", "緑地", "交通", "交通政策", "港湾",
    "用地", "環境", "環境政策", "環境保全", "環境対策", "清掃", "資源循環", "消防", "消防保安", "防災",
    "危機管理", "防災危機管理", "防災企画", "防災対策", "安全", "安全安心",
    # Companies.
    "営業", "営業推進", "営業企画", "公共営業", "法人営業", "自治体営業", "第一営業", "第二営業",
    "第三営業", "開発", "技術開発", "システム開発", "研究開発", "製品開発", "商品開発", "技術", "設計",
    "製造", "生産", "生産管理", "品質保証", "品質管理", "購買", "調達", "資材", "物流", "経理", "経営",
    "事業", "公共事業", "海外事業", "事業推進", "官公庁ソリューション", "ソリューション",
    "マーケティング", "広告", "宣伝", "販売", "販売促進", "顧客サービス", "カスタマーサービス",
    "サービス", "施設", "施設管理", "情報", "情報セキュリティ", "内部監査", "コンプライアンス", "統括",
    # Real names one slip from another above: listed so that they are never "repaired".
    "都市企画", "総合企画", "企画財政", "企画政策", "事業企画", "技術企画", "情報企画", "環境企画",
    "建設企画", "市民生活", "生活安全", "地域安全", "子育て", "住宅計画", "交通計画", "環境計画",
    "地域計画", "道路計画", "経営管理", "総務管理", "技術管理", "営業管理", "業務管理", "土木管理",
    "人材開発", "人材育成", "業務", "業務改革", "地域づくり", "地域整備", "地域交通", "都市戦略",
)  # fmt: skip

# Unit endings that close a level, longest first where one ends another.
_ENDINGS = (
    "本部", "事業部", "事務局", "事務所", "センター", "グループ", "チーム",
    "局", "部", "課", "室", "係", "班",
)  # fmt: skip
_LEVEL = re.compile(rf"(.+?)({'|'.join(_ENDINGS)})")
_MIN_LENGTH = 3  # a name this long (as read) may be repaired


@lru_cache(maxsize=1)
def _by_length() -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = {}
    for word in set(UNIT_NAMES):
        out.setdefault(len(word), []).append(word)
    return {n: tuple(words) for n, words in out.items()}


def _substitution(name: str) -> list[str]:
    """Words of the vocabulary that differ from `name` in exactly one character."""
    return [
        w for w in _by_length().get(len(name), ()) if sum(a != b for a, b in zip(w, name, strict=True)) == 1
    ]


def _deletion(name: str) -> list[str]:
    """Words of the vocabulary that are `name` with one character more."""
    return [
        w
        for w in _by_length().get(len(name) + 1, ())
        if any(w[:k] + w[k + 1 :] == name for k in range(len(w)))
    ]


def _doubling(name: str) -> list[str]:
    """Words of the vocabulary that are `name` with one of its doubled characters read once
    (OCR reads a character twice across a gap: 研究振振興 for 研究振興)."""
    words = _by_length().get(len(name) - 1, ())
    return [
        name[:k] + name[k + 1 :]
        for k in range(1, len(name))
        if name[k] == name[k - 1] and name[:k] + name[k + 1 :] in words
    ]


def _is_katakana(ch: str) -> bool:
    return "\u30a1" <= ch <= "\u30fa"


def _cut_in_katakana(name: str) -> list[str]:
    """Words of the vocabulary whose katakana word OCR cut at its head (タル推進 of デジタル推進),
    perhaps leaving one wrong character in place of what it lost (がタル統括). A level never
    starts inside a katakana word; a cut at a word's boundary (セキュリティ) is left alone."""
    out = set()
    for lost in (0, 1):
        tail = name[lost:]
        if len(tail) < _MIN_LENGTH or not _is_katakana(tail[0]):
            continue
        for word in UNIT_NAMES:
            head = len(word) - len(tail)
            if lost and word.endswith(name):
                continue  # the name itself is the word's end: the cut is where it was read
            if head > lost and word.endswith(tail) and _is_katakana(word[head - 1]):
                out.add(word)
    return sorted(out)


def _split_glyph(name: str) -> list[str]:
    """Words of the vocabulary that OCR read with one character as two, one of them a Latin
    letter or digit (第二に1業 for 第二営業: the glyph's parts read apart)."""
    words = _by_length().get(len(name) - 1, ())
    return [
        w
        for k in range(len(name) - 1)
        if sum(c.isascii() for c in name[k : k + 2]) == 1  # not a Latin word (IT, DX)
        for w in words
        if w[:k] == name[:k] and w[k + 1 :] == name[k + 2 :]
    ]


# A level that begins with ども, or with a kana or two before it: no unit name does but 子ども
# (こども is whole), whose 子 OCR lost or read as kana (すずども家庭部).
_KODOMO_HEAD = re.compile(r"^(?!こども)[\u3041-\u3096]{0,2}ども")


def _one_slip(name: str) -> str:
    """The one vocabulary word that OCR's single slip made of the name, else the name."""
    found = set(_substitution(name)) or set(_deletion(name)) or set(_doubling(name))
    found = found or set(_split_glyph(name)) or set(_cut_in_katakana(name))
    return found.pop() if len(found) == 1 else name


def repair_name(name: str) -> str:
    """The level name itself, or the one vocabulary word that OCR's single slip made of it."""
    if len(name) < _MIN_LENGTH or name in UNIT_NAMES:
        return name
    kodomo = _KODOMO_HEAD.sub("子ども", name)
    if kodomo != name:
        # Taken only when it (or one slip from it) is a unit name: the head alone proves little.
        mended = kodomo if kodomo in UNIT_NAMES else _one_slip(kodomo)
        if mended in UNIT_NAMES:
            return mended
    return _one_slip(name)


def repair_department(text: str) -> str:
    """The department with each level's name repaired against the common vocabulary."""
    levels = _LEVEL.findall(text)
    if not levels or "".join(a + b for a, b in levels) != text:
        return text
    return "".join(repair_name(name) + ending for name, ending in levels)


# Unit endings and what OCR reads for them: glyphs with the same parts in the same places
# (部: 郎 with 阝 beside a like head, 首 and 前 with its 丷 and bar on top; 課: 設 and 誤 with
# 言 on the left).
_ENDING_LOOK_ALIKES = {"郎": "部", "首": "部", "前": "部", "設": "課", "誤": "課"}


def complete_unit(text: str) -> str:
    """A unit whose ending OCR cut short or garbled after a known name (管理本 -> 管理本部,
    企画郎 -> 企画部), else the text."""
    ending = _ENDING_LOOK_ALIKES.get(text[-1:])
    if ending and text[:-1] in UNIT_NAMES:
        return text[:-1] + ending
    for ending in ("本部", "センター", "グループ"):
        for cut in range(1, len(ending)):
            head, stem = ending[:cut], text[: len(text) - cut]
            if text.endswith(head) and stem in UNIT_NAMES:
                return stem + ending
    return text
