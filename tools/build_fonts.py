#!/usr/bin/env python3
"""Build the bundled CJK font "Dengfeng Sans" (static/fonts/DengfengSans-*.otf).

Why
    WeasyPrint must render Chinese in PDFs on a machine that has no CJK font
    installed (no fonts-noto-cjk).  The project therefore ships its own font,
    loaded with ``@font-face { src: url(...) }``, instead of relying on fontconfig.

Source font
    Noto Sans CJK SC 2.004, Regular and Bold: face "Noto Sans CJK SC" (found by
    its name table, index 2 in version 2.004) inside the OpenType collections
    ``usr/share/fonts/opentype/noto/NotoSansCJK-{Regular,Bold}.ttc`` of the
    Debian 12 package ``fonts-noto-cjk`` 1:20220127+repack1-1
    (upstream https://github.com/notofonts/noto-cjk).

Licence
    SIL Open Font License 1.1, "Copyright 2014-2021 Adobe (http://www.adobe.com/),
    with Reserved Font Name 'Source'."  The output is a Modified Version under
    the OFL: it is renamed "Dengfeng Sans" (which does not use the reserved
    name), keeps the copyright/licence entries of the name table, and ships with
    static/fonts/OFL.txt, which this script writes from the package's copyright
    file.

Character set (only code points the source font actually maps are kept)
    * GB 2312: every valid double-byte code (rows 0xA1-0xF7, cells 0xA1-0xFE)
      decoded with Python's ``gb2312`` codec (6763 hanzi + 682 symbols).
    * 通用规范汉字表 (2013, 8105 characters): every character that has a
      ``kTGH`` entry in the Unihan database, file Unihan_OtherMappings.txt(.bz2)
      of the Debian 12 package ``unicode-data`` 15.0.0-1.
    * Rare characters seen in company names (RARE_NAME_CHARS below).
    * ASCII, Latin-1, General Punctuation, CJK Symbols and Punctuation,
      Halfwidth and Fullwidth Forms, ①-⑳, Number Forms, Arrows, Box Drawing,
      common geometric shapes, ¥ € ℃ ‰ ※ (EXTRA_RANGES / EXTRA_CHARS below).

Font processing
    fontTools subsetter; hinting dropped; OpenType layout kept for the
    features listed in LAYOUT_FEATURES (vert/vrt2 for vertical text, locl etc.),
    with the JAN/KOR/ZHH/ZHT language systems removed first so that only the
    Simplified-Chinese (ZHS) and default glyph forms are kept.  The output is
    CID-keyed CFF OpenType (.otf), the smallest form for CJK outlines and one
    WeasyPrint embeds directly.  Re-running with the same inputs gives
    byte-identical files (head.modified is kept from the source).

Command (from the repository root, on Debian 12; needs fontTools, pinned as a
dev dependency: ``fonttools==4.68.0`` was used for the committed files)::

    .venv/bin/python tools/build_fonts.py

    # fetches fonts-noto-cjk and unicode-data with ``apt-get download`` into a
    # temporary directory and unpacks them with ``dpkg -x`` (nothing is
    # installed).  To reuse packages already unpacked (``dpkg -x X.deb DIR``)
    # or installed (DIR=/):
    .venv/bin/python tools/build_fonts.py --noto-root /tmp/noto --unicode-root /tmp/ucd
"""

from __future__ import annotations

import argparse
import bz2
import contextlib
import glob
import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

from fontTools import version as fonttools_version
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTFont
from fontTools.ttLib.ttCollection import TTCollection

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT_DIR = REPO_ROOT / "static" / "fonts"

NOTO_PACKAGE = "fonts-noto-cjk=1:20220127+repack1-1"
UNICODE_PACKAGE = "unicode-data=15.0.0-1"
NOTO_FONT_DIR = "usr/share/fonts/opentype/noto"
NOTO_COPYRIGHT = "usr/share/doc/fonts-noto-cjk/copyright"
UNIHAN_FILE = "usr/share/unicode/Unihan_OtherMappings.txt"

SOURCE_FAMILY = "Noto Sans CJK SC"
SOURCE_VERSION = "2.004"
FAMILY = "Dengfeng Sans"
PS_FAMILY = "DengfengSans"
WEIGHTS = ("Regular", "Bold")
COPYRIGHT_LINE = "Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'."

# Characters used in company and personal names that are outside GB 2312.
RARE_NAME_CHARS = "堃䶮𬌗喆犇淼焱垚鑫昇玥琪珺赟彧翀旻晟曌燚骉羴鱻"

