"""E-mail address and URL found by pattern, repaired from the OCR slips business cards show.

Both finders take NFKC-folded line text (see textnorm.fold). A Japanese domain has few shapes
(name.co.jp, city.name.lg.jp, name.go.jp ...), so a misread second-level domain or a lost
"jp" can be put back with confidence; the person's part of an address is kept as read, with
the gaps OCR put in it closed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from handover.reader.romaji import romaji_to_katakana


@dataclass(frozen=True)
class Found:
    """A value found in a line, with the character span it came from and a quality 0..1."""

    value: str
    start: int
    end: int
    quality: float


# Second-level domains of .jp that OCR glues to "jp" by dropping the dot.
_JP_SLD = ("lg", "go", "co", "or", "ac", "ne", "ed", "gr", "ad")
_GLUED_JP = re.compile(rf"(?:\.({'|'.join(_JP_SLD)})\.?|(?<=[a-z0-9])({'|'.join(_JP_SLD)}))jp$")
# @ as OCR reads it, with a bracket of its ring split off ("inouem(@city").
_AT = re.compile(r"\s*\(?(?:@|\(a\)|\(at\)|\[at\]|<at>|©|®)+\]?\s*", re.IGNORECASE)
_MAIL_LABEL = re.compile(r"^(?:e-?mail|mail|e\s*-\s*mail|メール)\s*[:.]?\s*", re.IGNORECASE)
_DOMAIN_CHARS = re.compile(r"[a-z0-9.,|_~—-]+", re.IGNORECASE)
# Up to three words before the @: OCR reads the underscore of taro_yamada as a gap.
_LOCAL_WORDS = re.compile(r"(?:[a-z0-9][a-z0-9._%+-]*\s+){0,2}[a-z0-9][a-z0-9._%+-]*$", re.IGNORECASE)

# Second-level domains of .jp as OCR misreads them (1g, ig for lg; 90 for go).
_SLD_TYPOS = {"1g": "lg", "ig": "lg", "tg": "lg", "|g": "lg", "l9": "lg",
              "90": "go", "g0": "go", "9o": "go", "c0": "co"}  # fmt: skip
# The last label "jp" as OCR misreads it, or cuts it short at the card's edge.
_JP_TYPOS = ("j", "p", "ip", "jo", "jg", "jd", "is", "js", "jb")
# Words that start a host or follow the @ and are their own label (city.shinjuku.lg.jp).
HOST_WORDS = ("city", "pref", "town", "vill", "metro", "www", "mail")
_LOCAL_GOVERNMENT = re.compile(r"^((?:www\.)?)(city|pref|pret|town|vill)\.?([a-z0-9-]+?)\.?lg\.jp$")


def _join_split_host(text: str) -> str:
    """Join a host OCR broke with a space: a lost dot after city/pref/www, else a split word."""
    return re.sub(
        r"^([a-z0-9-]+)\s+(?=[a-z0-9-]+\.)",
        lambda g: g.group(1) + ("." if g.group(1).lower() in HOST_WORDS else ""),
        text,
        flags=re.IGNORECASE,
    )


# The last labels of a host: a word after one of them is not the host's own.
HOST_ENDS = ("jp", "com", "net", "org", "info", "biz", "io", *_JP_SLD)


def _join_split_label(text: str) -> str:
    """Close a gap OCR put inside a label further on in a host (pref.ni igata.lg.jp): the word
    after the gap goes on to a dot, and the label before it is not one a host ends with."""
    return re.sub(
        r"(?<=\.)([a-z0-9-]+)\s+(?=[a-z0-9-]+\.[a-z])",
        lambda g: g.group(0) if g.group(1).lower() in HOST_ENDS else g.group(1),
        text,
        count=1,
        flags=re.IGNORECASE,
    )


def _repair_host(host: str) -> str:
    labels = host.split(".")
    if len(labels) >= 3 and labels[-1].lower() in ("jp", *_JP_TYPOS):
        labels[-2] = _SLD_TYPOS.get(labels[-2].lower(), labels[-2])
        if labels[-2].lower() in _JP_SLD:
            labels[-1] = "jp"
    return ".".join(labels)


def repair_domain(domain: str) -> str:
    """A domain with OCR's usual slips undone (city.naha.1g.j -> city.naha.lg.jp)."""
    domain = domain.replace(",", ".").replace("_", ".").replace("~", "-").replace("—", "-")
    domain = re.sub(r"-{2,}", "-", domain).strip(".-").lower()
    domain = re.sub(r"\|l?(?=g\.)", "l", domain).replace("|", "l")
    domain = _repair_host(re.sub(r"\.{2,}", ".", domain))
    domain = re.sub(r"\.(?:ip|jo|jg)$", ".jp", domain)
    domain = re.sub(rf"\.({'|'.join(_JP_SLD)})$", r".\1.jp", domain)  # these exist only under .jp
    domain = re.sub(r"(?<=[a-z0-9])\.?(?:ig|1g)\.?jp$", ".lg.jp", domain)
    domain = _GLUED_JP.sub(lambda g: f".{g.group(1) or g.group(2)}.jp", domain)
    gov = _LOCAL_GOVERNMENT.match(domain)
    if gov is not None:
        # A local government's host: city.<name>.lg.jp, pref.<name>.lg.jp (f read as t).
        kind = "pref" if gov.group(2) == "pret" else gov.group(2)
        domain = f"{gov.group(1)}{kind}.{gov.group(3)}.lg.jp"
    if "." not in domain:
        domain = re.sub(r"(?<=[a-z0-9])(com|net|org|jp)$", r".\1", domain)
    return domain


