"""The "Add claim" form: the app's only write path, shown only with ``--allow-edit``.

``app.py`` imports this module (and so :mod:`yamldata.writer`) only when the flag is
given: without it the running app holds no code that can write a data file.

Everything is checked the way the CLI checks it: the claim goes to
:func:`yamldata.writer.append_claims`, which validates ``claims.yaml`` as it is, appends
with a ruamel.yaml round trip (text quoted wherever YAML would read it otherwise), reads
the new entries back, validates them against the file and only then replaces the file
atomically, under its lock, if it is unchanged. The form adds only the checks that the
YAML cannot express (``all`` mixed with named districts, a new source that already
exists) and the quote's length, so a long paste stays in the box with the limit named.
The write happens in the submit button's callback, which
Streamlit runs *before* the script, so ``components.data.load`` sees the new file on
the same rerun and the map already shows the new claim.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from components import timemap
from components.settings import Settings
from components.styles import heading
from components.text import md
from core.errors import Problem, ValidationError
from core.model import CERTAINTIES, PARTY_STATUSES, STATUSES, Dataset, Source
from core.names import normalize_name, slugify
from yamldata.loader import load_dataset
from yamldata.schema import MAX_QUOTE
from yamldata.writer import WriteError, append_claims

FORM_KEY = "claim_form"
SUBMIT_KEY = "claim_form_submit"
DATE_KEY = "claim_form_date"
SOURCE_KEY = "claim_form_source"
NEW_NAME_KEY = "claim_form_new_source_name"
NEW_ROLE_KEY = "claim_form_new_source_role"
NEW_PARTY_KEY = "claim_form_new_source_party"
DISTRICTS_KEY = "claim_form_districts"
STATUS_KEY = "claim_form_status"
HOLDER_KEY = "claim_form_holder"
CERTAINTY_KEY = "claim_form_certainty"
TIME_KEY = "claim_form_time"
UNDATED_KEY = "claim_form_undated"
QUOTE_KEY = "claim_form_quote"
OUTLET_KEY = "claim_form_outlet"
REPORT_KEY = "claim_form_report"
URL_KEY = "claim_form_url"
OUTCOME_KEY = "_claim_form_outcome"
FOLLOWED_KEY = "_claim_form_followed_date"  # the slider date the form's date last followed

NEW_SOURCE = "+new"  # option values that can never be ids ('+' is not allowed in an id)
ALL = "+all"
NOBODY = ""
LOCK_TIMEOUT_S = 15.0  # a page callback should not hang for the writer's default minute (a writer holds the lock ~0.1 s)
KEPT = "Your claim is still in the form: press “Add claim” again in a moment."
MAX_PROBLEMS = 20

# Cleared after a successful write: the next claim starts empty, but keeps its date and source.
_CONTENT_KEYS = (
    DISTRICTS_KEY,
    STATUS_KEY,
    HOLDER_KEY,
    CERTAINTY_KEY,
    TIME_KEY,
    UNDATED_KEY,
    QUOTE_KEY,
    OUTLET_KEY,
    REPORT_KEY,
    URL_KEY,
    NEW_NAME_KEY,
    NEW_ROLE_KEY,
    NEW_PARTY_KEY,
)


@dataclass
class Outcome:
    """What the last submission did, kept in session state to be shown after the rerun."""

    added: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # the form's own field-level messages, and write errors
    file_broken: bool = False  # the problems are the file's own (a bad hand edit), not the new claim's


def render(dataset: Dataset, settings: Settings, selected: dt.date) -> None:
    """Draw the form; ``selected`` (the slider's day) is the default date of a claim."""
    state = st.session_state
    if DATE_KEY not in state or state[DATE_KEY] == state.get(FOLLOWED_KEY):
        state[DATE_KEY] = selected  # follow the slider until the user picks another date
    state[FOLLOWED_KEY] = selected
    _forget_stale_choices(dataset)

    st.markdown(heading("Add claim", 2), unsafe_allow_html=True)
    st.caption(
        f"Appends to {md(settings.claims.name)} after the same checks as `python -m control validate`; "
        "comments and formatting of the file are kept, and nothing is written if anything is wrong."
    )
    parties = {p.id: p.name for p in dataset.parties}
    sources = {s.id: s for s in dataset.sources}
    districts = {d.id: d.name for d in dataset.gazetteer.districts}
    with st.form(FORM_KEY, clear_on_submit=False):
        st.date_input("Date", key=DATE_KEY, format="YYYY-MM-DD", help="The day the claim was made.")
        st.selectbox(
            "Source",
            [*sources, NEW_SOURCE],
            format_func=lambda s: "New source (fill in below)…" if s == NEW_SOURCE else _source_label(sources[s], parties),
            key=SOURCE_KEY,
        )
        with st.expander("New source (only with “New source” above)"):
            st.text_input("Name", key=NEW_NAME_KEY)
            st.text_input("Role", key=NEW_ROLE_KEY, placeholder="e.g. Taliban spokesman, news agency")
            st.selectbox("Party", [NOBODY, *parties], format_func=lambda p: parties.get(p, "Independent (no party)"), key=NEW_PARTY_KEY)
        st.multiselect(
            "Districts",
            [ALL, *districts],
            format_func=lambda d: "All of the province (all)" if d == ALL else districts[d],
            key=DISTRICTS_KEY,
            help="Optional for a statement.",
        )
        left, right = st.columns(2)
        left.selectbox(
            "Status",
            STATUSES,
            key=STATUS_KEY,
            help="held: someone controls them; contested: fighting or both present; present: forces seen there (not control); "
            "denied: rejects a party's claim; unverified: could not verify a party's claim; statement: nothing about control.",
        )
        right.selectbox(
            "Holder / party",
            [NOBODY, *parties],
            format_func=lambda p: parties.get(p, "—"),
            key=HOLDER_KEY,
            help="held: the holder; present: whose forces; denied, unverified: whose claim. None for contested and statements.",
        )
        left, middle, right = st.columns(3)
        left.selectbox("Certainty", CERTAINTIES, key=CERTAINTY_KEY, help="hedged: “it appears”, “reportedly”, “unconfirmed”, “possibly”.")
        middle.text_input("Time of day", key=TIME_KEY, placeholder="22:00, morning, night", help="Only if the report gives one.")
        right.checkbox("Undated in the report", key=UNDATED_KEY, help="The report gives no day: the date above is your inference.")
        # No max_chars: the browser would drop a longer paste whole, leaving the box empty; the
        # length is checked on submit instead (build_entries), and the text stays in the box.
        st.text_area(
            "Quote",
            key=QUOTE_KEY,
            help=f"The speaker's words as reported, at most {MAX_QUOTE:,} characters; required for held and contested.",
        )
        st.text_input("Outlet (reported by)", key=OUTLET_KEY)
        st.text_input("Headline of the report", key=REPORT_KEY)
        st.text_input("URL", key=URL_KEY, placeholder="https://…")
        st.form_submit_button("Add claim", key=SUBMIT_KEY, type="primary", on_click=_submit, args=(dataset, settings))
    _show_outcome(state.get(OUTCOME_KEY))


def _forget_stale_choices(dataset: Dataset) -> None:
    """Drop choices whose option left the files (a hand edit): a widget refuses a value not among its options."""
    state = st.session_state
    party_ids = (NOBODY, *(p.id for p in dataset.parties))
    single = {SOURCE_KEY: (NEW_SOURCE, *(s.id for s in dataset.sources)), HOLDER_KEY: party_ids, NEW_PARTY_KEY: party_ids}
    for key, options in single.items():
        if key in state and state[key] not in options:
            del state[key]
    if DISTRICTS_KEY in state:
        known = (ALL, *dataset.gazetteer.ids)
        state[DISTRICTS_KEY] = [d for d in state[DISTRICTS_KEY] or [] if d in known]


def _source_label(source: Source, parties: dict[str, str]) -> str:
    side = parties.get(source.party, "independent") if source.party else "independent"
    return f"{source.name} ({side})"


def _submit(dataset: Dataset, settings: Settings) -> None:
    """The submit button's callback: build the entries, write them, remember the outcome."""
    state = st.session_state
    claim, new_sources, errors = build_entries(dataset, {key: state.get(key) for key in (DATE_KEY, SOURCE_KEY, *_CONTENT_KEYS)})
    if errors:
        state[OUTCOME_KEY] = Outcome(errors=errors)
        return
    try:
        added = append_claims(settings.claims, settings.districts, [claim], new_sources, lock_timeout=LOCK_TIMEOUT_S)
    except ValidationError as exc:
        state[OUTCOME_KEY] = Outcome(problems=exc.problems, file_broken=_is_broken(settings))
        return
    except (WriteError, OSError) as exc:
        state[OUTCOME_KEY] = Outcome(errors=[f"Could not write {settings.claims.name}: {exc}", KEPT])
        return
    state[OUTCOME_KEY] = Outcome(added=added)
    for key in _CONTENT_KEYS:
        state.pop(key, None)
    if new_sources:
        state[SOURCE_KEY] = new_sources[0]["id"]  # the next claim is likely by the same new source
    timemap.seek(claim["date"])  # show the map on the claim's day (the data now include it)
    state[FOLLOWED_KEY] = claim["date"]


def build_entries(dataset: Dataset, values: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    """(claim, new sources, field-level errors) from the form's values, keyed like the widgets.

    Only what the YAML cannot say is checked here; the rest is left to the validator,
    so the form never accepts or refuses differently from the CLI.
    """
    errors: list[str] = []
    chosen = list(values.get(DISTRICTS_KEY) or [])
    if ALL in chosen and len(chosen) > 1:
        errors.append("Districts: choose either “all” or particular districts, not both.")
    names = {d.id: d.name for d in dataset.gazetteer.districts}
    district_refs: str | list[str] | None = "all" if ALL in chosen else [names[d] for d in chosen if d in names] or None

    source = values.get(SOURCE_KEY) or None
    new_sources: list[dict[str, Any]] = []
    new_name = _text(values.get(NEW_NAME_KEY))
    if source == NEW_SOURCE:
        source, new_source, problem = _new_source(dataset, new_name, _text(values.get(NEW_ROLE_KEY)), values.get(NEW_PARTY_KEY))
        if problem:
            errors.append(problem)
        elif new_source:
            new_sources.append(new_source)
    elif new_name:
        errors.append("New source: a name is filled in but an existing source is chosen; choose “New source” or clear the name.")

    claim = {
        "date": values.get(DATE_KEY),
        "source": source,
        "districts": district_refs,
        "status": values.get(STATUS_KEY),
        "holder": None if values.get(STATUS_KEY) in PARTY_STATUSES else values.get(HOLDER_KEY) or None,
        "party": values.get(HOLDER_KEY) or None if values.get(STATUS_KEY) in PARTY_STATUSES else None,
        "certainty": "hedged" if values.get(CERTAINTY_KEY) == "hedged" else None,
        "time": _text(values.get(TIME_KEY)),
        "undated": True if values.get(UNDATED_KEY) else None,
        "quote": _text(values.get(QUOTE_KEY)),
        "reported_by": _text(values.get(OUTLET_KEY)),
        "report": _text(values.get(REPORT_KEY)),
        "url": _text(values.get(URL_KEY)),
    }
    if not isinstance(claim["date"], dt.date):
        errors.append("Date: choose the day the claim was made.")
    if claim["quote"] and len(claim["quote"]) > MAX_QUOTE:
        errors.append(
            f"Quote: {len(claim['quote']):,} characters; the limit is {MAX_QUOTE:,}. "
            "Shorten it to the words that make the claim (your text is still in the box)."
        )
    return claim, new_sources, errors


def _new_source(dataset: Dataset, name: str | None, role: str | None, party: str | None) -> tuple[str | None, dict | None, str | None]:
    """(source id, source entry, error): a new source's id is made from its name."""
    if not name:
        return None, None, "New source: give its name (or choose an existing source)."
    same = [s for s in dataset.sources if normalize_name(s.name) == normalize_name(name)]
    if same:
        return None, None, f"New source: “{same[0].name}” already exists; choose it from the list."
    taken = {s.id for s in dataset.sources}
    base = slugify(name, max_length=40) or "source"
    source_id, n = base, 2
    while source_id in taken:
        source_id, n = f"{base}-{n}", n + 1
    return source_id, {"id": source_id, "name": name, "role": role, "party": party or None}, None


def _is_broken(settings: Settings) -> bool:
    """Whether the files on disk fail validation by themselves (then the writer refused to touch them)."""
    try:
        load_dataset(settings.districts, settings.claims)
    except (ValidationError, OSError):
        return True
    return False


def _text(value: Any) -> str | None:
    """Trimmed text with Windows line ends made plain, or None when empty."""
    text = str(value or "").replace("\r\n", "\n").strip()
    return text or None


def _show_outcome(outcome: Outcome | None) -> None:
    if outcome is None:
        return
    if outcome.added:
        ids = ", ".join(f"**{md(i)}**" for i in outcome.added)
        st.success(f"Added claim {ids}. The map shows it.", icon="✅")
    if outcome.errors:
        st.error("**The claim was not added; nothing was written.**\n\n" + "\n".join(f"- {md(e)}" for e in outcome.errors), icon="⚠️")
    if outcome.problems:
        lines = "\n".join(f"- {md(str(p))}" for p in outcome.problems[:MAX_PROBLEMS])
        more = f"\n- … and {len(outcome.problems) - MAX_PROBLEMS} more" if len(outcome.problems) > MAX_PROBLEMS else ""
        if outcome.file_broken:
            why = "The data files themselves do not validate (an edit by hand?); fix them first:"
        else:
            why = "The checks of `python -m control validate` found (line numbers as in the file with the new claim in place):"
        st.error(f"**The claim was not added; nothing was written.** {why}\n\n{lines}{more}", icon="⚠️")
