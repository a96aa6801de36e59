"""The national government's ministries, agencies and commissions, to repair OCR slips in them.

A card of a national official names its body in large type, often as a logo that OCR reads
with a character wrong (特許店) or with its head lost (通省 for 国土交通省). The bodies are few
and fixed by law (国家行政組織法 and the Cabinet Office Establishment Act), so a name that ends
as they end (省, 庁, 委員会, 院) and is not one of them is matched against the list.
"""

from __future__ import annotations

import re

# 府省, 外局 (agencies and commissions) and the other national bodies officials' cards name.
NATIONAL_BODIES: tuple[str, ...] = (
    "内閣府", "内閣官房", "内閣法制局", "復興庁", "デジタル庁", "こども家庭庁", "宮内庁",
    "公正取引委員会", "国家公安委員会", "個人情報保護委員会", "カジノ管理委員会", "金融庁", "消費者庁",
    "警察庁", "総務省", "消防庁", "公害等調整委員会", "法務省", "出入国在留管理庁", "公安調査庁",
    "公安審査委員会", "外務省", "財務省", "国税庁", "文部科学省", "文化庁", "スポーツ庁", "厚生労働省",
    "中央労働委員会", "農林水産省", "林野庁", "水産庁", "経済産業省", "資源エネルギー庁", "特許庁",
    "中小企業庁", "国土交通省", "観光庁", "気象庁", "海上保安庁", "運輸安全委員会", "環境省",
    "原子力規制委員会", "防衛省", "防衛装備庁", "会計検査院", "人事院", "最高裁判所", "衆議院", "参議院",
    "国立国会図書館",
)  # fmt: skip

_ENDING = re.compile(r"(?:省|庁|委員会|院|内閣府|内閣官房)$")
_MIN_TAIL = 2  # characters a lost head must leave (通省); one (省) says nothing


def repair_national_body(name: str) -> str:
    """The national body that `name` misreads by one character or with its head lost, if only one
    fits; otherwise the name as it is."""
    if name in NATIONAL_BODIES or not _ENDING.search(name):
        return name
    same_length = [
        b
        for b in NATIONAL_BODIES
        if len(b) == len(name) and sum(x != y for x, y in zip(b, name, strict=True)) == 1
    ]
    if len(name) >= 3 and len(same_length) == 1:
        return same_length[0]
    if same_length:
        return name
    tails = [b for b in NATIONAL_BODIES if len(name) >= _MIN_TAIL and b.endswith(name) and b != name]
    return tails[0] if len(tails) == 1 else name
