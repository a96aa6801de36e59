"""Match keys for people and organisations: the folding that makes two cards of one person agree."""

from __future__ import annotations

import re
import unicodedata

import jaconv
import phonenumbers
from rapidfuzz.distance import Levenshtein

from handover.models import OrganizationKind

# Old (旧字体) and variant (異体字) kanji that Japanese family names are printed with, folded to
# the form in everyday use. Officials type the common form while the card, or the person's
# koseki, keeps the old one: 髙橋 and 高橋 are the same person. NFKC already folds the CJK
# compatibility ideographs that have a canonical decomposition; the twelve "unified" ones in
# that block (﨑 U+FA11 among them) and ordinary old forms are not touched by Unicode and are here.
_ITAIJI_PAIRS = (
    "髙高 﨑崎 嵜崎 碕崎 齋斎 齊斎 斉斎 邊辺 邉辺 澤沢 濱浜 濵浜 廣広 櫻桜 國国 德徳 眞真 龍竜 藏蔵"
    " 冨富 槗橋 嶋島 嶌島 舘館 淵渕 瀨瀬 曾曽 條条 峯峰 埜野 薗園 增増 𠮷吉 栁柳 靑青 寬寛 淸清"
    " 亞亜 兒児 廳庁 縣県 會会 與与 實実 壽寿 惠恵 榮栄 學学 圓円 萬万 豐豊 禮礼 藝芸 驛駅 團団"
    " 應応 淺浅 戶戸 黑黒 鐵鉄 舊旧 黃黄 來来 將将 澁渋 瀧滝 濟済 槇槙 桒桑 籠篭 曺曹 彌弥 賴頼"
    " 穗穂 勳勲 邨村 祿禄 顯顕 險険 佛仏 恆恒 昻昂 髮髪 絲糸 總総 聰聡 莊荘 樂楽 檜桧 蘆芦 﨔欅"
    " 嶽岳 峽峡 灣湾 鄕郷 乘乗 氣気 廣広 辯弁 驗験 傳伝 營営 獨独 縱縦 釋釈 晉晋 粹粋 疊畳 剝剥 頰頬 𠮟叱"
    " 關関 邊辺 櫻桜 齒歯 變変 舍舎 爲為 壹壱 參参 區区 醫医 晝昼 畫画 數数 聲声 嚴厳 觀観 權権"
    " 歸帰 發発 擇択 譯訳 樣様 禪禅 壯壮 裝装 體体 臺台 對対 帶帯 當当 黨党 燈灯 稻稲 讀読 惱悩"
    " 拜拝 賣売 麥麦 拔抜 祕秘 燒焼 證証 淨浄 孃嬢 讓譲 釀醸 觸触 寢寝 愼慎 盡尽 醉酔 隨随 靜静"
    " 專専 戰戦 錢銭 潛潜 雙双 搜捜 騷騒 卽即 屬属 續続 擔担 單単 斷断 遲遅 蟲虫 鑄鋳 聽聴 鎭鎮"
    " 轉転 點点 盜盗 屆届 霸覇 寶宝 豫予 餘余 譽誉 搖揺 謠謡 亂乱 覽覧 兩両 獵猟 綠緑 壘塁 勵励"
    " 隸隷 靈霊 齡齢 戀恋 爐炉 勞労 樓楼 錄録 驒騨 嶋島 﨑崎 鷗鴎 蠟蝋 攝摂 屛屏 插挿 溪渓 螢蛍"
)
ITAIJI: dict[str, str] = {pair[0]: pair[1] for pair in _ITAIJI_PAIRS.split() if pair[0] != pair[1]}
_ITAIJI_TABLE = str.maketrans(ITAIJI)

# Characters Tesseract mixes up on Japanese cards (kanji vs katakana of the same shape, digits vs
# Latin letters). Folding both sides to one shape lets OCR noise compare equal; only ever used on
# top of other evidence, never to decide alone.
_CONFUSABLE_GROUPS = (
    "一ー－—―‐-",
    "口ロ□",
    "力カ",
    "夕タ",
    "工エ",
    "二ニ",
    "八ハ",
    "卜ト",
    "へヘ",
    "十+",
    "0OoＯ〇",
    "1lI|",
    "5S",
    "8B",
    "ぺペ",
    "べベ",
    "りリ",
    "もモ",
    "人入",
    "土士",
    "未末",
)
_CONFUSABLE_TABLE = str.maketrans({ch: group[0] for group in _CONFUSABLE_GROUPS for ch in group[1:]})

