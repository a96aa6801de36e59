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


def test_a_level_whose_子_of_子ども_ocr_lost_or_read_as_kana() -> None:
    assert repair_department("すずども家許部子育て支援課") == "子ども家庭部子育て支援課"
    assert repair_department("ども未来部") == "子ども未来部"
    # こども is whole; ども before no unit name of the vocabulary is left as read.
    assert repair_department("こども家庭部") == "こども家庭部"
    assert repair_department("すずども食堂課") == "すずども食堂課"


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


def test_a_company_forms_kai_broken_into_kana_is_made_whole() -> None:
    # 会 read as two kana between the form's head and 社 (有限ミネ社).
    assert repair_legal_form("有限ミネ社明和情報サービス") == "有限会社明和情報サービス"
    assert repair_legal_form("株式ニ社サンプル") == "株式会社サンプル"
    # A kanji between the head and 社 is a word, not a broken form.
    assert repair_legal_form("株式公開社長") == "株式公開社長"


def test_a_headless_company_form_at_the_start_of_a_line() -> None:
    # 株式 lost and 会 read as 全 before a name in kana.
    assert parse_segment("全社みらいデータシステム").organization == "株式会社みらいデータシステム"
    # 全社 before kanji is a word (全社員, 全社推進室).
    assert parse_segment("全社員").organization is None
    assert parse_segment("全社推進室").department == "全社推進室"


def test_marks_after_a_bodys_ending_are_dropped() -> None:
    assert parse_segment("四谷子ども食堂ネットワークョ』").organization == "四谷子ども食堂ネットワーク"
    assert parse_segment("南町自治会」").organization == "南町自治会"
    # A small kana that words use is kept when no ending comes before it.
    assert parse_segment("ネットワークサービス").organization is None


def test_a_words_first_kana_misread_is_put_back() -> None:
    # トービス is サービス with its first kana misread, not a name ト before ービス.
    assert repair_org_words("合同会社双葉情報トービス") == "合同会社双葉情報サービス"
    assert repair_org_words("株式会社ペンター") == "株式会社センター"


def test_kodomo_cut_by_ocr_is_made_whole() -> None:
    from handover.reader.org_words import repair_kodomo

    assert repair_kodomo("小屋南子ど食堂ネットワーク") == "小屋南子ども食堂ネットワーク"
    assert repair_kodomo("特定非営利活動法人銀河ども支援ネット") == "特定非営利活動法人銀河子ども支援ネット"
    assert repair_kodomo("私ども") == "私ども"
    assert repair_kodomo("四谷子ども食堂") == "四谷子ども食堂"


def test_a_logo_read_as_a_character_and_comma_before_the_name_is_dropped() -> None:
    from handover.reader.fields_org import _drop_specks

    assert _drop_specks("作、小屋南子ども食堂ネットワーク") == "小屋南子ども食堂ネットワーク"
    assert _drop_specks("株式会社サンプル、") == "株式会社サンプル"


def test_a_kana_ending_ocr_slipped_on_still_names_a_body() -> None:
    assert parse_segment("O寄附町子子ども食堂ネットワク").organization == "寄附町子子ども食堂ネットワーク"
    from handover.reader.org_words import repair_kodomo

    assert repair_kodomo("寄附町子子ども食堂ネットワーク") == "寄附町子ども食堂ネットワーク"
    # A word cut before a mark is not completed: what it was is not known.
    assert parse_segment("症川島町子ども食堂ネットワ・").organization is None


def test_kei_read_for_zai_names_a_foundation() -> None:
    # 計 (言|十) is what OCR reads for 財 (貝|才): the form is 一般財団法人, not the closer-spelt 社団.
    assert (
        parse_segment("一般計団法人東雲防災技術センター").organization == "一般財団法人東雲防災技術センター"
    )
