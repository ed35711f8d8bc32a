"""The register's columns, declared as data: name, labels, kind, whether required, the values a
category may take (canonical Chinese values, shown through :func:`layers.vocab.label`).

The form, the spreadsheet (headers: the name, the zh or the en label) and the validation are all
generated from :data:`COLUMNS`; adding a column touches this table and the text catalog only.
"""

from __future__ import annotations

from dataclasses import dataclass

from layers.spec import ACCURACY_VALUES
from layers.text import pick

#: the editable layer of the store that holds the register (and the map layer it feeds)
LAYER = "projects"

#: the plan's six actions (六大行动), as the bundled data spells them
ACTIONS = ("工业强区升级", "项目深化攻坚", "创新引领发展", "全域乡村振兴", "文旅名城突破", "民生保障改善")
#: the 2+2+3 industry clusters (two leading, two emerging, three traditional)
CLUSTERS = ("交通装备", "新材料", "生物医药", "新一代信息技术", "机械装备", "建工建材", "食品饮料")
#: the kinds of project in the bundled data and the unlocated list
KINDS = ("产业项目", "文旅项目", "民生项目", "水利项目", "农业项目", "城市更新", "数字平台",
         "产业园区", "生产基地", "医院", "示范村", "交通项目")
#: the data's statuses (谋划 … 提升) plus the stages of a bureau's project list (储备 … 投产)
STATUSES = ("储备", "谋划", "规划", "前期", "新开工", "在建", "续建", "竣工", "建成", "投产", "提升")
#: plan years accepted (the register's plans run to the 2035 horizon of 国土空间规划)
YEAR_MIN, YEAR_MAX = 2000, 2035

COLUMN_KINDS = ("text", "category", "multi", "year", "number")


@dataclass(frozen=True)
class Column:
    """One column of the register.

    ``kind``: "text", "category" (one of ``choices``), "multi" (several of ``choices`` joined with
    ";"), "year" (an integer in YEAR_MIN..YEAR_MAX), "number" (≥ 0, in ``unit``).
    ``required``: a row without it is refused. ``choices`` = () for a category whose values come
    from elsewhere (the town seats, :func:`layers.register.validate.towns`).
    """

    name: str
    zh: str
    en: str
    kind: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    unit_zh: str = ""
    unit_en: str = ""

    def label(self, lang: str) -> str:
        """The column's label in ``lang``."""
        return pick(self.zh, self.en, lang)

    def unit(self, lang: str) -> str:
        """The column's unit in ``lang`` ("" when it has none)."""
        return pick(self.unit_zh, self.unit_en, lang)


COLUMNS: tuple[Column, ...] = (
    Column("name_zh", "项目名称", "Name (zh)", required=True),
    Column("name_en", "英文名", "Name (en)"),
    Column("action", "所属行动", "Plan action", "category", required=True, choices=ACTIONS),
    Column("cluster", "产业集群", "Industry cluster", "multi", choices=CLUSTERS),
    Column("kind", "类型", "Kind", "category", required=True, choices=KINDS),
    Column("status", "状态", "Status", "category", required=True, choices=STATUSES),
    Column("plan_year", "计划年份", "Plan year", "year"),
    Column("investment_yi", "总投资", "Total investment", "number", unit_zh="亿元",
           unit_en="100 M CNY"),
    Column("annual_investment_yi", "年度计划投资", "Annual investment", "number", unit_zh="亿元",
           unit_en="100 M CNY"),
    Column("town", "所在街道/镇", "Subdistrict / town", "category"),
    Column("source", "来源", "Source", required=True),
    Column("accuracy", "位置精度", "Positional accuracy", "category", required=True,
           choices=ACCURACY_VALUES),
    Column("accuracy_m", "误差半径", "Error radius", "number", unit_zh="米", unit_en="m"),
    Column("override_reason", "区外位置的理由", "Reason for a position outside the district"),
)

BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}


def column(name: str) -> Column:
    """The declared column ``name`` (KeyError naming it when it is not declared)."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"register: column {name!r} is not declared") from None