# Legal forms printed before or after an organisation's name, in full or abbreviated; the key
# drops them so that (株)山田商事, 山田商事株式会社 and ㈱山田商事 agree. NFKC has already turned
# ㈱ into (株). Longer forms first so that 一般社団法人 is not read as 社団法人.
_LEGAL_FORMS: tuple[tuple[str, OrganizationKind], ...] = (
    ("特定非営利活動法人", OrganizationKind.NONPROFIT),
    ("地方独立行政法人", OrganizationKind.PUBLIC_CORPORATION),
    ("独立行政法人", OrganizationKind.PUBLIC_CORPORATION),
    ("国立研究開発法人", OrganizationKind.PUBLIC_CORPORATION),
    ("国立大学法人", OrganizationKind.UNIVERSITY),
    ("公立大学法人", OrganizationKind.UNIVERSITY),
    ("一般社団法人", OrganizationKind.NONPROFIT),
    ("一般財団法人", OrganizationKind.NONPROFIT),
    ("公益社団法人", OrganizationKind.NONPROFIT),
    ("公益財団法人", OrganizationKind.NONPROFIT),
    ("社会福祉法人", OrganizationKind.NONPROFIT),
    ("株式会社", OrganizationKind.COMPANY),
    ("有限会社", OrganizationKind.COMPANY),
    ("合同会社", OrganizationKind.COMPANY),
    ("合資会社", OrganizationKind.COMPANY),
    ("合名会社", OrganizationKind.COMPANY),
    ("学校法人", OrganizationKind.UNIVERSITY),
    ("医療法人", OrganizationKind.OTHER),
    ("宗教法人", OrganizationKind.OTHER),
    ("npo法人", OrganizationKind.NONPROFIT),
    ("(株)", OrganizationKind.COMPANY),
    ("(有)", OrganizationKind.COMPANY),
    ("(同)", OrganizationKind.COMPANY),
    ("(資)", OrganizationKind.COMPANY),
    ("(名)", OrganizationKind.COMPANY),
    ("(一社)", OrganizationKind.NONPROFIT),
    ("(一財)", OrganizationKind.NONPROFIT),
    ("(公社)", OrganizationKind.NONPROFIT),
    ("(公財)", OrganizationKind.NONPROFIT),
    ("(特非)", OrganizationKind.NONPROFIT),
    ("(社福)", OrganizationKind.NONPROFIT),
    ("(独)", OrganizationKind.PUBLIC_CORPORATION),
    ("(学)", OrganizationKind.UNIVERSITY),
    ("(医)", OrganizationKind.OTHER),
    ("co.,ltd.", OrganizationKind.COMPANY),
    ("co.ltd.", OrganizationKind.COMPANY),
    ("inc.", OrganizationKind.COMPANY),
    ("corporation", OrganizationKind.COMPANY),
    ("k.k.", OrganizationKind.COMPANY),
)
# Only the two forms on most company cards are matched fuzzily: 合同会社 is one slip from 合同会議.
_SPELLED_FORMS = ("株式会社", "有限会社")
_ABBREVIATED_MARK = re.compile(r"^\([^()]\)|\([^()]\)$")
_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[・･.,、。'\"“”‘’]")
_GOVERNMENT = re.compile(r"(省|庁|内閣府|内閣官房|委員会|裁判所|国会)$|^(内閣|国土交通|経済産業|総務|財務)")
_LOCAL_GOVERNMENT = re.compile(r"^.{1,6}?(都|道|府|県|市|区|町|村)(役所|役場|庁)?$")
_MOBILE_PREFIXES = ("070", "080", "090")
_CORPORATE_NUMBER = re.compile(r"法人番号\s*[:：]?\s*(\d[\d\s-]{12,20})")


def fold_text(text: str | None) -> str:
    """NFKC, old/variant kanji folded, no whitespace, Latin in lower case: the base of every key."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).translate(_ITAIJI_TABLE)
    return _SPACES.sub("", folded).lower()


def fold_kana(text: str) -> str:
    """Hiragana as katakana, so a reading typed either way finds the other."""
    return str(jaconv.hira2kata(text))


def name_key(name: str | None) -> str:
    """A person's name as matched: '髙橋　一郎' and '高橋 一郎' give the same key."""
    return _PUNCT.sub("", fold_text(name))


def kana_key(reading: str | None) -> str:
    """A reading in full-width katakana without spaces: 'やまだ たろう' and 'ﾔﾏﾀﾞ ﾀﾛｳ' agree."""
    if not reading:
        return ""
    text = fold_kana(unicodedata.normalize("NFKC", reading))
    return _PUNCT.sub("", _SPACES.sub("", text))


def is_kana(text: str) -> bool:
    """True when the text, spaces aside, is only hiragana and katakana (a reading, not a name)."""
    body = kana_key(text)
    return bool(body) and all("\u30a0" <= ch <= "\u30ff" for ch in body)


def shape_key(key: str) -> str:
    """A key with OCR look-alikes folded to one shape (ロ = 口, カ = 力, O = 0)."""
    return key.translate(_CONFUSABLE_TABLE)


def _strip_legal_forms(text: str) -> tuple[str, OrganizationKind | None]:
    kind: OrganizationKind | None = None
    changed = True
    while changed:
        changed = False
        for form, form_kind in _LEGAL_FORMS:
            if text.startswith(form) and len(text) > len(form):
                text, kind, changed = text[len(form) :], kind or form_kind, True
            elif text.endswith(form) and len(text) > len(form):
                text, kind, changed = text[: -len(form)], kind or form_kind, True
    return text, kind


def _strip_misread_legal_form(text: str) -> str:
    """Drop a legal form that OCR misread by one character (株式会山, 株口会社) or a (X) mark."""
    # A parenthesised single character before or after the name is an abbreviated legal form,
    # (株) read as (山) or (林): no organisation's own name starts or ends that way.
    text = _ABBREVIATED_MARK.sub("", text) or text
    for form in _SPELLED_FORMS:
        n = len(form)
        if len(text) > n + 1:
            if Levenshtein.distance(text[:n], form) <= 1:
                return text[n:]
            if Levenshtein.distance(text[-n:], form) <= 1:
                return text[:-n]
    return text


def organization_key(name: str | None) -> str:
    """An organisation as matched: legal form (even misread by one character), width, spacing folded."""
    key, _kind = _strip_legal_forms(fold_text(name))
    return _PUNCT.sub("", _strip_misread_legal_form(key))


def guess_kind(name: str | None, email: str | None = None) -> OrganizationKind:
    """What sort of body an organisation is, from its legal form, its name and its mail domain."""
    folded = fold_text(name)
    stripped, kind = _strip_legal_forms(folded)
    if kind is not None:
        return kind
    domain = email_domain(email) or ""
    # go.jp is reserved for national bodies, lg.jp for local governments (JPRS rules).
    if domain.endswith(".go.jp") or _GOVERNMENT.search(stripped):
        return OrganizationKind.NATIONAL_GOVERNMENT
    if domain.endswith(".lg.jp") or _LOCAL_GOVERNMENT.match(stripped):
        return OrganizationKind.LOCAL_GOVERNMENT
    if domain.endswith(".ac.jp") or "大学" in stripped:
        return OrganizationKind.UNIVERSITY
    if domain.endswith(".co.jp"):
        return OrganizationKind.COMPANY
    return OrganizationKind.OTHER


def email_key(email: str | None) -> str:
    """An e-mail address as matched: NFKC, trimmed, lower case ('' when it is not an address)."""
    text = _SPACES.sub("", unicodedata.normalize("NFKC", email or "")).lower()
    return text if re.fullmatch(r"[^@]+@[^@]+\.[^@]+", text) else ""


def email_domain(email: str | None) -> str | None:
    """The domain of an e-mail address, or None."""
    key = email_key(email)
    return key.rsplit("@", 1)[1] if key else None


def phone_digits(phone: str | None) -> str:
    """Only the digits of a Japanese number, +81 folded to the leading 0 (extensions dropped)."""
    text = unicodedata.normalize("NFKC", phone or "")
    text = re.split(r"内線|ext\.?|\(内\)", text, maxsplit=1, flags=re.IGNORECASE)[0]
    digits = re.sub(r"\D", "", text)
    if text.strip().startswith("+81") or (digits.startswith("81") and len(digits) in (11, 12)):
        digits = "0" + digits[2:]
    return digits


def format_phone(phone: str | None) -> str | None:
    """A number in the national format with hyphens (03-3581-4111), or the text as given."""
    digits = phone_digits(phone)
    if not digits:
        return None
    try:
        parsed = phonenumbers.parse(digits, "JP")
    except phonenumbers.NumberParseException:
        return unicodedata.normalize("NFKC", phone or "").strip() or None
    if not phonenumbers.is_possible_number(parsed):
        return unicodedata.normalize("NFKC", phone or "").strip() or None
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL))