EXTRA_RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x2000, 0x206F),  # General Punctuation
    (0x2150, 0x218F),  # Number Forms
    (0x2190, 0x21FF),  # Arrows
    (0x2460, 0x2473),  # ① - ⑳
    (0x2500, 0x257F),  # Box Drawing
    (0x3000, 0x303F),  # CJK Symbols and Punctuation (incl. 〔〕)
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
)
EXTRA_CHARS = "〔〕■□▲△●○◆◇★☆√×¥€℃‰※"

# OpenType features kept: default shaping, kerning/spacing, vertical forms.
LAYOUT_FEATURES = [
    *("ccmp", "locl", "calt", "liga", "kern", "mark", "mkmk"),
    *("halt", "palt", "vert", "vrt2", "vhal", "vpal", "vkrn"),
]
KEPT_LANGSYS = {"ZHS "}  # plus each script's default language system


def run(cmd: list[str], cwd: Path) -> None:
    print("+", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, cwd=cwd, check=True)


def fetch_debs(workdir: Path) -> tuple[Path, Path]:
    """apt-get download + dpkg -x the two source packages (nothing is installed)."""
    run(["apt-get", "download", NOTO_PACKAGE, UNICODE_PACKAGE], cwd=workdir)
    roots = []
    for name in ("fonts-noto-cjk", "unicode-data"):
        (deb,) = glob.glob(str(workdir / f"{name}_*.deb"))
        root = workdir / name
        run(["dpkg", "-x", deb, str(root)], cwd=workdir)
        roots.append(root)
    return roots[0], roots[1]


def gb2312_chars() -> set[str]:
    chars = set()
    for b1 in range(0xA1, 0xF8):
        for b2 in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes((b1, b2)).decode("gb2312"))
    return chars


def tongyong_guifan_chars(unicode_root: Path) -> set[str]:
    path = unicode_root / UNIHAN_FILE
    opener = open if path.exists() else bz2.open
    with opener(path if path.exists() else f"{path}.bz2", "rt", encoding="utf-8") as f:
        text = f.read()
    chars, positions = set(), set()
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[1] == "kTGH":
            chars.add(chr(int(parts[0][2:], 16)))
            for entry in parts[2].split():
                year, pos = entry.split(":")
                if year == "2013":
                    positions.add(int(pos))
    if len(chars) != 8105 or positions != set(range(1, 8106)):
        raise SystemExit(
            f"kTGH gives {len(chars)} characters / {len(positions)} positions, expected the 8105 of 通用规范汉字表"
        )
    return chars


def wanted_chars(unicode_root: Path) -> tuple[set[str], dict[str, int]]:
    groups = {
        "GB 2312": gb2312_chars(),
        "通用规范汉字表": tongyong_guifan_chars(unicode_root),
        "rare name characters": set(RARE_NAME_CHARS),
        "extra ranges": {chr(c) for lo, hi in EXTRA_RANGES for c in range(lo, hi + 1)} | set(EXTRA_CHARS),
    }
    return set().union(*groups.values()), {k: len(v) for k, v in groups.items()}


def open_sc_face(ttc_path: Path) -> TTFont:
    collection = TTCollection(str(ttc_path), lazy=True)
    for index, face in enumerate(collection.fonts):
        if face["name"].getDebugName(1) == SOURCE_FAMILY:
            font = TTFont(str(ttc_path), fontNumber=index, recalcTimestamp=False)
            version = font["name"].getDebugName(5) or ""
            if not version.startswith(f"Version {SOURCE_VERSION}"):
                print(f"warning: {ttc_path.name}: expected {SOURCE_VERSION}, got {version!r}", file=sys.stderr)
            return font
    raise SystemExit(f"{ttc_path}: no face named {SOURCE_FAMILY!r}")


def prune_language_systems(font: TTFont) -> None:
    """Keep only default and ZHS language systems (drops JP/KR/TC/HK locl forms)."""
    for tag in ("GSUB", "GPOS"):
        table = font[tag].table
        for record in table.ScriptList.ScriptRecord:
            script = record.Script
            script.LangSysRecord = [r for r in script.LangSysRecord if r.LangSysTag in KEPT_LANGSYS]
            script.LangSysCount = len(script.LangSysRecord)


