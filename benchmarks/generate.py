"""A seeded synthetic ``claims.yaml`` for any gazetteer, to measure the tool at scale.

The real file has 31 claims; an analyst mapping Afghanistan over years will have
100k–1M. The generated file looks like the real one (block-style claims, flow lists
of districts, quoted quotes) and exercises what costs time: district references by
id, name and alias in any case, ``all`` claims, three parties plus independent
sources, held/contested/statement in realistic proportions, and dates spread over
years with bursts of fighting. Each district follows a hidden "true" holder that
changes a few times, so independent sources mostly agree with each other and the
parties mostly claim what suits them: the timeline gets realistic change points.

Same gazetteer, N and seed → byte-identical output.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from core.model import Gazetteer

PARTIES = (
    ("taliban", "Taliban", "#d55e00"),
    ("nrf", "National Resistance Front", "#0072b2"),
    ("iskp", "Islamic State Khorasan Province", "#882255"),  # Tol's wine: clear of the other two and of every status colour
)  # colours pass yamldata.colors.color_problems (#cc79a7, used before, is the disputed colour)
# (id, name, role, party or None)
SOURCES = (
    ("mujahid", "Zabihullah Mujahid", "Taliban chief spokesman", "taliban"),
    ("karimi", "Bilal Karimi", "Taliban spokesman", "taliban"),
    ("taliban-commanders", "Taliban commanders (unnamed)", "Field commanders speaking to reporters", "taliban"),
    ("taliban-statements", "Taliban (statements)", None, "taliban"),
    ("massoud", "Ahmad Massoud", "Leader of the National Resistance Front", "nrf"),
    ("dashti", "Fahim Dashti", "NRF spokesman", "nrf"),
    ("nrf-statements", "National Resistance Front (statements)", None, "nrf"),
    ("amaq", "Amaq", "Islamic State news agency", "iskp"),
    ("iskp-channels", "ISKP channels", None, "iskp"),
    ("ap", "Associated Press", "news agency", None),
    ("reuters", "Reuters", "news agency", None),
    ("afp", "Agence France-Presse", "news agency", None),
    ("lwj", "Long War Journal", "analysts", None),
    ("acled-analysts", "ACLED analysts", "conflict monitor", None),
    ("unama", "UNAMA", "UN assistance mission", None),
    ("emergency", "Emergency", "medical NGO", None),
    ("local-witnesses", "Local witnesses", "residents quoted by the press", None),
)
OUTLETS = ("Reuters", "AP", "AFP", "BBC", "Al Jazeera", "TOLOnews", "Pajhwok", "Khaama Press", "Amu TV", "Afghanistan International")
WORDS = (
    "forces district centre control fighters captured retreated entered police headquarters valley road checkpoint "
    "village commander clashes heavy fighting overnight morning positions retaken surrounded supply line bridge "
    "market governor compound flag raised residents fled reinforcements arrived ambush killed wounded pass river "
    "highway mountain front stronghold offensive counterattack ceasefire negotiations elders surrendered weapons"
).split()
START = dt.date(2021, 8, 15)
DAYS = 3 * 365  # three years of claims
STATUS_WEIGHTS = (("held", 0.62), ("contested", 0.23), ("statement", 0.15))


def _spellings(gazetteer: Gazetteer) -> list[list[str]]:
    """Per district, the ways a report may refer to it: id, name and aliases (some case-changed)."""
    return [[d.id, d.name, d.name, *d.aliases, d.name.upper(), d.name.lower()] for d in gazetteer.districts]


def _truth(rng: random.Random, n_districts: int) -> list[list[tuple[int, str]]]:
    """A hidden holder per district over time: (first day, holder) steps, a few changes each."""
    steps = []
    for _ in range(n_districts):
        holder = rng.choices(("taliban", "nrf", "iskp"), (0.8, 0.15, 0.05))[0]
        line = [(0, holder)]
        for day in sorted(rng.sample(range(1, DAYS), rng.randint(0, 6))):
            holder = rng.choices(("taliban", "nrf", "iskp"), (0.6, 0.3, 0.1))[0]
            line.append((day, holder))
        steps.append(line)
    return steps


def _holder_on(steps: list[tuple[int, str]], day: int) -> str:
    holder = steps[0][1]
    for first, who in steps:
        if first > day:
            break
        holder = who
    return holder


def _day(rng: random.Random, bursts: list[int]) -> int:
    """Half the claims fall in bursts of fighting (a few weeks each), the rest any day."""
    if rng.random() < 0.5:
        return min(DAYS - 1, max(0, int(rng.gauss(rng.choice(bursts), 10))))
    return rng.randrange(DAYS)


def claims_yaml(gazetteer: Gazetteer, n: int, seed: int = 0, *, evidence: bool = False) -> str:
    """The text of a valid claims file with ``n`` claims about ``gazetteer``'s districts.

    ``evidence`` adds the evidence fields (hedged claims, presence, denials, "could not
    verify", times of day) to some claims, from a random stream of its own: the claims
    without it are the same either way.
    """
    rng = random.Random(seed)
    ev = random.Random(seed + 1_000_003)
    spellings = _spellings(gazetteer)
    truth = _truth(rng, len(spellings))
    bursts = [rng.randrange(DAYS) for _ in range(12)] + [20] * 3  # the first weeks are the busiest
    party_sources = {p: [s[0] for s in SOURCES if s[3] == p] for p, _, _ in PARTIES}
    independent = [s[0] for s in SOURCES if s[3] is None]
    out = ["# Synthetic claims generated by benchmarks/generate.py: not real reports.\n", "parties:\n"]
    out += [f'  - {{id: {pid}, name: {name}, color: "{color}"}}\n' for pid, name, color in PARTIES]
    out.append("sources:\n")
    for sid, name, role, party in SOURCES:
        extra = (f", role: {role}" if role else "") + (f", party: {party}" if party else "")
        out.append(f"  - {{id: {sid}, name: {name}{extra}}}\n")
    out.append("claims:\n")
    statuses = [s for s, _ in STATUS_WEIGHTS]
    weights = [w for _, w in STATUS_WEIGHTS]
    n_districts = len(spellings)
    for i in range(n):
        day = _day(rng, bursts)
        date = START + dt.timedelta(days=day)
        is_party = rng.random() < 0.55
        party = rng.choices(("taliban", "nrf", "iskp"), (0.55, 0.35, 0.1))[0] if is_party else None
        source = rng.choice(party_sources[party]) if party else rng.choice(independent)
        status = rng.choices(statuses, weights)[0]
        everywhere = rng.random() < 0.004
        if everywhere:
            picked = []
            refs = "all"
        else:
            count = rng.choices((1, 2, 3, 5), (0.7, 0.18, 0.09, 0.03))[0]
            picked = rng.sample(range(n_districts), min(count, n_districts))
            refs = "[" + ", ".join(rng.choice(spellings[k]) for k in picked) + "]"
        lines = [f"  - id: c{i:07d}-{source}\n", f"    date: {date.isoformat()}\n", f"    source: {source}\n"]
        if status != "statement" or rng.random() < 0.7:
            if rng.random() < 0.15 and not everywhere:
                lines.append("    districts:\n" + "".join(f"      - {rng.choice(spellings[k])}\n" for k in picked))
            else:
                lines.append(f"    districts: {refs}\n")
        qualifiers = []
        if evidence and status != "statement":
            roll = ev.random()
            if roll < 0.2:
                qualifiers.append("    certainty: hedged\n")
            elif roll < 0.45:
                status = ev.choice(("present", "denied", "unverified"))
                qualifiers.append(f"    party: {ev.choice(('taliban', 'nrf', 'iskp'))}\n")
                if status == "present" and ev.random() < 0.3:
                    qualifiers.append("    certainty: hedged\n")
            if ev.random() < 0.15:
                qualifiers.append(f"    time: {ev.choice(('morning', 'afternoon', 'evening', 'night'))}\n")
        lines.append(f"    status: {status}\n")
        lines += qualifiers
        if status == "held":
            if party:
                holder = party if rng.random() < 0.85 else _holder_on(truth[picked[0]], day) if picked else party
            else:
                holder = _holder_on(truth[picked[0]], day) if picked else "taliban"
                if rng.random() < 0.1:
                    holder = rng.choice(("taliban", "nrf", "iskp"))
            lines.append(f"    holder: {holder}\n")
        if status != "statement" or rng.random() < 0.5:
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12)))
            lines.append(f'    quote: "{words[0].upper()}{words[1:]}."\n')
        if rng.random() < 0.4:
            lines.append(f"    reported_by: {rng.choice(OUTLETS)}\n")
        if rng.random() < 0.15:
            lines.append(f"    url: https://news.example.org/{date.year}/{i}\n")
        out.append("".join(lines))
    return "".join(out)


def write_claims(path: Path, gazetteer: Gazetteer, n: int, seed: int = 0, *, evidence: bool = False) -> Path:
    """Write :func:`claims_yaml` to ``path`` (UTF-8) and return the path."""
    path.write_text(claims_yaml(gazetteer, n, seed, evidence=evidence), encoding="utf-8")
    return path