def _is_label(word: str) -> bool:
    """True for a mail label as OCR reads it (Mail, hail, Emall, e-mail:)."""
    word = word.lower().rstrip(":.")
    return any(fuzz.ratio(word, label) >= 75 for label in ("mail", "email", "e-mail"))


def _local_part(left: str) -> tuple[str, str] | None:
    """(local part, the text it was read from) from what stands before the @."""
    left = _MAIL_LABEL.sub("", left.rstrip())
    left = re.sub(r"(?<=[a-z]),\s*(?=[a-z])", ".", left, flags=re.IGNORECASE)
    left = re.sub(r"\s*([._~-])\s*", r"\1", left).replace("~", "-")
    left = re.sub(r"([._-])[._-]+", r"\1", left)
    found = _LOCAL_WORDS.search(left)
    if found is None:
        return None
    words = found.group(0).split()
    while words and (_is_label(words[0]) or (len(words) > 1 and words[0].isdigit())):
        words.pop(0)  # a label, or a stray mark read as a digit
    # Only name-like words join the word at the @; whatever else stands before stays out.
    keep = len(words) - 1
    while keep > 0 and re.fullmatch(r"[a-z][a-z.-]*", words[keep - 1], re.IGNORECASE):
        keep -= 1
    before = (left[: found.start()] + " " + " ".join(words[:keep])).strip()
    words = words[keep:]
    if not words:
        return None
    if before and not _is_label(before.split()[-1]) and not before.endswith(":"):
        words = words[-1:]  # something else stands before: only the word at the @ is sure
    # A label glued on, perhaps after another one OCR ran into it (faxmailsuzukia).
    words[0] = re.sub(r"^[a-z]{0,3}?(?:e-?)?mail(?=[a-z])", "", words[0], flags=re.IGNORECASE) or words[0]
    # A gap inside the address: a split word (yamashi ta, kumi ko) is closed, an initial takes
    # its dot (k hirose), two words their underscore (yamazaki naoki).
    joined = [words[0]]
    for word in words[1:]:
        if len(word) <= 2:
            joined[-1] += word
        else:
            joined.append(word)
    local = ".".join(joined) if len(joined) == 2 and len(joined[0]) == 1 else "_".join(joined)
    return local, found.group(0)


def find_email(text: str) -> Found | None:
    """The e-mail address in the text, repaired from OCR confusions, lower case.

    Every @ is tried, as OCR also finds one in a mangled label ("@-mail:"); the best wins.
    """
    found = [f for f in (_email_at(text, m) for m in _AT.finditer(text)) if f is not None]
    alone = re.fullmatch(r"[a-z0-9._é-]+[.,][a-z.,]+", text.strip(), re.IGNORECASE) is not None
    if not found and (alone or re.search(r"mail", text, re.IGNORECASE)):
        # The @ itself misread (W, é), seen where a local government's host follows it.
        lost = re.search(r"(?<=[a-z0-9])(?:W|é[a-z]?|e)(?=(?:city|pref|town|vill)[.,、])", text)
        lost = lost or re.search(r"(?<=[a-z0-9])(?:W|é[a-z]?)(?=[a-z0-9-]+[.,][a-z])", text)
        if lost is not None:
            found = [f for f in [_email_at(text, lost)] if f is not None]
            found = [Found(f.value, f.start, f.end, f.quality * 0.8) for f in found]
    return max(found, key=lambda f: (f.quality, f.end - f.start), default=None)


def _email_at(text: str, m: re.Match[str]) -> Found | None:
    local_found = _local_part(text[: m.start()])
    if local_found is None:
        return None
    local, read = local_found
    right = re.sub(r"\s*([.,、])\s*", ".", text[m.end() :])
    right = _join_split_label(_join_split_host(right))
    dom_m = _DOMAIN_CHARS.match(right)
    if dom_m is None:
        return None
    domain = repair_domain(dom_m.group(0))
    if "." not in domain or len(domain) < 4:
        return None
    if "_" in dom_m.group(0) and "." not in local:
        local = local.replace("_", ".")  # the line's dots read as underscores (k_harada@city_x_lg_jp)
    value = f"{local.strip('.').lower()}@{domain}"
    good = re.fullmatch(r"[a-z0-9._%+-]{2,}@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}", value) is not None
    start = max(0, text.rfind(read[:1], 0, m.start()))
    return Found(value, start, m.end() + dom_m.end(), 1.0 if good else 0.5)


