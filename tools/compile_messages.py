"""Compile the project's translation catalogues (locale/<lang>/LC_MESSAGES/*.po → .mo) in pure Python (polib).

``manage.py compilemessages`` needs GNU gettext's ``msgfmt``; this needs only the ``polib`` package, so a fresh
machine or image compiles them with the Python dependencies alone. The ``.mo`` files are generated, never committed
(``.gitignore``): ``make install`` and the Dockerfile run this script.

    python tools/compile_messages.py         # compile what changed; prints what it wrote
    python tools/compile_messages.py --check # exit 1 if a catalogue has an error (fuzzy, bad placeholders)

Fuzzy and untranslated entries are left out of the ``.mo`` (as ``msgfmt`` does), so Django falls back to the next
catalogue instead of showing an empty string. A ``.mo`` is rewritten only when its bytes would change, atomically
(a temporary file renamed over it), so two processes compiling at once never leave a half-written file.
"""

import os
import re
import sys
import tempfile
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdifr]|\{(\w*)\}|%[sdifr]")


def problems(po: polib.POFile) -> list[str]:
    """Entries that would show wrong text: a translation whose placeholders differ from its msgid's."""
    found = []
    for entry in po.translated_entries():
        pairs = [(entry.msgid, entry.msgstr)]
        if entry.msgid_plural:
            pairs = [(entry.msgid_plural if i else entry.msgid, s) for i, s in sorted(entry.msgstr_plural.items())]
        for source, translation in pairs:
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
                found.append(f"{po.fpath}:{entry.linenum}: placeholders differ: {source!r} → {translation!r}")
    return found


def mo_bytes(po: polib.POFile) -> bytes:
    """The compiled catalogue: its header and its translated, non-fuzzy entries."""
    compiled = polib.POFile(wrapwidth=0)
    compiled.metadata = po.metadata
    compiled.extend(e for e in po.translated_entries() if not e.obsolete)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "django.mo"
        compiled.save_as_mofile(str(path))
        return path.read_bytes()


def _write_atomically(path: Path, content: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def compile_all(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Compile every ``.po`` under ``locale_dir``; returns the ``.mo`` files written (empty when all were current).
    Raises ``ValueError`` listing the problems of a catalogue that would show wrong text."""
    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        po = polib.pofile(str(po_path), wrapwidth=0)
        if found := problems(po):
            raise ValueError("\n".join(found))
        mo_path = po_path.with_suffix(".mo")
        content = mo_bytes(po)
        if not mo_path.exists() or mo_path.read_bytes() != content:
            _write_atomically(mo_path, content)
            written.append(mo_path)
    return written


def main(argv: list[str]) -> int:
    if "--check" in argv:
        found = [p for po in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")) for p in problems(polib.pofile(str(po)))]
        print("\n".join(found) or "catalogues OK")
        return 1 if found else 0
    try:
        written = compile_all()
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    for path in written:
        print(f"compiled {path.relative_to(LOCALE_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
