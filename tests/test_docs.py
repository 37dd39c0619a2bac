"""The docs name only what exists: paths, commands, modules, functions and links in README.md and docs/*.md;
and the code points only at pages and headings of the docs that exist.

A name is checked where the docs write it as code (between backticks, or in a fenced block):

- a path under one of the repository's folders (``core/rules.py``, ``schemas/*.schema.json``,
  ``tests/browser/harness.DISTRICT_FILLS``) must exist, or be one the repository git-ignores;
- ``python -m control CMD --flag`` must name a subcommand registered with the command line,
  and flags that subcommand takes; ``python -m PACKAGE.module`` a module of ours;
  ``bash scripts/x.sh`` a script;
- a dotted name rooted in one of our packages (``core.rules.consensus``) must be a module, and
  the rest a name defined in it (a function, class, constant, or a class's method);
  ``Class.attribute`` must be found when ``Class`` is one of ours;
- a relative link ``[text](docs/x.md#anchor)`` must reach a file, and a heading with that anchor.

Modules are read as source (``ast``), never imported, except the command line's parser.
"""

from __future__ import annotations

import ast
import fnmatch
import re
import subprocess
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
PACKAGES = ("app", "benchmarks", "components", "control", "core", "exports", "geo", "importers", "tests", "webmap", "yamldata")
FOLDERS = (*PACKAGES, ".ci", ".streamlit", "docs", "schemas", "scripts")
FILE_SUFFIXES = (".py", ".js", ".md", ".toml", ".txt", ".lock", ".sh", ".json", ".conf", ".cfg")

FENCE = re.compile(r"^```.*?$(.*?)^```", re.S | re.M)
INLINE = re.compile(r"``?([^`\n]+?)``?")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$", re.M)
COMMAND = re.compile(r"python -m ([\w.]+)((?:[ \t]+[^\s#|;&]+)*)")
SCRIPT = re.compile(r"\bbash ([\w./-]+\.sh)\b")
DOTTED = re.compile(r"^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?:\(.*\))?$")


def spans(text: str) -> list[str]:
    """Every piece of code in a page: fenced blocks whole, then inline spans outside them."""
    blocks = [m.group(1) for m in FENCE.finditer(text)]
    rest = FENCE.sub("", text)
    return blocks + [m.group(1).strip() for m in INLINE.finditer(rest)]


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, markup and punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its text
    text = re.sub(r"[`*_]", "", text).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


