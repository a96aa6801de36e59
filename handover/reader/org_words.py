"""Katakana words that names of companies and associations are built from, to repair OCR slips.

Logos print these words large and in display type, where OCR swaps two kana (ンセター for
センター), doubles or drops one (ボランティイア, メデカル) or stops short at the edge of the
line (エンジニアリ). Where exactly one common word lies one slip from what was read, the word
is put back; words shorter than four kana are left alone, as too many names lie near them.
"""

from __future__ import annotations

import re

ORG_WORDS: tuple[str, ...] = (
    "センター", "サービス", "サービシーズ", "システム", "システムズ", "ソリューション", "ソリューションズ",
    "コンサルタント", "コンサルタンツ", "コンサルティング", "エンジニアリング", "エンジニア", "メディカル",
    "ネットワーク", "ネットワークス", "ボランティア", "テクノロジー", "テクノロジーズ", "ホールディングス",
    "デザイン", "マネジメント", "マーケティング", "コーポレーション", "インターナショナル", "ジャパン",
    "グループ", "エージェンシー", "プランニング", "パートナーズ", "クリニック", "ファーマ", "フーズ",
    "トラスト", "リサーチ", "サポート", "ライフ", "ホーム", "ハウジング", "エナジー", "エレクトロニクス",
    "ロジスティクス", "インダストリー", "インダストリーズ", "ステーション", "アカデミー", "スクール",
    "ファーム", "サイエンス", "ファイナンス", "キャピタル", "セキュリティ", "ソフトウェア", "デジタル",
    "テクノ", "オフィス", "スタジオ", "プロダクション", "クリエイティブ", "コミュニケーションズ",
    "コミュニティ", "モバイル", "サプライ", "トレーディング", "プロパティ", "ビルディング",
    "エンタープライズ", "ワークス", "ラボラトリー", "ラボラトリーズ", "インベストメント", "アセット",
    "リアルエステート", "ディベロップメント", "プロジェクト", "ファクトリー", "マテリアル", "ケミカル",
    "フィナンシャル", "インフォメーション", "データ", "ネット", "ケア", "ラボ",
)  # fmt: skip

_KATAKANA_RUN = re.compile(r"[ァ-ヺー]+")
_MIN_EDIT = 4  # kana: shorter words are never repaired
_MAX_COMPLETION = 3  # kana a name cut at the edge of the line may have lost


def _one_edit(a: str, b: str, *, substitute: bool = True) -> bool:
    """True when a and b differ by one insertion, deletion, swap of neighbours or (if allowed)
    substitution."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        if len(diff) == 1:
            return substitute
        d0 = diff[0]
        return len(diff) == 2 and diff[1] == d0 + 1 and a[d0] == b[d0 + 1] and a[d0 + 1] == b[d0]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:k] + long_[k + 1 :] == short for k in range(len(long_)))


def _repair_run(run: str, *, at_end: bool) -> str:
    if run in ORG_WORDS or any(run.endswith(w) for w in ORG_WORDS if len(w) >= _MIN_EDIT):
        return run
    # The run is a word whose first kana OCR took for another (トービス): no name is made of a
    # single kana before a word that lost its first one, as reading it the other way would say.
    heads = {w for w in ORG_WORDS if len(w) == len(run) >= _MIN_EDIT and w[1:] == run[1:]}
    if len(heads) == 1:
        return heads.pop()
    if at_end and len(run) >= 3:
        cut = sorted(
            (w for w in ORG_WORDS if w.startswith(run) and 0 < len(w) - len(run) <= _MAX_COMPLETION),
            key=len,
        )
        if cut and all(w.startswith(cut[0]) for w in cut):
            return cut[0]  # ネットワ: ネットワーク, of which ネットワークス is a longer form
    for size in (0, 1, -1):  # the word may end the run: アクアメデカル is アクア + メデカル
        fits = {
            run[: len(run) - n] + w
            for w in ORG_WORDS
            if len(w) >= _MIN_EDIT
            for n in (len(w) + size,)
            if 0 < n <= len(run) and _one_edit(run[len(run) - n :], w, substitute=len(w) > _MIN_EDIT)
        }
        if len(fits) == 1:
            return fits.pop()
        if fits:
            return run
    return run


def repair_org_words(name: str) -> str:
    """The name with each katakana run repaired against the common words of organisation names."""
    out: list[str] = []
    last = 0
    for m in _KATAKANA_RUN.finditer(name):
        out.append(name[last : m.start()])
        out.append(_repair_run(m.group(0), at_end=m.end() == len(name)))
        last = m.end()
    out.append(name[last:])
    return "".join(out)


# 子ども (children's dining rooms, support networks) is the one word of names that OCR cuts in
# the middle: a ど with no も after it, or ども after a kanji that is not 子 (私ども and 者ども are no
# names), lost a kana or the 子 before it.
_KODOMO_CUT = re.compile(r"子ど(?!も)|(?<=[\u4e00-\u9fff])(?<![子私者])ども(?=[\u4e00-\u9fff])")


def repair_kodomo(name: str) -> str:
    """The name with 子ども made whole where OCR lost one of its characters (子ど食堂, 銀河ども支援)
    or read its 子 twice."""
    return _KODOMO_CUT.sub("子ども", name.replace("子子ども", "子ども"))  # 子 read twice too
