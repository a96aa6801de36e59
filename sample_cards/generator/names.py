"""Invented people: family and given names with their readings, and how they are romanised.

Every name is made by pairing a family name and a given name at random; no entry is taken from a
real person. The lists mix the commonest family names with rare ones and with the old or variant
kanji (髙, 﨑, 齋, 邉, 濵, 德, 廣, 國, 澤) that cards print and that OCR confuses with the usual forms.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import jaconv

# kanji, reading in hiragana
FAMILY_NAMES: tuple[tuple[str, str], ...] = (
    ("佐藤", "さとう"),
    ("鈴木", "すずき"),
    ("高橋", "たかはし"),
    ("髙橋", "たかはし"),
    ("田中", "たなか"),
    ("伊藤", "いとう"),
    ("渡辺", "わたなべ"),
    ("渡邉", "わたなべ"),
    ("渡邊", "わたなべ"),
    ("山本", "やまもと"),
    ("中村", "なかむら"),
    ("小林", "こばやし"),
    ("加藤", "かとう"),
    ("吉田", "よしだ"),
    ("山田", "やまだ"),
    ("佐々木", "ささき"),
    ("山口", "やまぐち"),
    ("松本", "まつもと"),
    ("井上", "いのうえ"),
    ("木村", "きむら"),
    ("林", "はやし"),
    ("斎藤", "さいとう"),
    ("齋藤", "さいとう"),
    ("齊藤", "さいとう"),
    ("清水", "しみず"),
    ("山崎", "やまざき"),
    ("山﨑", "やまざき"),
    ("森", "もり"),
    ("池田", "いけだ"),
    ("橋本", "はしもと"),
    ("阿部", "あべ"),
    ("石川", "いしかわ"),
    ("山下", "やました"),
    ("中島", "なかじま"),
    ("石井", "いしい"),
    ("小川", "おがわ"),
    ("前田", "まえだ"),
    ("岡田", "おかだ"),
    ("長谷川", "はせがわ"),
    ("藤田", "ふじた"),
    ("後藤", "ごとう"),
    ("近藤", "こんどう"),
    ("村上", "むらかみ"),
    ("遠藤", "えんどう"),
    ("青木", "あおき"),
    ("坂本", "さかもと"),
    ("斉藤", "さいとう"),
    ("福田", "ふくだ"),
    ("太田", "おおた"),
    ("西村", "にしむら"),
    ("藤井", "ふじい"),
    ("岡本", "おかもと"),
    ("松田", "まつだ"),
    ("中川", "なかがわ"),
    ("原田", "はらだ"),
    ("小野", "おの"),
    ("竹内", "たけうち"),
    ("金子", "かねこ"),
    ("和田", "わだ"),
    ("中野", "なかの"),
    ("宮崎", "みやざき"),
    ("宮﨑", "みやざき"),
    ("濵田", "はまだ"),
    ("浜田", "はまだ"),
    ("柳田", "やなぎだ"),
    ("五十嵐", "いがらし"),
    ("東海林", "しょうじ"),
    ("小鳥遊", "たかなし"),
    ("勅使河原", "てしがわら"),
    ("御手洗", "みたらい"),
    ("長谷部", "はせべ"),
    ("瀬戸口", "せとぐち"),
    ("大和田", "おおわだ"),
    ("千葉", "ちば"),
    ("菅原", "すがわら"),
    ("桑原", "くわばら"),
    ("土屋", "つちや"),
    ("榊原", "さかきばら"),
    ("德永", "とくなが"),
    ("廣瀬", "ひろせ"),
    ("國分", "こくぶん"),
    ("澤田", "さわだ"),
    ("栗林", "くりばやし"),
    ("鬼塚", "おにづか"),
    ("比嘉", "ひが"),
    ("知念", "ちねん"),
    ("我那覇", "がなは"),
    ("一条", "いちじょう"),
)

GIVEN_NAMES: tuple[tuple[str, str], ...] = (
    ("太郎", "たろう"),
    ("一郎", "いちろう"),
    ("健一", "けんいち"),
    ("誠", "まこと"),
    ("浩", "ひろし"),
    ("博之", "ひろゆき"),
    ("大輔", "だいすけ"),
    ("翔太", "しょうた"),
    ("拓也", "たくや"),
    ("健太", "けんた"),
    ("直樹", "なおき"),
    ("隆", "たかし"),
    ("修", "おさむ"),
    ("剛", "つよし"),
    ("和也", "かずや"),
    ("雄一", "ゆういち"),
    ("俊介", "しゅんすけ"),
    ("悠人", "はると"),
    ("蓮", "れん"),
    ("陽介", "ようすけ"),
    ("正樹", "まさき"),
    ("康弘", "やすひろ"),
    ("昌平", "しょうへい"),
    ("圭", "けい"),
    ("亮", "りょう"),
    ("恭平", "きょうへい"),
    ("淳", "じゅん"),
    ("智之", "ともゆき"),
    ("真一", "しんいち"),
    ("英樹", "ひでき"),
    ("達也", "たつや"),
    ("幸司", "こうじ"),
    ("晋也", "しんや"),
    ("慎吾", "しんご"),
    ("光太郎", "こうたろう"),
    ("龍之介", "りゅうのすけ"),
    ("勝", "まさる"),
    ("豊", "ゆたか"),
    ("茂", "しげる"),
    ("實", "みのる"),
    ("花子", "はなこ"),
    ("陽子", "ようこ"),
    ("恵子", "けいこ"),
    ("裕子", "ゆうこ"),
    ("直美", "なおみ"),
    ("由美子", "ゆみこ"),
    ("美穂", "みほ"),
    ("智子", "ともこ"),
    ("真由美", "まゆみ"),
    ("彩", "あや"),
    ("愛", "あい"),
    ("舞", "まい"),
    ("麻衣", "まい"),
    ("千尋", "ちひろ"),
    ("沙織", "さおり"),
    ("香織", "かおり"),
    ("理恵", "りえ"),
    ("加奈子", "かなこ"),
    ("美咲", "みさき"),
    ("結衣", "ゆい"),
    ("葵", "あおい"),
    ("凛", "りん"),
    ("さくら", "さくら"),
    ("明日香", "あすか"),
    ("瞳", "ひとみ"),
    ("奈々", "なな"),
    ("千夏", "ちなつ"),
    ("遥", "はるか"),
    ("早紀", "さき"),
    ("友美", "ともみ"),
    ("亜希子", "あきこ"),
    ("紀子", "のりこ"),
    ("久美子", "くみこ"),
    ("順子", "じゅんこ"),
    ("佳代", "かよ"),
    ("綾乃", "あやの"),
    ("詩織", "しおり"),
    ("ひかり", "ひかり"),
    ("美和", "みわ"),
    ("佑香", "ゆか"),
)

# Where the passport-style long-vowel rule below would drop a real vowel (井上 is i-no-ue).
_ROMAJI_OVERRIDES = {"いのうえ": "inoue"}


def romanize(reading: str) -> str:
    """Passport-style Hepburn for a hiragana reading, capitalised: さとう -> Sato, おおた -> Ota."""
    if reading in _ROMAJI_OVERRIDES:
        latin = _ROMAJI_OVERRIDES[reading]
    else:
        latin = jaconv.kana2alphabet(reading)
        for long, short in (("ou", "o"), ("oo", "o"), ("uu", "u")):
            latin = latin.replace(long, short)
    return latin.capitalize()


@dataclass(frozen=True)
class Person:
    """An invented person: name in kanji and its reading."""

    family: str
    given: str
    family_reading: str  # hiragana
    given_reading: str

    @property
    def name(self) -> str:
        """Canonical name: family, one space, given."""
        return f"{self.family} {self.given}"

    @property
    def kana(self) -> str:
        """Canonical reading: full-width katakana, family and given separated by one space."""
        return f"{jaconv.hira2kata(self.family_reading)} {jaconv.hira2kata(self.given_reading)}"

    @property
    def family_latin(self) -> str:
        """Family name in Latin letters, capitalised."""
        return romanize(self.family_reading)

    @property
    def given_latin(self) -> str:
        """Given name in Latin letters, capitalised."""
        return romanize(self.given_reading)


def invent_person(rng: random.Random) -> Person:
    """Pair a random family name with a random given name."""
    family, family_reading = rng.choice(FAMILY_NAMES)
    given, given_reading = rng.choice(GIVEN_NAMES)
    return Person(family, given, family_reading, given_reading)
