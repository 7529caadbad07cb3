"""How a library entry reads in the window: its name, its source line, its details as HTML.

Kept beside the library (not in the window) so the wording is one thing,
tested without widgets.
"""

from __future__ import annotations

from html import escape

from workbench.citations import format_sentence
from workbench.letters.template import CitationWording, default_template
from workbench.library.model import TIERS, Entry, Snippet, Source, cited_as, entry_citation


def entry_title(entry: Entry) -> str:
    return " · ".join(part for part in (entry.topic, entry.chapter) if part)


def where(entry: Entry) -> str:
    """The pages (flagged when unverified) or the named section."""
    if entry.pages:
        return f"p. {entry.pages}" + ("" if entry.pages_verified else " (unverified)")
    return entry.section or "no page or section"


def source_line(entry: Entry, source: Source) -> str:
    kind = "MTUS" if source.mtus else f"Non-MTUS, tier {source.tier}"
    return f"{source.short_title} — {kind} — {where(entry)}"


def details_html(entry: Entry, source: Source, snippets: list[Snippet] = (),
                 pdf: bool = False, wording: CitationWording | None = None) -> str:
    """The entry as the details panel shows it: what the letter prints first (in
    ``wording``, default the style of new letters; then in the other style and as
    published letters cite it), then why."""
    wording = wording or default_template().citation_period().wording
    sentence = format_sentence(entry_citation(entry, source, wording))
    others = [format_sentence(entry_citation(entry, source, other))
              for other in CitationWording if other is not wording]
    tier = TIERS.get(source.tier, f"tier {source.tier}")
    rows = [
        f"<p style='margin:0 0 6px 0'><b style='font-size:11pt'>{escape(entry.topic)}</b>"
        + (f"<br>{escape(entry.chapter)}" if entry.chapter else "") + "</p>",
        f"<p style='margin:0 0 6px 0'>{escape(source.title)}<br>"
        f"<span style='color:{'#1f6f3f' if source.mtus else '#8a5a00'}'>"
        f"{'MTUS' if source.mtus else 'Non-MTUS'} · {escape(tier)}</span></p>",
        "<p style='margin:0 0 6px 0'><span style='color:gray'>The letter prints:</span><br>"
        f"<i>{escape(sentence)}</i></p>",
    ]
    for other in others:
        if other != sentence:
            rows.append("<p style='margin:0 0 6px 0'><span style='color:gray'>In a letter citing "
                        f"by {'page' if wording is CitationWording.SECTIONS else 'section'}:"
                        f"</span><br><i>{escape(other)}</i></p>")
    if cited_as(entry.key):
        wordings = "<br>".join(f"<i>{escape(text)}</i>" for text in cited_as(entry.key))
        rows.append("<p style='margin:0 0 6px 0'><span style='color:gray'>Also cited in "
                    f"published letters as:</span><br>{wordings}</p>")
    if entry.pages:
        check = ("<span style='color:#1f6f3f'>✓ pages verified</span>" if entry.pages_verified
                 else "<span style='color:#a33'>⚠ pages not yet verified against the "
                      "guideline</span>")
        rows.append(f"<p style='margin:0 0 6px 0'>Page(s) {escape(entry.pages)} — {check}</p>")
    if entry.section:
        rows.append(f"<p style='margin:0 0 6px 0'>Section: {escape(entry.section)}</p>")
    if entry.summary:
        rows.append(f"<p style='margin:0 0 6px 0'>{escape(entry.summary)}</p>")
    for label, values in (("Body regions", entry.body_regions), ("Treatments", entry.treatments),
                          ("Keywords", entry.keywords)):
        if values:
            rows.append(f"<p style='margin:0 0 3px 0'><span style='color:gray'>{label}:</span> "
                        f"{escape(', '.join(values))}</p>")
    if snippets:
        titles = ", ".join(escape(snippet.title) for snippet in snippets)
        rows.append(f"<p style='margin:0 0 3px 0'><span style='color:gray'>Snippets:</span> "
                    f"{titles}</p>")
    if not pdf:
        rows.append("<p style='margin:6px 0 0 0; color:gray'>No guideline PDF of "
                    f"{escape(source.short_title)} is attached, so it cannot open at the page.</p>")
    return "".join(rows)