@cache
def anchors(path: Path) -> frozenset[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return frozenset(slug(h) for h in HEADING.findall(text))


@cache
def ignored() -> tuple[str, ...]:
    lines = (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    return tuple(line.strip().removeprefix("**/").rstrip("/") for line in lines if line.strip() and not line.startswith("#"))


@cache
def names_in(path: Path) -> dict[str, set[str]]:
    """Top-level names of a Python file (``""``), and each top-level class's own names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: dict[str, set[str]] = {"": set()}

    def bind(body: list[ast.stmt], into: set[str]) -> None:
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                into.add(node.name)
            elif isinstance(node, ast.Assign):
                into.update(t.id for t in node.targets if isinstance(t, ast.Name))
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                into.add(node.target.id)
            elif isinstance(node, ast.ImportFrom | ast.Import):
                into.update((a.asname or a.name).split(".")[0] for a in node.names)
            elif isinstance(node, ast.If | ast.Try):
                bind(node.body, into)

    bind(tree.body, found[""])
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            found[node.name] = set()
            bind(node.body, found[node.name])
    return found


@cache
def classes() -> dict[str, list[Path]]:
    """Every top-level class of our packages, by name."""
    out: dict[str, list[Path]] = {}
    for package in PACKAGES:
        for path in [REPO / "app.py"] if package == "app" else (REPO / package).rglob("*.py"):
            for name in names_in(path):
                if name:
                    out.setdefault(name, []).append(path)
    return out


@cache
def cli_commands() -> dict[str, frozenset[str]]:
    """``python -m control``'s subcommands and the option strings each takes."""
    import argparse

    from control.cli import build_parser

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return {name: frozenset(parser._option_string_actions) for name, parser in sub.choices.items()}


def module_file(parts: list[str]) -> Path | None:
    base = REPO.joinpath(*parts)
    for candidate in (base.with_suffix(".py"), base / "__init__.py", base / "__main__.py"):
        if candidate.is_file():
            return candidate
    return None


def check_attributes(path: Path, attributes: list[str]) -> bool:
    """``attributes`` (a name, or ``Class.name``) defined in the file at ``path``."""
    if not attributes:
        return True
    names = names_in(path)
    if attributes[0] not in names[""]:
        return False
    return len(attributes) == 1 or (attributes[0] in names and attributes[1] in names[attributes[0]])


def check_dotted(name: str) -> str | None:
    """Why a dotted name rooted in our packages (or a class of ours) does not exist, or None."""
    parts = name.split(".")
    if parts[0] in PACKAGES:
        for cut in range(len(parts), 0, -1):
            path = module_file(parts[:cut])
            if path is not None:
                missing = ".".join(parts[cut:])
                return None if check_attributes(path, parts[cut:]) else f"{missing} is not defined in {path.relative_to(REPO)}"
        return f"no module {parts[0]}"
    if parts[0] in classes() and len(parts) == 2:
        if not any(parts[1] in names_in(path)[parts[0]] for path in classes()[parts[0]]):
            return f"class {parts[0]} has no {parts[1]}"
    return None


def check_path(token: str) -> str | None:
    """Why a path-like token does not name a file or folder of the repository, or None."""
    token = re.sub(r":\d+(-\d+)?$", "", token.rstrip(".,;:"))
    if token.split("/")[0] not in FOLDERS and not (token.count("/") == 0 and token.endswith(FILE_SUFFIXES)):
        return None
    plain = token.rstrip("/")
    if any(fnmatch.fnmatch(plain, pattern) or plain.startswith(pattern + "/") for pattern in ignored()):
        return None
    if any(ch in plain for ch in "*?["):
        return None if list(REPO.glob(plain)) else "matches no file"
    if (REPO / plain).exists():
        return None
    if "/" not in plain:  # a file named inside a folder's row or paragraph: somewhere in our folders
        return None if any(next(REPO.glob(f"{folder}/**/{plain}"), None) for folder in FOLDERS) else "no file of that name"
    folder, _, leaf = plain.rpartition("/")
    stem, dot, attribute = leaf.partition(".")
    if dot and not attribute.endswith(tuple(s.lstrip(".") for s in FILE_SUFFIXES)) and (REPO / folder / f"{stem}.py").is_file():
        path = REPO / folder / f"{stem}.py"  # tests/browser/harness.DISTRICT_FILLS
        return None if check_attributes(path, attribute.split(".")) else f"{attribute} is not defined in {path.relative_to(REPO)}"
    return "no such file or folder"


def check_command(module: str, args: str) -> str | None:
    if module == "control":
        words = args.split()
        if not words or not re.match(r"[a-z]", words[0]):
            return None  # options only, or a placeholder (…, CMD)
        known = cli_commands()
        for command in words[0].split("|"):
            if command not in known:
                return f"'{command}' is not a command of python -m control ({', '.join(known)})"
            unknown = [w.split("=")[0] for w in words[1:] if w.startswith("-") and w.split("=")[0] not in known[command]]
            if unknown:
                return f"python -m control {command} takes no {', '.join(unknown)}"
        return None
    if module.split(".")[0] in PACKAGES:
        return None if module_file(module.split(".")) else "no such module"
    return None


def problems(text: str, where: str, page: Path = REPO / "README.md") -> list[str]:
    """Every name in ``text`` (the Markdown of ``page``) that does not exist, as ``where: 'name': why``."""
    found: list[str] = []
    for code in spans(text):
        for match in COMMAND.finditer(code):
            if (why := check_command(match.group(1), match.group(2))) is not None:
                found.append(f"{where}: '{match.group(0).strip()}': {why}")
        for match in SCRIPT.finditer(code):
            if not (REPO / match.group(1)).is_file():
                found.append(f"{where}: 'bash {match.group(1)}': no such script")
        if "\n" in code or " " in code.strip():
            continue  # a command line or a block: only its commands are names
        token = code.strip()
        if "/" in token or token.endswith(FILE_SUFFIXES):
            why = check_path(token)
        elif (dotted := DOTTED.match(token)) is not None:
            why = check_dotted(dotted.group(1))
        else:
            why = None
        if why is not None:
            found.append(f"{where}: '{token}': {why}")
    for target in LINK.findall(FENCE.sub("", text)):
        if re.match(r"^[a-z]+:", target):
            continue  # http(s), mailto
        file, _, anchor = target.partition("#")
        path = (page.parent / file).resolve() if file else page
        if not path.exists():
            found.append(f"{where}: link '{target}': no such file")
        elif anchor and path.suffix == ".md" and anchor not in anchors(path):
            found.append(f"{where}: link '{target}': no heading with that anchor in {path.relative_to(REPO)}")
    return found


@pytest.mark.parametrize("page", DOCS, ids=lambda p: str(p.relative_to(REPO)))
def test_every_name_in_the_docs_exists(page: Path):
    assert problems(page.read_text(encoding="utf-8"), str(page.relative_to(REPO)), page) == []


def test_docs_index_lists_every_page():
    index = (REPO / "docs" / "index.md").read_text(encoding="utf-8")
    linked = {Path(target.partition("#")[0]).name for target in LINK.findall(index)}
    assert {p.name for p in DOCS[1:] if p.name != "index.md"} <= linked


def test_the_check_catches_wrong_names():
    """The same check on a page of deliberate mistakes finds each one, and nothing in a correct page."""
    wrong = """
Run `bash scripts/nope.sh`, then `python -m control nosuchcommand`, `python -m control state --no-such-flag`
and `python -m core.nowhere`. The rule lives in `core/nowhere.py`, in `core.rules.no_such_function`,
`core.nowhere.consensus`, `Timeline.no_such_method` and `tests/browser/harness.NO_SUCH_NAME`;
see [the rules](docs/nowhere.md) and [their section](docs/index.md#no-such-heading).

```bash
python -m control validate --no-such-option
```
"""
    found = problems(wrong, "self-check")
    for name in (
        "scripts/nope.sh", "nosuchcommand", "--no-such-flag", "core.nowhere'", "core/nowhere.py", "no_such_function",
        "core.nowhere.consensus", "no_such_method", "NO_SUCH_NAME", "docs/nowhere.md", "#no-such-heading", "--no-such-option",
    ):  # fmt: skip
        assert any(name in problem for problem in found), f"{name} not caught: {found}"
    assert len(found) == 12, found

    right = """
`bash scripts/test.sh`, `python -m control state --date 2021-09-05 --json`, `python -m control state|export --view nrf`,
`python -m yamldata.schema`, `core/rules.py`, `core.rules.consensus`, `core.rules`, `Timeline.state`,
`schemas/*.schema.json`, `tests/browser/harness.DISTRICT_FILLS`, `tests/browser/artifacts/`, `my-claims.yaml`, `gc.freeze()`,
[the index](docs/index.md), [a heading](README.md#two-commands).
"""
    assert problems(right, "self-check") == []


# ---- pointers from the code into the docs ---------------------------------------------------

#: A pointer in a comment, docstring or message: ``docs/rules.md``, ``README``, optionally
#: followed by the heading (or a decision record's bold title) it means, quoted:
#: ``(docs/rules.md, "Places")``, ``README "Two commands"``, ``benchmarks/README.md ("Scale")``.
POINTER = re.compile(r"""(?<![\w/.-])((?:[\w-]+/)*(?:README(?:\.md)?|[\w-]+\.md))\b(?:(?:'s)?[,:]?[ (]*[“"]([^"”\n]+)["”])?""")
#: A comment's or docstring's next line, joined to the one before (a pointer may wrap).
CONTINUATION = re.compile(r"[ \t]*\n[ \t]*(?:#:?|//|/?\*+|\")?[ \t]*")
POINTING = (".py", ".js", ".yaml", ".yml", ".toml", ".sh", ".txt", ".cfg", ".conf", ".json")
SELF = ("tests/test_docs.py",)
#: Pages outside README.md and docs/ whose pointers are written the same way (paths from the root).
POINTING_PAGES = ("benchmarks/README.md",)


def targets(path: Path) -> list[str]:
    """What a page may be pointed at by: its headings (markup dropped) and its records' bold titles."""
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return [re.sub(r"[`*]", "", h) for h in HEADING.findall(text)] + re.findall(r"^(?:- )?\*\*(.+?)\*\*", text, re.M)


def _means(title: str, quoted: str) -> bool:
    """Whether ``quoted`` names the heading or record ``title``: all of it, or all up to a colon or a word."""
    return title.rstrip(".:") == quoted or title.startswith((f"{quoted}:", f"{quoted} "))


def pointer_problems(text: str, where: str) -> list[str]:
    """Every pointer in ``text`` to a page that does not exist, or to a heading its page does not have."""
    found = []
    for match in POINTER.finditer(CONTINUATION.sub(" ", text)):
        page, heading = match.groups()
        path = REPO / (page if page.endswith(".md") else page + ".md")
        if not path.is_file():
            found.append(f"{where}: '{page}': no such page")
        elif heading is not None and not any(_means(title, heading) for title in targets(path)):
            found.append(f"{where}: '{page}', \"{heading}\": no such heading")
    return found


def pointing_files() -> list[Path]:
    """The repository's files that may point into the docs, as git lists them."""
    listed = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    chosen = [name for name in listed if name.startswith(".ci/") or name in POINTING_PAGES or name.endswith(POINTING)]
    return [REPO / name for name in chosen if name not in SELF]


def test_every_pointer_from_the_code_into_the_docs_exists():
    """Comments, docstrings and messages (the YAML files' headers too) name pages and headings that exist."""
    found = []
    for path in pointing_files():
        if path.is_file():
            found += pointer_problems(path.read_text(encoding="utf-8", errors="replace"), str(path.relative_to(REPO)))
    assert found == []


def test_the_pointer_check_catches_stale_pointers():
    wrong = '''"""How a place bears on its district (README, "Places").'''
    wrong += """\n# the layers (docs/layout.md,\n# "The floors"); docs/nowhere.md; see docs/rules.md "What a state is called"\n"""
    found = pointer_problems(wrong, "self-check")
    assert [p.split(": ", 1)[1] for p in found] == [
        "'README', \"Places\": no such heading",
        "'docs/layout.md', \"The floors\": no such heading",
        "'docs/nowhere.md': no such page",
        "'docs/rules.md', \"What a state is called\": no such heading",
    ]
    right = '(docs/rules.md, "Places"); README "Two commands"; docs/decisions.md, "The day\'s panels"; docs/tools.md'
    right += '; (docs/decisions.md, "Leaflet comes from PyPI"), docs/decisions.md "The drag benchmark has two drivers"'
    assert pointer_problems(right, "self-check") == []
