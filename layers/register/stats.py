"""The register against the plan's published totals: how many projects it holds, how many are
located (on the map), and the investment filled in so far — never a sum presented as the plan's."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from layers.load import published_total
from layers.store.base import FeatureRow
from layers.text import t


@dataclass(frozen=True)
class Summary:
    """Counts of the register: projects, located ones, and the total investment over the
    ``invest_known`` projects that state one (``invest_sum``), beside the published figures."""

    n: int
    located: int
    invest_known: int
    invest_sum: float
    published_n: int
    published_invest: float

    def text(self, lang: str) -> str:
        """One sentence in ``lang``."""
        return t("rg.summary", lang, n=self.n, located=self.located, total=self.published_n,
                 known=self.invest_known, invest=f"{self.invest_sum:,.6g}",
                 published=f"{self.published_invest:,.6g}")


def summary(rows: list[FeatureRow], totals: pd.DataFrame) -> Summary:
    """The register's counts beside ``plan_totals.csv`` (projects_count, projects_total_investment)."""
    invest = [r.props.get("investment_yi") for r in rows]
    known = [float(v) for v in invest if v is not None]
    return Summary(n=len(rows), located=sum(r.geom is not None for r in rows),
                   invest_known=len(known), invest_sum=sum(known),
                   published_n=int(published_total(totals, "projects_count")),
                   published_invest=published_total(totals, "projects_total_investment"))
