"""A starter ``claims.yaml`` for a new region: parties, no claims yet, and commented examples.

Written by ``python -m control init`` beside the drafted ``districts.yaml``. It holds the
parties (colours a reader can tell apart from each other and from the status colours,
:mod:`yamldata.colors`), empty ``sources`` and ``claims``, and under each a commented
example of every kind: a source per party and an independent one, then one claim of
each status. Removing the leading ``# `` of an example's lines (and the ``[]``) makes
it a valid entry: the tests do exactly that.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence

from core.model import Party
from core.names import slugify
from yamldata.colors import CANDIDATES, color_problems

#: The first parties' colours (Okabe–Ito vermilion and blue, the bundled map's pair);
#: more parties get the candidate farthest from every colour taken so far.
FIRST_COLORS = ("#d55e00", "#0072b2")
DEFAULT_PARTIES = ("Side A", "Side B")
#: An example line starts with this: removing it leaves the YAML line.
EXAMPLE_PREFIX = "# "


#: Plain YAML words that must be quoted to stay text (YAML 1.1 booleans and null).
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
#: Where an example line's comment starts (the text is padded to it).
COMMENT_COLUMN = 46


def scalar(text: str) -> str:
    """``text`` as a YAML scalar that reads back as the same string, in block or flow context:
    bare when plainly safe (letters, digits, spaces, ``_./()'-``), else double-quoted."""
    if re.fullmatch(r"[A-Za-z]([A-Za-z0-9 _./()'-]*[A-Za-z0-9_./)])?", text) and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def commented(line: str, comment: str) -> str:
    """``line  # comment``, the comment at :data:`COMMENT_COLUMN` when the line leaves room."""
    return f"{line.ljust(COMMENT_COLUMN - 2)}  # {comment}"


def party_colors(count: int) -> list[str]:
    """``count`` colours that pass the validator's colour check: :data:`FIRST_COLORS`, then each
    next the first of the check's candidate palette that keeps it passing."""
    colors = list(FIRST_COLORS[:count])
    while len(colors) < count:
        found = next((c for c in CANDIDATES if c not in colors and not _clash([*colors, c])), None)
        if found is None:
            raise ValueError(f"no colour of the palette is distinct enough for party {len(colors) + 1}: use fewer parties")
        colors.append(found)
    return colors


def _clash(colors: list[str]) -> bool:
    parties = [Party(f"p{i}", f"p{i}", color) for i, color in enumerate(colors)]
    return bool(color_problems(parties, "claims.yaml"))


def _example(lines: list[str]) -> list[str]:
    """Commented-out example lines, their own comments aligned."""
    out = []
    for line in lines:
        text, mark, comment = line.partition("  # ")
        out.append(EXAMPLE_PREFIX + (commented(text.rstrip(), comment) if mark else line))
    return out


def starter_claims(
    region: str,
    district_names: Sequence[str],
    parties: Sequence[str] = DEFAULT_PARTIES,
    *,
    schema: str | None = None,
    today: dt.date | None = None,
) -> str:
    """The text of the starter ``claims.yaml`` (module docstring); ``district_names`` give the examples their districts."""
    if len(parties) < 2:
        raise ValueError("name at least two parties")
    ids = [slugify(name, max_length=30) or f"party-{i + 1}" for i, name in enumerate(parties)]
    if len(set(ids)) != len(ids) or {"independent", "consensus", "all"} & set(ids):
        raise ValueError(f"party names must give distinct ids, none of independent, consensus or all (got {', '.join(ids)})")
    colors = party_colors(len(parties))
    day = (today or dt.date.today()).isoformat()
    first, other = ids[0], ids[1]
    one = district_names[0]
    two = district_names[:2]
    where = "[" + ", ".join(scalar(n) for n in two) + "]"
    lines = [f"# yaml-language-server: $schema={schema}", "#"] if schema else []
    lines += [
        f"# Claims about {region}: who said what, when, about which district. Started by",
        "# `python -m control init` with parties and no claims yet. Rename the parties (keep",
        "# their ids short: claims name them), add the sources who speak, then one claim per",
        "# statement a report makes. Each example below is valid once you remove its `# `",
        '# and the `[]` above it. Fields: docs/data.md; rules: docs/rules.md.',
        "parties:",
        *(f"  - {{id: {i}, name: {scalar(n)}, color: {scalar(c)}}}" for i, n, c in zip(ids, parties, colors, strict=True)),
        "",
        "# Who speaks: a source with a party speaks for it; a source with none is independent.",
        "sources: []",
        *_example(
            [
                *(
                    f"  - {{id: {i}-spokesman, name: {scalar(f'Spokesman of {n}')}, role: spokesman, party: {i}}}"
                    for i, n in zip(ids[:2], parties[:2], strict=True)
                ),
                "  - {id: news-agency, name: A news agency, role: news agency}   # no party: independent",
            ]
        ),
        "",
        "# Who said what, when: one example of each status.",
        "claims: []",
        *_example(
            [
                f"  - id: {day}-held-example             # unique: a slug",
                f"    date: {day}                        # the day the claim was made",
                f"    source: {first}-spokesman",
                f"    districts: [{scalar(one)}]            # ids, names or aliases, or the word all",
                f"    status: held                         # the source says {first} controls them",
                f"    holder: {first}",
                '    certainty: firm                      # optional: firm (the default) or hedged ("it appears")',
                '    quote: "the words of the report, verbatim"',
                "    reported_by: A news agency           # optional: the outlet that published it",
                "    url: https://example.org/report      # optional",
                f"  - id: {day}-contested-example",
                f"    date: {day}",
                "    source: news-agency",
                f"    districts: {where}",
                "    status: contested                    # fighting, or both sides present",
                '    quote: "fighting continued in the district"',
                f"  - id: {day}-present-example",
                f"    date: {day}",
                "    source: news-agency",
                f"    districts: [{scalar(one)}]",
                f"    status: present                      # {other}'s forces are there: presence, not control",
                f"    party: {other}",
                '    quote: "its fighters had reached the district"',
                f"  - id: {day}-denied-example",
                f"    date: {day}",
                f"    source: {other}-spokesman",
                f"    districts: [{scalar(one)}]",
                f"    status: denied                       # rejects {first}'s claim of control",
                f"    party: {first}",
                '    quote: "this is a lie"',
                f"  - id: {day}-unverified-example",
                f"    date: {day}",
                "    source: news-agency",
                f"    districts: [{scalar(one)}]",
                f"    status: unverified                   # the outlet could not verify {first}'s claim",
                f"    party: {first}",
                '    quote: "it was not possible to verify the claim"',
                f"  - id: {day}-statement-example",
                f"    date: {day}",
                f"    source: {first}-spokesman",
                "    status: statement                    # says nothing about control: shown in the timeline only",
                '    quote: "a call for talks"',
            ]
        ),
    ]
    return "\n".join(lines) + "\n"
