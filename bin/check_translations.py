#!/usr/bin/env python3
"""Fail when the committed translations are stale against the source.

Django's `makemessages` extracts the current messages (Python, templates) into a temporary copy
of the source tree, so the committed `locale/` files are never modified. Then every message of the
source must be in the committed `locale/<language>/LC_MESSAGES/django.po`, translated and not
fuzzy; each one that is not is listed with where it is used. `msgfmt --check` must accept the
catalogue too (format strings that match their msgid, a valid header).

    .venv/bin/python bin/check_translations.py            # exit 0: up to date, 1: stale

To bring the catalogue up to date, run in the repository

    .venv/bin/python manage.py makemessages -l zh_Hans --no-obsolete \\
        --ignore=.venv --ignore=node_modules --ignore=tests --ignore=bench --ignore=static

then translate the entries it added (msgstr "") or marked `#, fuzzy` and remove the fuzzy flag.
The project has no JavaScript translations, so only the `django` domain is checked.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["zh_Hans"]
DOMAIN = "django"
# Not extracted: environments, npm packages, tests, benchmarks, static files (no JS catalogue).
IGNORED = [".venv", "node_modules", "tests", "bench", "static"]
NOT_COPIED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "node_modules",
    "tests",
    "bench",
    "static",
    "staticfiles",
    "media",
    ".test-media",
    "test-results",
    "__pycache__",
    "*.pyc",
    "*.mo",
    "*.sqlite3",
    ".env",
)


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid or "")

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())

    def where(self) -> str:
        return self.references[0] if self.references else "?"

    def label(self) -> str:
        text = repr(self.msgid)
        if self.msgid_plural is not None:
            text += f" / plural {self.msgid_plural!r}"
        if self.msgctxt is not None:
            text += f" (context {self.msgctxt!r})"
        return text


def read_po(path: Path) -> dict[tuple[str | None, str], Entry]:
    """The live entries of a .po or .pot file (obsolete `#~` entries and the header left out)."""
    entries: dict[tuple[str | None, str], Entry] = {}
    entry = Entry()
    target: tuple[str, int] | None = None

    def finish() -> None:
        nonlocal entry, target
        if entry.msgid:  # the header has the empty msgid
            entries[entry.key] = entry
        entry, target = Entry(), None

    def append(kind: str, index: int, text: str) -> None:
        if kind == "msgstr":
            entry.msgstr[index] = entry.msgstr.get(index, "") + text
        else:
            setattr(entry, kind, (getattr(entry, kind) or "") + text)

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#~"):
            continue
        elif line.startswith("#"):
            if entry.msgid is not None:  # a comment starts the next entry
                finish()
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#:"):
                entry.references.extend(line[2:].split())
        elif line.startswith('"'):
            if target is None:
                raise SystemExit(f"{path}:{number}: a string outside an entry")
            append(*target, ast.literal_eval(line))
        else:
            keyword, _, value = line.partition(" ")
            if keyword == "msgctxt" and entry.msgid is not None:
                finish()
            if keyword.startswith("msgstr["):
                target = ("msgstr", int(keyword[7:-1]))
            elif keyword in {"msgctxt", "msgid", "msgid_plural", "msgstr"}:
                target = (keyword, 0)
            else:
                raise SystemExit(f"{path}:{number}: unexpected {keyword!r}")
            append(*target, ast.literal_eval(value))
    finish()
    return entries


def extract(workdir: Path) -> list[Path]:
    """Copy the source into `workdir`, run makemessages there; the .pot files it kept."""
    copy = workdir / "src"
    shutil.copytree(ROOT, copy, ignore=NOT_COPIED, symlinks=True)
    command = [sys.executable, "manage.py", "makemessages", "--domain", DOMAIN, "--keep-pot"]
    command += [f"--locale={language}" for language in LANGUAGES]
    command += [f"--ignore={pattern}" for pattern in IGNORED]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"makemessages failed (exit {result.returncode})")
    return sorted(copy.rglob(f"{DOMAIN}.pot"))


def check(pot_path: Path, copy: Path) -> list[str]:
    """Problems of each language's committed catalogue next to this template."""
    source = read_po(pot_path)
    locale_dir = pot_path.parent.relative_to(copy)
    problems: list[str] = []
    for language in LANGUAGES:
        po_path = locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        committed_path = ROOT / po_path
        if not committed_path.exists():
            problems.append(f"{po_path}: missing, while the source has {len(source)} messages")
            continue
        committed = read_po(committed_path)
        missing, untranslated, fuzzy = [], [], []
        for key, wanted in source.items():
            have = committed.get(key)
            if have is None or (wanted.msgid_plural is not None and have.msgid_plural is None):
                missing.append(wanted)
            elif "fuzzy" in have.flags:
                fuzzy.append(wanted)
            elif not have.translated:
                untranslated.append(wanted)
        for title, entries in [
            ("not in the catalogue", missing),
            ("untranslated", untranslated),
            ("fuzzy", fuzzy),
        ]:
            if entries:
                problems.append(f"{po_path}: {len(entries)} {title}:")
                problems += [f"    {e.where()}: {e.label()}" for e in entries]
        msgfmt = subprocess.run(
            ["msgfmt", "--check", "--output-file=/dev/null", str(committed_path)],
            capture_output=True,
            text=True,
        )
        if msgfmt.returncode:
            problems.append(f"{po_path}: msgfmt --check refuses it:")
            problems += [f"    {line}" for line in msgfmt.stderr.splitlines()]
    return problems


def main() -> int:
    missing_tools = [tool for tool in ("xgettext", "msgmerge", "msgfmt") if not shutil.which(tool)]
    if missing_tools:
        print(
            f"check_translations: {', '.join(missing_tools)} not found; install gettext"
            " (`make system-deps` as root)",
            file=sys.stderr,
        )
        return 2
    with tempfile.TemporaryDirectory(prefix="check-translations-") as tmp:
        copy = Path(tmp) / "src"
        pots = extract(Path(tmp))
        if not pots:
            print("check_translations: makemessages produced no template", file=sys.stderr)
            return 2
        problems = [problem for pot in pots for problem in check(pot, copy)]
        count = sum(len(read_po(pot)) for pot in pots)
    if problems:
        print("Stale translations: the source and the committed catalogue differ.", file=sys.stderr)
        print("\n".join(problems), file=sys.stderr)
        print(
            "Update with `manage.py makemessages` (see bin/check_translations.py), translate,"
            " and commit the .po file.",
            file=sys.stderr,
        )
        return 1
    print(f"Translations up to date: {count} messages, {', '.join(LANGUAGES)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
