"""The F6 report's columns (``documents.xlsx``)."""

from documents.xlsx import Column, Kind

RECOMMENDATION_COLUMNS = (
    Column("年度", "year", Kind.INTEGER),
    Column("企业名称", "enterprise.name"),
    Column("统一社会信用代码", "enterprise.uscc"),
    Column("所属市、区", "enterprise.district.name"),
    Column("类别", lambda r: r.get_kind_display()),
    Column("推荐的项目、奖项或荣誉", "programme"),
    Column("级别", lambda r: r.get_level_display()),
    Column("推荐日期", "recommended_on", Kind.DATE),
    Column("结果", lambda r: r.get_outcome_display()),
    Column("说明", "note"),
)
