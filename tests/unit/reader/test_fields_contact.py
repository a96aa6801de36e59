"""Phone, fax, mobile, e-mail, URL and postal code patterns, with the OCR noise cards show."""

from __future__ import annotations

import pytest

from handover.reader.fields_contact import find_email, find_phones, find_postal, find_url
from handover.reader.textnorm import fold


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("〒100-8926 東京都千代田区霞が関2-1-2", "100-8926"),
        ("〒 100ー8926", "100-8926"),  # katakana long mark read for the hyphen
        ("〒１００－００１３", "100-0013"),  # full width
        ("T100-0013 東京都", "100-0013"),  # 〒 read as T
        ("〒1000013", "100-0013"),  # no hyphen
        ("100‐0013 東京都千代田区", "100-0013"),
    ],
)
def test_postal_code_variants(text: str, code: str) -> None:
    found = find_postal(fold(text))
    assert found is not None
    assert found.value == code


def test_postal_code_checked_against_japan_post() -> None:
    assert find_postal(fold("〒100-8926"))
    assert find_postal(fold("〒100-8926")).quality == 1.0  # type: ignore[union-attr]
    assert find_postal(fold("〒999-9999")).quality < 1.0  # type: ignore[union-attr]
    assert find_postal("999-9999") is None  # unmarked and unknown: not a postal code
    assert find_postal("03-5253-5111") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TEL 03-5253-5111 FAX 03-5253-5112", [("phone", "03-5253-5111"), ("fax", "03-5253-5112")]),
        ("Tel.03(3581)4111 内線 2345", [("phone", "03-3581-4111 内線 2345")]),
        ("電話 03-3581-4111 (内線2345)", [("phone", "03-3581-4111 内線 2345")]),
        ("TEL 045-671-2121 ext.301", [("phone", "045-671-2121 内線 301")]),
        ("代表 03-3581-4111 直通 03-3581-4112", [("phone", "03-3581-4111"), ("phone", "03-3581-4112")]),
        ("T 03-1234-5678  F 03-1234-5679", [("phone", "03-1234-5678"), ("fax", "03-1234-5679")]),
        ("携帯 090-1234-5678", [("mobile", "090-1234-5678")]),
        ("Mobile: 080-1111-2222", [("mobile", "080-1111-2222")]),
        ("M. 070-1111-2222", [("mobile", "070-1111-2222")]),
        ("080 1234 5678", [("mobile", "080-1234-5678")]),  # unlabelled 080 is a mobile
        ("電話：O3-5253-5l11", [("phone", "03-5253-5111")]),  # O for 0, l for 1
        ("＋８１－３－５２５３－５１１１", [("phone", "03-5253-5111")]),
        ("ファクス 06-6208-8181", [("fax", "06-6208-8181")]),
        ("0120-123-456", [("phone", "0120-123-456")]),
    ],
)
def test_phone_numbers(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(p.kind, p.found.value) for p in find_phones(fold(text))] == expected


def test_phone_needs_a_plausible_length() -> None:
    assert find_phones("No. 12345") == []
    assert find_phones("03-1234") == []


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("E-mail: yamada-taro@soumu.go.jp", "yamada-taro@soumu.go.jp"),
        ("E-mail:taro.yamada@city.yokohama,lgjp", "taro.yamada@city.yokohama.lg.jp"),
        ("t-yamada(a)example.cojp", "t-yamada@example.co.jp"),
        ("mail taro @ example . co. jp", "taro@example.co.jp"),
        ("Emailtaro@abc.com", "taro@abc.com"),  # label glued on
        ("Ｔ．Ｙａｍａｄａ＠ｍｌｉｔ．ｇｏ．ｊｐ", "t.yamada@mlit.go.jp"),
        ("x@mlit.gojp", "x@mlit.go.jp"),
        ("a@shingo.jp", "a@shingo.jp"),  # a real 'go' at the end of a name stays
    ],
)
def test_email_repairs(text: str, email: str) -> None:
    found = find_email(fold(text))
    assert found is not None
    assert found.value == email


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("https://www.soumu.go.jp/", "https://www.soumu.go.jp"),
        ("URL www.city.chiyoda.lg.jp", "www.city.chiyoda.lg.jp"),
        ("http ://example.com/abc/", "http://example.com/abc"),
        ("www.city.yokohama.lgjp", "www.city.yokohama.lg.jp"),
        ("HP: example,co.jp", "example.co.jp"),
    ],
)
def test_urls(text: str, url: str) -> None:
    found = find_url(fold(text))
    assert found is not None
    assert found.value == url