def is_mobile(phone: str | None) -> bool:
    """True for a Japanese mobile number (070, 080, 090): personal, so it identifies a person."""
    digits = phone_digits(phone)
    return len(digits) == 11 and digits.startswith(_MOBILE_PREFIXES)


def is_valid_corporate_number(number: str) -> bool:
    """True when a 13-digit 法人番号 has the right check digit (the first digit)."""
    if not re.fullmatch(r"\d{13}", number):
        return False
    # The check digit is 9 - (sum of P_n * Q_n mod 9), digits counted from the right of the
    # remaining twelve, Q_n = 1 for odd n and 2 for even n (法人番号の指定等に関する省令).
    body = number[1:]
    total = sum(int(d) * (2 if n % 2 == 0 else 1) for n, d in enumerate(reversed(body), start=1))
    return int(number[0]) == 9 - total % 9


def corporate_number(text: str | None) -> str | None:
    """The 法人番号 in a field or on a card ('法人番号 1234567890123'), when printed and valid."""
    folded = unicodedata.normalize("NFKC", text or "")
    match = _CORPORATE_NUMBER.search(folded)
    candidate = re.sub(r"\D", "", match.group(1) if match else folded)
    return candidate if is_valid_corporate_number(candidate) else None


def search_text(*parts: str | None) -> str:
    """The folded text the search index holds: each part folded, joined by a separator."""
    return "|".join(fold_kana(fold_text(p)) for p in parts if p)


def search_query(query: str) -> str:
    """A user's query folded the way `search_text` folds what it indexes."""
    return fold_kana(fold_text(query)).replace("|", "")
