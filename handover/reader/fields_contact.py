"""Structured contact fields found by pattern: postal code, phone numbers, e-mail, URL.

Every finder takes NFKC-folded line text (see textnorm.fold) and tolerates the usual OCR noise.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import phonenumbers

from handover.reader.gazetteer import lookup_postal
from handover.reader.textnorm import squash

# Letters Tesseract puts in place of digits inside a number.
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "|": "1",
                                   "i": "1", "!": "1", "Z": "2", "S": "5", "s": "5", "B": "8", "b": "6",
                                   "g": "9", "q": "9", "@": "0"})  # fmt: skip
_LOOK = "OoDQlIi|!ZSsBbgq@"


@dataclass(frozen=True)
class Found:
    """A value found in a line, with the character span it came from and a quality 0..1."""

    value: str
    start: int
    end: int
    quality: float


# -- postal code -------------------------------------------------------------------------------

# 〒 is often read as T, 干 or 〒 followed by noise; the code may lack its hyphen.
_POSTAL = re.compile(r"(?:(〒|T|干|₸|テ|〒\s*:)\s*)?(?<![\d-])(\d{3})\s*-?\s*(\d{4})(?![\d-])")


# Tesseract often reads 〒 as a 7 glued to the code: "7100-8926".
_SEVEN_FOR_MARK = re.compile(r"(?<![\d-])7(?=\d{3}[-\s]\d{4}(?![\d-]))")


_POSTAL_TURNED_DASH = re.compile(r"〒\s*(\d{3})[1lI|](\d{4})(?!\d)")


def find_postal(text: str) -> Found | None:
    """The first postal code in the text, checked against Japan Post (quality 1 when it exists)."""
    text = _SEVEN_FOR_MARK.sub("〒", text)
    for m in _POSTAL.finditer(text):
        marked = m.group(1) is not None
        hyphen = "-" in m.group(0)
        if not (marked or hyphen):
            continue
        code = f"{m.group(2)}-{m.group(3)}"
        known = lookup_postal(code) is not None
        if not known and not marked:
            continue
        return Found(code, m.start(), m.end(), 1.0 if known else 0.5)
    # In vertical text the hyphen is turned a quarter and read as 1 ("〒86115522").
    for m in _POSTAL_TURNED_DASH.finditer(text):
        code = f"{m.group(1)}-{m.group(2)}"
        if lookup_postal(code) is not None:
            return Found(code, m.start(), m.end(), 0.8)
    return None


# -- phone numbers ------------------------------------------------------------------------------

_LABELS: tuple[tuple[str, str], ...] = (
    (r"携帯\s*(?:電話)?|mobile|mob\.?|cell(?:ular)?|keitai|(?<![a-z])m(?![a-z])", "mobile"),
    (r"fax|ファクス|ファックス|ファクシミリ|(?<![a-z])f(?![a-z])", "fax"),
    (r"tel|phone|電話|代表|直通|直|ダイヤルイン|(?<![a-z])t(?![a-z])", "phone"),
)
_LABEL = re.compile("|".join(f"(?P<{kind}>{pattern})" for pattern, kind in _LABELS), re.IGNORECASE)
# A number starts with 0 (or O, @, 9 as OCR reads a 0); separators are whatever cards and OCR
# put between the groups.
_PHONE = re.compile(
    rf"(?:\+\s*81[\s-]*\(?0?\)?|(?<!\d)(?=[0O@(9]))"
    rf"[\d{_LOOK}()][\d{_LOOK}()\s.,:-]{{7,16}}\d"
)
_GROUP_SEP = re.compile(r"[\s().,:-]+")
_EXTENSION = re.compile(
    r"^\s*[(\[]?\s*(?:内\s*線|内|ext\.?|ex\.?|x)\s*[:.]?\s*(\d{1,6})\s*[)\]]?", re.IGNORECASE
)


@dataclass(frozen=True)
class Phone:
    """A phone number found on the card: which kind (phone, fax, mobile) and the formatted value."""

    kind: str
    found: Found
    labelled: bool


def _format(digits: str) -> tuple[str, bool] | None:
    try:
        number = phonenumbers.parse(digits, "JP")
    except phonenumbers.NumberParseException:
        return None
    text = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return text, bool(phonenumbers.is_valid_number(number))


def _turned_dashes(raw: str) -> str | None:
    """The number when a vertical card turned its hyphens and OCR read them as 1, I or l.

    ("031392412025", "07619591I11362"). Taken only when the hyphens fall exactly where the
    national format puts its own.
    """
    first = raw.split()[0]
    text = first if len(first) >= 12 else raw.replace(" ", "")  # digits after a space are debris
    spans = [
        (i, i + n)
        for i in range(2, len(text))
        for n in (1, 2, 3)
        if i + n < len(text) and all(c in "1Il|i" for c in text[i : i + n])
    ]
    for (a1, b1), (a2, b2) in itertools.combinations(spans, 2):
        if a2 < b1 + 2:
            continue
        pieces = [text[:a1], text[b1:a2], text[b2:]]
        groups = [re.sub(r"\D", "", p.translate(_DIGIT_LOOKALIKES)) for p in pieces]
        formatted = _format("".join(groups))
        if formatted and formatted[1] and formatted[0] == "-".join(groups):
            return "".join(groups)
    return None


def _grouped(raw: str) -> tuple[str, int] | None:
    """(digits, length of raw used) when the first three printed groups already make a number.

    Keeps "025-544-9131 3" from swallowing the stray 3 after the number.
    """
    groups = [g for g in _GROUP_SEP.split(raw) if g]
    if len(groups) <= 3 or raw.startswith("+"):
        return None
    digits = re.sub(r"\D", "", "".join(groups[:3]).translate(_DIGIT_LOOKALIKES))
    formatted = _format(digits) if 10 <= len(digits) <= 11 else None
    if not formatted or not formatted[1]:
        return None
    end = raw.index(groups[2], raw.index(groups[1]) + len(groups[1])) + len(groups[2])
    return digits, end


def find_phones(text: str) -> list[Phone]:
    """Phone, fax and mobile numbers in the text, each with the label that stands before it."""
    out: list[Phone] = []
    last_end = 0
    for m in _PHONE.finditer(text):
        raw = m.group(0)
        international = raw.startswith("+")
        body = raw[raw.index("1") + 1 :] if international else raw
        digits = re.sub(r"\D", "", body.translate(_DIGIT_LOOKALIKES))
        if international and not digits.startswith("0"):
            digits = "0" + digits
        end = m.end()
        grouped = _grouped(raw)
        if grouped is not None:
            digits, end = grouped[0], m.start() + grouped[1]
        if digits.startswith("00") and len(digits) == 11:
            digits = digits[1:]  # a colon or bracket before the number read as O
        if len(digits) >= 12 and digits.startswith("0"):
            digits = _turned_dashes(raw) or digits
        if digits.startswith("90") and len(digits) == 11 and (_format(digits[1:]) or ("", False))[1]:
            digits = digits[1:]  # a colon before the number read as 9
        elif digits.startswith("9") and 10 <= len(digits) <= 11:
            digits = "0" + digits[1:]  # 0 read as 9; kept only if valid below
        if not 10 <= len(digits) <= 11 or not digits.startswith("0"):
            continue
        formatted = _format(digits)
        if formatted is None or (not formatted[1] and not raw.lstrip("(").startswith(("0", "O"))):
            continue
        value, valid = formatted
        ext = _EXTENSION.match(text[end:])
        if ext:
            value += f" 内線 {ext.group(1)}"
            end += ext.end()
        labels = list(_LABEL.finditer(squash(text[last_end : m.start()])))
        kind = labels[-1].lastgroup if labels else None
        labelled = kind is not None
        if kind is None or (kind == "phone" and re.match(r"0[789]0", digits)):
            kind = "mobile" if re.match(r"0[789]0", digits) else "phone"
        quality = (1.0 if valid else 0.4) * (1.0 if raw.count("-") >= 1 or labelled else 0.8)
        out.append(Phone(str(kind), Found(value, m.start(), end, quality), labelled))
        last_end = end
    return out


# -- e-mail and URL ----------------------------------------------------------------------------

# Second-level domains of .jp that OCR glues to "jp" by dropping the dot.
_JP_SLD = ("lg", "go", "co", "or", "ac", "ne", "ed", "gr", "ad")
_GLUED_JP = re.compile(rf"(?:\.({'|'.join(_JP_SLD)})\.?|(?<=[a-z0-9])({'|'.join(_JP_SLD)}))jp$")
_AT = re.compile(r"\s*(?:@|\(a\)|\(at\)|\[at\]|<at>|©|®)+\s*", re.IGNORECASE)
_MAIL_LABEL = re.compile(r"^(?:e-?mail|mail|e\s*-\s*mail|メール)\s*[:.]?\s*", re.IGNORECASE)
_LOCAL = re.compile(r"[a-z0-9][a-z0-9._%+-]*$", re.IGNORECASE)
_DOMAIN_CHARS = re.compile(r"[a-z0-9.,-]+", re.IGNORECASE)


# Second-level domains of .jp as OCR misreads them (1g, ig for lg; 90 for go).
_SLD_TYPOS = {"1g": "lg", "ig": "lg", "|g": "lg", "l9": "lg", "90": "go", "g0": "go", "9o": "go", "c0": "co"}
# Words that start a host or follow the @ and are their own label (city.shinjuku.lg.jp).
_HOST_WORDS = ("city", "pref", "town", "vill", "metro", "www", "mail")


def _join_split_host(text: str) -> str:
    """Join a host OCR broke with a space: a lost dot after city/pref/www, else a split word."""
    return re.sub(
        r"^([a-z0-9-]+)\s+(?=[a-z0-9-]+\.)",
        lambda g: g.group(1) + ("." if g.group(1).lower() in _HOST_WORDS else ""),
        text,
        flags=re.IGNORECASE,
    )


def _repair_host(host: str) -> str:
    labels = host.split(".")
    if len(labels) >= 3 and labels[-1].lower() in ("jp", "ip", "jo"):
        labels[-2] = _SLD_TYPOS.get(labels[-2].lower(), labels[-2])
    return ".".join(labels)


def _repair_domain(domain: str) -> str:
    domain = _repair_host(domain.replace(",", ".").strip(".-").lower())
    domain = re.sub(r"\.{2,}", ".", domain)
    domain = re.sub(r"\.(?:ip|jo|jg)$", ".jp", domain)
    domain = re.sub(rf"\.({'|'.join(_JP_SLD)})$", r".\1.jp", domain)  # these exist only under .jp
    domain = re.sub(r"(?<=\.)(?:ig|1g|Ig)(?=\.jp$)", "lg", domain)
    domain = _GLUED_JP.sub(lambda g: f".{g.group(1) or g.group(2)}.jp", domain)
    if "." not in domain:
        domain = re.sub(r"(?<=[a-z0-9])(com|net|org|jp)$", r".\1", domain)
    return domain


def find_email(text: str) -> Found | None:
    """The e-mail address in the text, repaired from OCR confusions, lower case.

    Every @ is tried, as OCR also finds one in a mangled label ("@-mail:"); the best wins.
    """
    found = [f for f in (_email_at(text, m) for m in _AT.finditer(text)) if f is not None]
    return max(found, key=lambda f: (f.quality, f.end - f.start), default=None)


def _email_at(text: str, m: re.Match[str]) -> Found | None:
    left = _MAIL_LABEL.sub("", text[: m.start()].rstrip())
    left = re.sub(r"(?<=[a-z]),\s*(?=[a-z])", ".", left, flags=re.IGNORECASE)
    local_m = _LOCAL.search(re.sub(r"\s*([._-])\s*", r"\1", left))
    if local_m is None:
        return None
    local = _MAIL_LABEL.sub("", local_m.group(0))
    local = re.sub(r"^(?:e-?mail|mail)", "", local, flags=re.IGNORECASE) or local
    right = re.sub(r"\s*([.,、])\s*", ".", text[m.end() :])
    right = _join_split_host(right)
    dom_m = _DOMAIN_CHARS.match(right)
    if dom_m is None:
        return None
    domain = _repair_domain(dom_m.group(0))
    if "." not in domain or len(domain) < 4:
        return None
    value = f"{local.strip('.').lower()}@{domain}"
    good = re.fullmatch(r"[a-z0-9._%+-]{2,}@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}", value) is not None
    start = text.find(local_m.group(0)[:1]) if local_m else 0
    return Found(value, max(0, start), m.end() + dom_m.end(), 1.0 if good else 0.5)


_URL = re.compile(
    r"(?P<scheme>h\s*t\s*t\s*p\s*s?\s*[:;.]?\s*/\s*/\s*)?"
    r"(?P<host>(?:www|[a-z0-9-]+)(?:\s*[.,]\s*[a-z0-9-]+)+)"
    r"(?P<path>/[\w./%~#?=&+-]*)?",
    re.IGNORECASE,
)
_URL_LABEL = re.compile(r"(?:url|web|hp|homepage|ホームページ)\s*[:.]?\s*$", re.IGNORECASE)


def find_url(text: str) -> Found | None:
    """The web address in the text (not an e-mail domain), scheme kept when printed."""
    # A word of the host split by OCR ("www.himawar i-joho.co.jp"): joined when both sides are host.
    text = re.sub(r"(\.[a-z0-9-]+)\s+(?=[a-z0-9-]+\.[a-z])", r"\1", text, flags=re.IGNORECASE)
    for m in _URL.finditer(text):
        before = text[: m.start()]
        if re.search(r"(?:@|\(a\))\s*$", before) or "@" in m.group(0):
            continue
        host = _repair_host(re.sub(r"\s*[.,]\s*", ".", m.group("host")))
        host = _GLUED_JP.sub(lambda g: f".{g.group(1) or g.group(2)}.jp", host)
        if re.match(r"[a-z]{3}\.", host) and "w" in host[:3] and host.count(".") >= 2:
            host = "www" + host[3:]  # www misread (mwm., awe.)
        scheme = m.group("scheme")
        labelled = bool(_URL_LABEL.search(before))
        tld_ok = re.search(r"\.(jp|com|net|org|info|biz|io|go\.jp|lg\.jp)$", host.lower()) is not None
        # A bare domain is an e-mail's whose @ OCR lost far more often than a printed URL.
        if not (scheme or host.lower().startswith("www.") or labelled):
            continue
        if re.fullmatch(r"[\d.]+", host):
            continue
        if host.count(".") == 0:
            continue
        prefix = ""
        if scheme:
            prefix = "https://" if "s" in scheme.lower().replace("http", "", 1) else "http://"
        path = (m.group("path") or "").rstrip("/")
        value = prefix + host + path
        quality = 1.0 if (scheme or host.lower().startswith("www.")) and tld_ok else 0.7
        return Found(value, m.start(), m.end(), quality)
    return None
