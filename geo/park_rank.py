""""Which park fits my industry?": parks ranked for one industry cluster, each with its reasons.

The order is, in turn: (1) how many firms and plan projects the park hosts *per a cited source*
that belong to the cluster; (2) whether the park's own stated industries include the cluster;
(3) the mean straight-line distance to the transport references given (nearer first).  Position
alone never makes a firm "hosted": that link must come from the data's sourced ``park``
attribute.  Equal keys share a rank.  Pure logic (no I/O), tested on a hand-made fixture.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from geo.proximity import metres


@dataclass(frozen=True)
class Hosted:
    """A firm or project that a source places in the park: name, "firm"/"project", clusters,
    and its English name ("" when the data has none: the Chinese one is shown)."""

    name: str
    kind: str
    clusters: frozenset[str]
    name_en: str = ""


@dataclass(frozen=True)
class ParkFacts:
    """What ranking needs of one park: its name, stated clusters, sourced hosted items and
    straight-line distances in metres by reference key (NaN when unknown)."""

    name: str
    clusters: frozenset[str]
    hosted: tuple[Hosted, ...] = ()
    distances: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Ranked:
    """One park's place: ``rank`` (1 = best; ties share it), the sort ``key`` and the reasons
    as (zh, en) pairs in the order they count."""

    rank: int
    name: str
    hosted: tuple[Hosted, ...]
    declared: bool
    mean_km: float
    reasons: tuple[tuple[str, str], ...]


def mean_distance_km(distances: dict[str, float], keys: tuple[str, ...]) -> float:
    """Mean of the known distances (m) under ``keys``, in km; inf when none is known."""
    vals = [distances.get(k, math.nan) for k in keys]
    vals = [v for v in vals if v is not None and not math.isnan(v)]
    return sum(vals) / len(vals) / 1000 if vals else math.inf


def _reasons(p: ParkFacts, cluster: tuple[str, str], hits: tuple[Hosted, ...], mean_km: float,
             labels: dict[str, tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """The reasons for one park's place, most important first (``cluster``: its zh/en names)."""
    out = []
    zh_c, en_c = cluster
    if hits:
        names = "、".join(h.name for h in hits)
        names_en = ", ".join(h.name_en or h.name for h in hits)
        out.append((f"有来源表明园区内有{len(hits)}个{zh_c}企业/项目：{names}",
                    f"{len(hits)} {en_c} firm(s)/project(s) in the park per a source: {names_en}"))
    else:
        out.append((f"没有来源表明园区内有{zh_c}企业或项目",
                    f"No source places a {en_c} firm or project in the park"))
    if zh_c in p.clusters:
        out.append((f"园区产业方向含{zh_c}（规划/来源）", f"The park's stated industries include {en_c}"))
    for key, (zh, en) in labels.items():
        d = p.distances.get(key, math.nan)
        if d is not None and not math.isnan(d):
            m, km = metres(d), f"{d / 1000:.1f} km"
            extra_zh, extra_en = (f"{km}，", f"{km}, ") if round(d) >= 1000 else ("", "")
            out.append((f"距{zh} ≈ {m}（{extra_zh}直线）", f"{en}: ≈ {m} ({extra_en}straight line)"))
    if not math.isinf(mean_km):
        mean = metres(mean_km * 1000, km=True)
        out.append((f"交通平均直线距离 {mean}", f"Mean straight-line transport distance {mean}"))
    return tuple(out)


def rank_parks(parks: list[ParkFacts], cluster: str, labels: dict[str, tuple[str, str]],
               cluster_en: str | None = None) -> list[Ranked]:
    """Rank ``parks`` for ``cluster`` (its canonical zh value; ``cluster_en`` its English name
    for the reasons); ``labels`` maps the transport reference keys to use (e.g. "metro", "g309",
    "hsr") to their (zh, en) names, in the order they are reported."""
    keys = tuple(labels)
    scored = []
    for p in parks:
        hits = tuple(h for h in p.hosted if cluster in h.clusters)
        declared = cluster in p.clusters
        mean_km = mean_distance_km(p.distances, keys)
        sort_key = (-len(hits), not declared, round(mean_km, 3))
        scored.append((sort_key, p, hits, declared, mean_km))
    scored.sort(key=lambda s: (s[0], s[1].name))
    out: list[Ranked] = []
    for i, (sort_key, p, hits, declared, mean_km) in enumerate(scored):
        rank = out[-1].rank if out and scored[i - 1][0] == sort_key else i + 1
        out.append(Ranked(rank, p.name, hits, declared, mean_km,
                          _reasons(p, (cluster, cluster_en or cluster), hits, mean_km, labels)))
    return out
