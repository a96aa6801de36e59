"""OCR slips in organisation and department names, repaired against real vocabularies."""

from __future__ import annotations

from handover.reader.departments import complete_unit, repair_department
from handover.reader.org_words import repair_org_words
from handover.reader.orgs import parse_segment, repair_legal_form
from handover.reader.public_bodies import repair_national_body


def test_garbled_company_forms_are_made_whole() -> None:
    assert repair_legal_form("価式会社白昔コンサルタンツ") == "株式会社白昔コンサルタンツ"
    assert repair_legal_form("ゅ同会社双葉情報") == "合同会社双葉情報"
    assert repair_legal_form("有限会[ネクスト精機") == "有限会社ネクスト精機"
    assert repair_legal_form("有限会常盤") == "有限会社常盤"  # 社 lost at a gap
    assert repair_legal_form("湊食品(株") == "湊食品(株)"
    assert repair_legal_form("サービス(株))") == "サービス(株)"
    # An unknown head before 会社 says nothing about the form: left as read.
    assert repair_legal_form("月会社東雲") == "月会社東雲"


def test_specks_between_japanese_characters_are_dropped() -> None:
    assert repair_legal_form("ステラ#総合研究所株式会社") == "ステラ総合研究所株式会社"
    assert repair_legal_form("(株)朝日野^ソリューションズ") == "(株)朝日野ソリューションズ"
    assert repair_legal_form("担当(係長") == "担当係長"
    assert repair_legal_form("合同会社ひまわり*") == "合同会社ひまわり"
    assert repair_legal_form("湊食品(株)") == "湊食品(株)"
    assert repair_legal_form("Co., Ltd.") == "Co., Ltd."


def test_a_legal_form_that_lost_its_head() -> None:
    assert parse_segment("般財団法人ネクスト防災").organization == "一般財団法人ネクスト防災"
    assert parse_segment("公益財団法人若葉").organization == "公益財団法人若葉"


def test_department_levels_repaired_against_common_unit_names() -> None:
    assert repair_department("危機和理部防災企画課") == "危機管理部防災企画課"
    assert repair_department("都市局者市計画課") == "都市局都市計画課"
    assert repair_department("危管理部消防保安課") == "危機管理部消防保安課"  # one lost
    assert repair_department("介満保険計画課") == "介護保険計画課"
    # Known names, short names and ambiguous slips stay as read.
    assert repair_department("都市企画課") == "都市企画課"
    assert repair_department("守査第一部") == "守査第一部"
    assert repair_department("環境策課") == "環境策課"  # 環境政策 or 環境対策


def test_a_unit_ending_cut_short_after_a_known_name() -> None:
    assert complete_unit("管理本") == "管理本部"
    assert complete_unit("日本") == "日本"


def test_katakana_words_of_organisation_names() -> None:
    assert repair_org_words("ネクスト防災技術ンセター") == "ネクスト防災技術センター"
    assert repair_org_words("富士見防災ボランティイアの会") == "富士見防災ボランティアの会"
    assert repair_org_words("アクアメデカル株式会社") == "アクアメディカル株式会社"
    assert repair_org_words("有限会社常盤エンジニアリ") == "有限会社常盤エンジニアリング"
    assert repair_org_words("アクアメディカル株式会社") == "アクアメディカル株式会社"
    assert repair_org_words("株式会社システマ") == "株式会社システマ"  # a substitution in 4 kana


def test_national_bodies_with_a_slip_or_a_lost_head() -> None:
    assert repair_national_body("通省") == "国土交通省"
    assert repair_national_body("経済産案省") == "経済産業省"
    assert repair_national_body("務省") == "務省"  # 総務省, 法務省, 外務省, 財務省
    assert repair_national_body("神奈川県") == "神奈川県"
    assert parse_segment("官公庁ソリューション課").department == "官公庁ソリューション課"


def test_juridical_forms_garbled_or_cut_where_one_form_fits() -> None:
    # 時 and 板 are what OCR reads for 財 and 般 (same parts in the same places).
    assert parse_segment("一板時団法人光洋").organization == "一般財団法人光洋"
    assert parse_segment("般時団法人東雲").organization == "一般財団法人東雲"
    # A tail only one form ends with: the head before it was garbled.
    assert parse_segment("は営利活動法人銀河").organization == "特定非営利活動法人銀河"
    assert parse_segment("〇一板時団法人光洋").organization == "一般財団法人光洋"  # a logo's circle
    # Four forms end in 時団法人 as read (一般/公益, 財団/社団): left as read.
    assert parse_segment("な時団法人若葉").organization == "な時団法人若葉"


def test_a_unit_ending_that_ocr_garbled_after_a_known_name() -> None:
    assert complete_unit("企画郎") == "企画部"
    assert complete_unit("自治体営業設") == "自治体営業課"
    assert parse_segment("企画郎").department == "企画部"
    assert complete_unit("太郎") == "太郎"  # no unit's name before the look-alike
    assert complete_unit("建設") == "建設"


def test_company_forms_with_a_look_alike_or_a_lost_second_character() -> None:
    assert repair_legal_form("株全社若葉電設") == "株式会社若葉電設"  # 全 for 会
    assert repair_legal_form("ソリューションズ株会社") == "ソリューションズ株式会社"
    assert repair_legal_form("合会社東雲") == "合会社東雲"  # 合同, 合名 or 合資
    assert repair_legal_form("持株会社") == "持株会社"  # a word: a holding company
    assert repair_legal_form("全社員") == "全社員"


def test_a_bar_read_for_the_head_of_a_names_ending() -> None:
    assert parse_segment("平野宮町|治会").organization == "平野宮町自治会"
    assert repair_legal_form("研|究所") == "研究所"  # the head is there: the bar is a speck
    assert repair_legal_form("町|議会") == "町議会"  # 議会 and 協議会 both go on so


def test_a_juridical_form_that_lost_its_last_character() -> None:
    assert parse_segment("国立大学法ネクスト大学").organization == "国立大学法人ネクスト大学"
    assert repair_legal_form("公益財団法人若葉") == "公益財団法人若葉"
    assert repair_legal_form("学校法") == "学校法"  # 学校法 alone is a law's name, too short to tell
