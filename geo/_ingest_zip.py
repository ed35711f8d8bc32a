"""Untrusted zip containers (.zip, .kmz, .xlsx): guard first, then extract ourselves.

Guards run on the central directory BEFORE any member is decompressed: member count, total
declared size, per-member compression ratio, and names (``..``, absolute, drive letters,
symlinks, encryption). Extraction writes server-made names (``layer1.shp``...) into the job
dir, counting real bytes against the declared sizes; GDAL never sees the archive (no
``/vsizip/``). Member names stored in GBK without the UTF-8 flag (Chinese Windows tools)
are shown readable: zipfile decodes them as cp437, so they are re-decoded as GB18030.
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from geo.errors import UnsafeInputError

_MB = 2**20
_RATIO_MIN_BYTES = _MB  # small members may compress well (text); ratio checked above this
DATASET_EXTS = (".shp", ".geojson", ".json", ".gpkg", ".kml", ".fgb", ".csv", ".xlsx")
SIDECAR_EXTS = (".shx", ".dbf", ".prj", ".cpg")
_IGNORED_PREFIXES = ("__MACOSX/",)


@dataclass
class Dataset:
    """One readable dataset found in an archive: a server-made path and its readable name."""

    path: Path
    ext: str
    name: str


@dataclass
class Extracted:
    """What an archive held: datasets (sorted by name), readable member names, skipped names."""

    datasets: list[Dataset] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def readable_name(info: zipfile.ZipInfo) -> str:
    """The member name as a person would read it (GBK/UTF-8 names without the UTF-8 flag fixed)."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return info.filename


def _unsafe(zh: str, en: str) -> UnsafeInputError:
    return UnsafeInputError(f"已拒绝该压缩包：{zh}", f"The archive was refused: {en}")


def _check_name(info: zipfile.ZipInfo) -> None:
    name = readable_name(info).replace("\\", "/")
    parts = PurePosixPath(name).parts
    if name.startswith("/") or ".." in parts or (len(name) > 1 and name[1] == ":"):
        raise _unsafe(f"成员“{name[:80]}”的路径指向压缩包之外（zip slip）",
                      f"member {name[:80]!r} points outside the archive (zip slip)")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise _unsafe(f"成员“{name[:80]}”是符号链接", f"member {name[:80]!r} is a symbolic link")
    if info.flag_bits & 0x1:
        raise _unsafe("压缩包有密码保护", "it is password-protected")


def _check_sizes(infos: list[zipfile.ZipInfo], limits) -> None:
    if len(infos) > limits.zip_max_members:
        raise _unsafe(f"成员过多（{len(infos)} 个，上限 {limits.zip_max_members}）",
                      f"too many members ({len(infos)}; the limit is {limits.zip_max_members})")
    total = sum(i.file_size for i in infos)
    if total > limits.zip_max_total_mb * _MB:
        raise _unsafe(
            f"解压后共 {total / _MB:.0f} MB，超过上限 {limits.zip_max_total_mb} MB（疑似压缩炸弹）",
            f"it would unpack to {total / _MB:.0f} MB, over the {limits.zip_max_total_mb} MB "
            "limit (a zip bomb?)")
    packed = sum(i.compress_size for i in infos)
    for size, small in [(i.file_size, i.compress_size) for i in infos] + [(total, packed)]:
        ratio = size / max(small, 1)
        if size > _RATIO_MIN_BYTES and ratio > limits.zip_max_ratio:
            raise _unsafe(
                f"压缩比 {ratio:.0f}:1 超过上限 {limits.zip_max_ratio}:1（疑似压缩炸弹）",
                f"the compression ratio {ratio:.0f}:1 exceeds {limits.zip_max_ratio}:1 "
                "(a zip bomb?)")


def guard(path: Path, limits) -> list[zipfile.ZipInfo]:
    """Check an archive's directory against ``limits``; return its file members.

    Raises UnsafeInputError (zip slip, symlink, encryption, too many members, too large,
    ratio) or UnsafeInputError for a file that is not a readable zip at all.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as exc:
        raise _unsafe("不是有效的 zip 文件（可能已损坏）",
                      "it is not a valid zip file (damaged?)") from exc
    for info in infos:
        _check_name(info)
    _check_sizes(infos, limits)
    return [i for i in infos if not i.is_dir()]


def _copy_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, dest: Path) -> None:
    """Copy one member, never past its declared size; damaged data (bad CRC...) is refused."""
    written = 0
    try:
        with zf.open(info) as src, open(dest, "wb") as out:
            while chunk := src.read(_MB):
                written += len(chunk)
                if written > info.file_size:
                    raise _unsafe("成员实际大小超过其声明大小", "a member is larger than it declares")
                out.write(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError, ValueError) as exc:
        raise _unsafe(f"成员“{readable_name(info)[:80]}”已损坏或无法解压",
                      f"member {readable_name(info)[:80]!r} is damaged or cannot be "
                      f"unpacked ({exc})") from exc


def _suffix(name: str) -> str:
    return PurePosixPath(name.lower()).suffix


def _groups(infos: list[zipfile.ZipInfo]) -> dict[str, list[tuple[zipfile.ZipInfo, str]]]:
    """Readable stem (lower-case, with folder) -> its members with a dataset/sidecar suffix."""
    out: dict[str, list[tuple[zipfile.ZipInfo, str]]] = {}
    for info in infos:
        name = readable_name(info).replace("\\", "/")
        if name.startswith(_IGNORED_PREFIXES) or PurePosixPath(name).name.startswith("._"):
            continue
        ext = _suffix(name)
        if ext in DATASET_EXTS or ext in SIDECAR_EXTS:
            stem = name[: len(name) - len(ext)].lower()
            out.setdefault(stem, []).append((info, ext))
    return out


def _extract_group(zf, members, k: int, outdir: Path, wanted) -> tuple[Dataset | None, set]:
    mains = [(i, e) for i, e in members if e in wanted]
    if not mains:
        return None, set()
    info, ext = mains[0]
    dest = outdir / f"layer{k}{ext}"
    _copy_member(zf, info, dest)
    kept = {info.filename}
    if ext == ".shp":
        for side, side_ext in members:
            if side_ext in SIDECAR_EXTS:
                _copy_member(zf, side, outdir / f"layer{k}{side_ext}")
                kept.add(side.filename)
    return Dataset(dest, ext, readable_name(info)), kept


def extract(path: Path, outdir: Path, limits, wanted: tuple[str, ...] = DATASET_EXTS) -> Extracted:
    """Guard ``path`` then extract its datasets (``wanted`` main extensions) into ``outdir``.

    Each dataset is written as ``layer<k><ext>`` (a shapefile with its sidecars under the
    same stem); nested archives and other files are listed in ``skipped``, not extracted.
    """
    infos = guard(path, limits)
    found = Extracted(members=[readable_name(i) for i in infos])
    groups = _groups(infos)
    kept: set = set()
    with zipfile.ZipFile(path) as zf:
        for k, stem in enumerate(sorted(groups), start=1):
            dataset, names = _extract_group(zf, groups[stem], k, outdir, wanted)
            if dataset is not None:
                found.datasets.append(dataset)
                kept |= names
    found.skipped = [readable_name(i) for i in infos if i.filename not in kept]
    found.datasets.sort(key=lambda d: d.name.lower())
    return found
