"""An invented municipality (さくら川市) with a department tree and about twenty staff.

Every name here is invented for the demo; none belongs to a real person.
"""

from __future__ import annotations

import csv
import io

# code, name, parent_code: 市 > 部 > 課 > 係, as a city's organisation chart reads.
DEPARTMENTS: tuple[tuple[str, str, str], ...] = (
    ("100", "さくら川市", ""),
    ("200", "総務部", "100"),
    ("210", "人事課", "200"),
    ("211", "人事係", "210"),
    ("220", "情報政策課", "200"),
    ("300", "都市整備部", "100"),
    ("310", "都市計画課", "300"),
    ("311", "計画係", "310"),
    ("312", "開発指導係", "310"),
    ("320", "道路課", "300"),
    ("321", "道路管理係", "320"),
    ("400", "市民生活部", "100"),
    ("410", "市民協働課", "400"),
    ("411", "協働推進係", "410"),
    ("420", "環境政策課", "400"),
)

# employee_no, name, name_kana, email local part, department_code, title
STAFF: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("S0001", "青柳 澄子", "アオヤギ スミコ", "aoyagi.sumiko", "210", "課長"),
    ("S0002", "石動 健吾", "イスルギ ケンゴ", "isurugi.kengo", "211", "係長"),
    ("S0003", "浦辺 菜摘", "ウラベ ナツミ", "urabe.natsumi", "211", "主事"),
    ("S0004", "大河内 透", "オオコウチ トオル", "okochi.toru", "220", "課長"),
    ("S0005", "柏木 亜紀", "カシワギ アキ", "kashiwagi.aki", "220", "主査"),
    ("S0006", "桐生 雅人", "キリュウ マサト", "kiryu.masato", "310", "課長"),
    ("S0007", "久米 由香里", "クメ ユカリ", "kume.yukari", "310", "課長補佐"),
    ("S0008", "小田切 航", "オダギリ ワタル", "odagiri.wataru", "311", "係長"),
    ("S0009", "笹森 千尋", "ササモリ チヒロ", "sasamori.chihiro", "311", "主事"),
    ("S0010", "志賀 隆之", "シガ タカユキ", "shiga.takayuki", "312", "係長"),
    ("S0011", "須永 彩乃", "スナガ アヤノ", "sunaga.ayano", "312", "主事"),
    ("S0012", "瀬良 大輔", "セラ ダイスケ", "sera.daisuke", "320", "課長"),
    ("S0013", "高城 真帆", "タカシロ マホ", "takashiro.maho", "321", "係長"),
    ("S0014", "津久井 翔", "ツクイ ショウ", "tsukui.sho", "321", "主事"),
    ("S0015", "戸叶 恵美", "トカノ エミ", "tokano.emi", "410", "課長"),
    ("S0016", "成瀬 功", "ナルセ イサオ", "naruse.isao", "411", "係長"),
    ("S0017", "丹羽 紗季", "ニワ サキ", "niwa.saki", "411", "主事"),
    ("S0018", "野々村 拓真", "ノノムラ タクマ", "nonomura.takuma", "420", "課長"),
    ("S0019", "羽生田 玲奈", "ハニュウダ レイナ", "hanyuda.reina", "420", "主査"),
    ("S0020", "日置 修平", "ヘキ シュウヘイ", "heki.shuhei", "300", "部長"),
)

EMAIL_DOMAIN = "city.sakuragawa.example.lg.jp"


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def departments_csv() -> bytes:
    """The department tree as HR would export it (UTF-8 with BOM, Japanese headers)."""
    return _csv(["所属コード", "所属名", "上位所属コード"], [list(d) for d in DEPARTMENTS])


def staff_csv() -> bytes:
    """The staff list as HR would export it."""
    rows = [
        [no, name, kana, f"{local}@{EMAIL_DOMAIN}", dept, title]
        for no, name, kana, local, dept, title in STAFF
    ]
    return _csv(["職員番号", "氏名", "フリガナ", "メールアドレス", "所属コード", "職名"], rows)
