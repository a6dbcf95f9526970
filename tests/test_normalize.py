from scorer.normalize import clean_cell, fold_width, split_cells


def test_full_width_punctuation_is_folded_but_comparators_kept():
    assert fold_width("项目资金（元）") == "项目资金(元)"
    assert clean_cell("实施期资金总额：1,697,500") == "实施期资金总额:1,697,500"
    assert clean_cell("　≥95％ ") == "≥95%"
    assert clean_cell("≤180人/天/元") == "≤180人/天/元"


def test_spaces_inside_numbers_and_units_are_dropped():
    # 004 prints spaces between number and unit
    assert clean_cell("378 人") == "378人"
    assert clean_cell("2050 元/月") == "2050元/月"
    assert clean_cell("2025 年 1 月至 12 月") == "2025年1月至12月"
    # a 填报日期 stamp broken by the PDF extraction (001 line 2324)
    assert clean_cell("202212130 90154") == "20221213090154"


def test_space_between_latin_words_survives():
    assert clean_cell("ISO 9001 认证") == "ISO 9001认证"


def test_split_cells_keeps_positions():
    assert split_cells("\t\t质量指标\t补贴标准执行度\t\t100%") == [
        "",
        "",
        "质量指标",
        "补贴标准执行度",
        "",
        "100%",
    ]