def rename(font: TTFont, weight: str) -> None:
    ps_name = f"{PS_FAMILY}-{weight}"
    name = font["name"]
    for name_id in (1, 2, 3, 4, 6, 16, 17):
        name.removeNames(nameID=name_id)
    name.setName(FAMILY, 1, 3, 1, 0x409)
    name.setName(weight, 2, 3, 1, 0x409)
    name.setName(f"{SOURCE_VERSION};DENGFENG;{ps_name}", 3, 3, 1, 0x409)
    name.setName(f"{FAMILY} {weight}", 4, 3, 1, 0x409)
    name.setName(f"Version {SOURCE_VERSION}; subset of {SOURCE_FAMILY} {SOURCE_VERSION}", 5, 3, 1, 0x409)
    name.setName(ps_name, 6, 3, 1, 0x409)
    name.names = [r for r in name.names if r.platformID == 3]  # Windows records only
    name.names.sort(key=lambda r: (r.platformID, r.platEncID, r.langID, r.nameID))

    cff = font["CFF "].cff
    old_ps = cff.fontNames[0]
    cff.fontNames[0] = ps_name
    top = cff[ps_name]
    top.rawDict.pop("UniqueID", None)
    if hasattr(top, "UniqueID"):
        del top.UniqueID
    top.FamilyName = FAMILY
    top.FullName = f"{FAMILY} {weight}"
    for fd in getattr(top, "FDArray", []):
        if getattr(fd, "FontName", "").startswith(old_ps):
            fd.FontName = ps_name + fd.FontName[len(old_ps) :]


def build_weight(ttc_path: Path, weight: str, chars: set[str], out_path: Path) -> dict:
    font = open_sc_face(ttc_path)
    cmap = font.getBestCmap()
    present = sorted(ord(c) for c in chars if ord(c) in cmap)
    missing = sorted(c for c in chars if ord(c) not in cmap)
    prune_language_systems(font)

    options = Options()
    options.layout_features = LAYOUT_FEATURES
    options.hinting = False
    options.desubroutinize = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.glyph_names = False
    options.drop_tables = options.drop_tables + ["BASE"]
    subsetter = Subsetter(options)
    subsetter.populate(unicodes=present)
    subsetter.subset(font)
    rename(font, weight)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(out_path))
    data = out_path.read_bytes()
    return {
        "weight": weight,
        "path": out_path,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "codepoints": len(present),
        "glyphs": len(font.getGlyphOrder()),
        "missing": missing,
    }


def write_ofl(noto_root: Path, out_dir: Path) -> None:
    """OFL.txt from the 'License: SIL-1.1' paragraph of the Debian copyright file."""
    lines = (noto_root / NOTO_COPYRIGHT).read_text(encoding="utf-8").splitlines()
    # the stand-alone licence paragraph, not the "Files: *" stanza's License field
    start = next(i for i, line in enumerate(lines) if line == "License: SIL-1.1" and i > 0 and lines[i - 1] == "") + 1
    body = []
    for line in lines[start:]:
        if not line.startswith(" "):
            break
        body.append("" if line == " ." else line[1:])
    text = "\n".join([COPYRIGHT_LINE, "", *body]).rstrip() + "\n"
    (out_dir / "OFL.txt").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--noto-root", type=Path, help="root of an unpacked (or installed: /) fonts-noto-cjk package")
    parser.add_argument("--unicode-root", type=Path, help="root of an unpacked (or installed: /) unicode-data package")
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR)
    args = parser.parse_args(argv)

    print(f"fontTools {fonttools_version}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="dengfeng-fonts-") as tmp:
        noto_root, unicode_root = args.noto_root, args.unicode_root
        if noto_root is None or unicode_root is None:
            fetched_noto, fetched_unicode = fetch_debs(Path(tmp))
            noto_root = noto_root or fetched_noto
            unicode_root = unicode_root or fetched_unicode

        chars, counts = wanted_chars(unicode_root)
        for group, count in counts.items():
            print(f"{group}: {count} code points", file=sys.stderr)
        print(f"wanted in all: {len(chars)}", file=sys.stderr)

        results = []
        for weight in WEIGHTS:
            ttc = noto_root / NOTO_FONT_DIR / f"NotoSansCJK-{weight}.ttc"
            out = args.out_dir / f"{PS_FAMILY}-{weight}.otf"
            results.append(build_weight(ttc, weight, chars, out))
        write_ofl(noto_root, args.out_dir)

    rare_missing = [c for c in RARE_NAME_CHARS if any(c in r["missing"] for r in results)]
    for r in results:
        shown = r["path"].relative_to(REPO_ROOT) if r["path"].is_relative_to(REPO_ROOT) else r["path"]
        print(
            f"{shown}: {r['size']:,} bytes, {r['codepoints']} code points, {r['glyphs']} glyphs, sha256 {r['sha256']}"
        )
        hanzi_missing = [c for c in r["missing"] if ord(c) >= 0x3400]
        print(
            f"  {len(r['missing'])} wanted code points not in the source "
            f"({len(hanzi_missing)} of them U+3400 or above: {''.join(hanzi_missing)})"
        )
    if rare_missing:
        print("rare name characters missing from the source: " + "".join(rare_missing))
    else:
        print("all rare name characters are in the source font")
    return 0


if __name__ == "__main__":
    sys.exit(main())
