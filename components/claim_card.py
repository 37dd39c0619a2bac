"""One claim as a reader sees it: speaker, role, side, date, what it says, quote, outlet."""

from __future__ import annotations

from components.text import esc, link_html
from core.dates import strfday
from core.explain import claim_facts, side_name, source_grade
from core.model import Claim, Dataset
from core.places import claim_where


def claim_summary(claim: Claim, dataset: Dataset) -> str:
    """What a claim says about control, in words (plain text)."""
    where = claim_where(claim, dataset.gazetteer)
    if claim.status == "held":
        return f"{where}: held by {dataset.party(claim.holder).name}"
    if claim.status == "contested":
        return f"{where}: contested"
    if claim.status == "present":
        return f"{where}: {dataset.party(claim.party).name} forces present (not control)"
    if claim.status == "denied":
        return f"{where}: denies {dataset.party(claim.party).name} control"
    if claim.status == "unverified":
        return f"{where}: could not verify the {dataset.party(claim.party).name} claim"
    return f"statement{' about ' + where if claim.districts or claim.places else ''}"


def claim_html(claim: Claim, dataset: Dataset, *, show_date: bool = True) -> str:
    """An escaped HTML card for a claim; links only for http(s) URLs (classes styled by :mod:`components.styles`)."""
    source = dataset.source(claim.source)
    side = side_name(source.side, dataset)
    role = (f", {source.role}" if source.role else "") + f" · {source_grade(source)}"
    outlet = claim.reported_by or ""
    if claim.report:
        outlet = f"{outlet} — {claim.report}" if outlet else claim.report
    reported = f'<div class="claim-outlet">{link_html(claim.url, outlet or "source link")}</div>' if (outlet or claim.url) else ""
    facts = claim_facts(claim, dataset)
    date = (f"{strfday(claim.date, '%d %b %Y')} · " if show_date else "") + (f"{facts} · " if facts else "")
    quote = f'<blockquote class="claim-quote">“{esc(claim.quote)}”</blockquote>' if claim.quote else ""
    return (
        f'<div class="claim" data-claim-id="{esc(claim.id)}">'
        f'<div><b>{esc(source.name)}</b><span class="claim-role">{esc(role)} ({esc(side)})</span></div>'
        f'<div class="claim-what">{esc(date)}<b>{esc(claim_summary(claim, dataset))}</b></div>'
        f"{quote}{reported}</div>"
    )