def test_a_word_after_a_whole_host_is_not_joined_to_it() -> None:
    found = find_email("taro@abc.co.jp www.abc.co.jp")
    assert found is not None
    assert found.value == "taro@abc.co.jp"


def test_email_domain_is_not_a_url() -> None:
    assert find_url("taro@soumu.go.jp") is None


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("Mail :yamazaki naoki@city.matsumoto.lg.jp", "yamazaki_naoki@city.matsumoto.lg.jp"),  # _ as a gap
        ("Email : yamashi ta@wakaba.or.jp", "yamashita@wakaba.or.jp"),  # one word split
        ("Email k hirose@mirai.com", "k.hirose@mirai.com"),  # an initial's dot lost
        ("hail Sugeware_yutaka@city.yokohama.lg.jp", "sugeware_yutaka@city.yokohama.lg.jp"),  # label misread
        ("e-mail: h.hashimotoWcity、fukuoka.lg.jp", "h.hashimoto@city.fukuoka.lg.jp"),  # @ read as W
        ("Email hanako.hasebe@city.osaka.|g.jp", "hanako.hasebe@city.osaka.lg.jp"),
        ("ail: saori.watanabe@city. naha.lg.j,", "saori.watanabe@city.naha.lg.jp"),  # jp cut short
        ("mailsuzukia@prethokkaidoIgjp", "suzukia@pref.hokkaido.lg.jp"),
        ("e-mail k_harada@city.shinagawa_lg_jp", "k.harada@city.shinagawa.lg.jp"),  # its dots read as _
        ("Emall nishimura@minato~soken. co. jp", "nishimura@minato-soken.co.jp"),
        ("Mail inouem(@city.kawasaki.lg.jp", "inouem@city.kawasaki.lg.jp"),
        ("faxmailsuzukia@pref.hokkaido.lg.jp", "suzukia@pref.hokkaido.lg.jp"),  # labels run together
        ("okada-cétmlit.go.jp", "okada-c@mlit.go.jp"),  # @ read as ét, the line holds nothing else
        ("Mail mai. sato@pref.ni igata. lg.jp", "mai.sato@pref.niigata.lg.jp"),  # a gap in a label
    ],
)
def test_email_slips_of_ocr(text: str, email: str) -> None:
    found = find_email(fold(text))
    assert found is not None
    assert found.value == email


def test_only_the_word_at_the_at_sign_when_other_text_stands_before() -> None:
    found = find_email(fold("TEL 03-1234-5678 taro@example.co.jp"))
    assert found is not None
    assert found.value == "taro@example.co.jp"


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("ttps://www.mhlw.go.jp/", "https://www.mhlw.go.jp"),  # h lost
        ("Web hitps:.www.mirai-medical.com,", "https://www.mirai-medical.com"),
        ("nittps,//www.cityyokohamalg.jp", "https://www.city.yokohama.lg.jp"),
        ("Web http://www.hokuto.or.p", "http://www.hokuto.or.jp"),
        ("URLwww.wakaba.or.jp", "www.wakaba.or.jp"),  # label glued to the host
        ("URL https://www.city.matsumoto.|g.jp/", "https://www.city.matsumoto.lg.jp"),
        ("Web : https: minato~soken. jp", "https://minato-soken.jp"),  # hyphen read as a tilde
    ],
)
def test_url_slips_of_ocr(text: str, url: str) -> None:
    found = find_url(fold(text))
    assert found is not None
    assert found.value == url


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tel: 06-5S067-0265", [("phone", "06-5067-0265")]),  # a letter OCR added
        ("Tel O38-3667-2907", [("phone", "03-3667-2907")]),  # a digit OCR added, grouping as printed
        ("TEL 676-902-2302 / FAX. 076-902-2309", [("phone", "076-902-2302"), ("fax", "076-902-2309")]),
        ("ファクス 63-5873-7073", [("fax", "03-5873-7073")]),  # leading 0 read as 6
        ("Mob. 0O70I194119006", [("mobile", "070-1941-9006")]),  # 縦書き, turned hyphens, doubled 0
        ("Mobile O08 0-9361-3877", [("mobile", "080-9361-3877")]),
        ("代表O6-5997-487706-599 48", [("phone", "06-5997-4877")]),  # the fax glued on
        ("F.・082140718742B7", [("fax", "082-407-8742")]),  # 縦書き, a mark glued after the number
        ("ファクス …:07612741333927413339", [("fax", "076-274-3339")]),  # a second reading glued on
    ],
)
def test_phone_slips_of_ocr(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(p.kind, p.found.value) for p in find_phones(fold(text))] == expected


def test_a_valid_number_is_not_rewritten() -> None:
    assert [p.found.value for p in find_phones("TEL 093-582-2000")] == ["093-582-2000"]