# A scheme as OCR reads it: https://, ttps://, hitps:., nittps,// or only the slashes. The
# host's hyphens may come out as a tilde (repair_domain puts them back).
_URL = re.compile(
    r"(?P<scheme>(?:[a-z]{0,3}?t{1,2}ps?\s*[:;.,]+\s*)(?:/\s*/?\s*)?|/\s*/?\s*(?=www))?"
    r"(?P<host>(?:www|[a-z0-9~-]+)(?:\s*[.,]\s*[a-z0-9|~-]+)+)"
    r"(?P<path>/[\w./%~#?=&+-]*)?",
    re.IGNORECASE,
)
_URL_LABEL = re.compile(r"(?:url|web|hp|homepage|ホームページ)\s*[:.]?\s*$", re.IGNORECASE)


def _scheme(text: str) -> str:
    """http:// or https:// for what OCR read of the scheme; slashes alone are taken as https."""
    text = text.lower()
    if "p" not in text:
        return "https://"
    return "https://" if re.search(r"ps", text) else "http://"


def find_url(text: str) -> Found | None:
    """The web address in the text (not an e-mail domain), scheme kept when printed."""
    # A word of the host split by OCR ("www.himawar i-joho.co.jp"): joined when both sides are host.
    text = re.sub(r"([.,]\s*[a-z0-9-]+)\s+(?=[a-z0-9-]+[.,][a-z])", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"(?i)(url|web|hp)(?=www)", r"\1 ", text)  # label glued to the host
    for m in _URL.finditer(text):
        before = text[: m.start()]
        if re.search(r"(?:@|\(a\))\s*$", before) or "@" in m.group(0):
            continue
        host = repair_domain(re.sub(r"\s*[.,]\s*", ".", m.group("host")))
        if re.match(r"[a-z]{3}\.", host) and "w" in host[:3] and host.count(".") >= 2:
            host = "www" + host[3:]  # www misread (mwm., awe.)
        scheme = m.group("scheme")
        labelled = bool(_URL_LABEL.search(before))
        tld_ok = re.search(r"\.(jp|com|net|org|info|biz|io|go\.jp|lg\.jp)$", host) is not None
        # A bare domain is an e-mail's whose @ OCR lost far more often than a printed URL.
        if not (scheme or host.startswith("www.") or labelled):
            continue
        if re.fullmatch(r"[\d.]+", host) or host.count(".") == 0:
            continue
        prefix = _scheme(scheme) if scheme else ""
        path = (m.group("path") or "").rstrip("/")
        value = prefix + host + path
        quality = 1.0 if (scheme or host.startswith("www.")) and tld_ok else 0.7
        return Found(value, m.start(), m.end(), quality)
    return None


def reconcile(first: str, second: str) -> str | None:
    """The fuller of two readings of one domain when the other only lost a letter
    (akumo-consul.co.jp beside yakumo-consul.co.jp) or its second-level domain
    (next-u.jp beside next-u.ac.jp), else None."""
    short, long = sorted((first, second), key=len)
    sld = re.fullmatch(rf"(.+)\.(?:{'|'.join(_JP_SLD)})\.jp", long)
    if sld is not None and short == f"{sld.group(1)}.jp":
        return long
    if len(long) == len(short):
        one_letter = sum(a != b for a, b in zip(first, second, strict=True)) == 1
        return _romaji_reading(first, second) if one_letter else None
    if len(long) - len(short) != 1 or fuzz.ratio(short, long) < 90:
        return None
    # OCR drops the first letter of a label (after the @ or a dot) far more often than it adds one.
    starts = [i for i in range(len(long)) if i == 0 or long[i - 1] == "."]
    if any(long[:i] + long[i + 1 :] == short for i in starts):
        return long
    if any(long[:i] + long[i + 1 :] == short for i in range(len(long))):
        return _romaji_reading(first, second)  # a letter added or lost inside a word
    return None


def _native(word: str) -> bool:
    """True for a word of romanised Japanese as names are spelt (no l, q, v or x)."""
    return romaji_to_katakana(word) is not None and re.search(r"[lqvx]", word) is None


def _romaji_reading(first: str, second: str) -> str | None:
    """Of two readings of one domain that differ in one letter (miral-medical beside
    mirai-medical, aoba-vu beside aoba-u), the one whose differing word is
    romanised Japanese, when only one is."""
    words = [re.split(r"[.-]", domain) for domain in (first, second)]
    if len(words[0]) != len(words[1]):
        return None
    differ = [(x, y) for x, y in zip(*words, strict=True) if x != y]
    if len(differ) != 1:
        return None
    a_ok, b_ok = _native(differ[0][0]), _native(differ[0][1])
    return first if a_ok and not b_ok else second if b_ok and not a_ok else None
