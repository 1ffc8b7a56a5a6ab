"""A briefing as Markdown, self-contained printable HTML (no scripts, all source text escaped), JSON, and
an Atom feed of daily briefings. Rendering only: what goes in and in which order is ``select``'s job."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from dataclasses import asdict
from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape

from sitroom.briefing.model import Briefing, BriefingItem, EventSource, Format
from sitroom.briefing.select import build_briefing


@lru_cache(maxsize=1)
def jinja_env() -> Environment:
    """The package's Jinja2 environment (autoescaping on for every template); web.py shares it."""
    return Environment(
        loader=PackageLoader("sitroom.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _md_text(text: str) -> str:
    # Markdown renderers pass raw HTML through: neutralise it; also keep our list/quote structure intact.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")


def _md_label(text: str) -> str:
    return _md_text(text).replace("[", "\\[").replace("]", "\\]")


def _md_url(url: str) -> str:
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")


def _item_extras(it: BriefingItem) -> list[str]:
    extras = []
    if it.revisions:
        extras.append(f"({it.revisions})")
    if it.background and it.date:
        extras.append(f"Background: event of {it.date}, updated by a report of the day.")
    return extras


def render_md(b: Briefing) -> str:
    out = [f"# Daily briefing — {b.date}", ""]
    out += [f"- {_md_text(line)}" for line in b.summary]
    for sec in b.sections:
        out += ["", f"## {sec.title}", ""]
        for it in sec.items:
            line = " ".join(
                [f"**{_md_text(it.headline)}**", *map(_md_text, _item_extras(it)), _md_text(it.status)]
            )
            out.append(f"- {line}")
            if it.evidence:
                out.append(f"  > {_md_text(it.evidence)} ({it.evidence_lang})")
            links = []
            for s in it.sources:
                label = _md_label(s.label)
                link = f"[{label}]({_md_url(s.url)})" if s.url else label
                links.append(link + (f", {s.published}" if s.published else ""))
            out.append("  Sources: " + "; ".join(links))
    out.append("")
    return "\n".join(out)


_CSS = """
body { font: 15px/1.5 Georgia, "Times New Roman", serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem;
  color: #111; }
h1 { font-size: 1.6rem; border-bottom: 2px solid #111; padding-bottom: .3rem; }
h2 { font-size: 1.2rem; margin-top: 1.8rem; border-bottom: 1px solid #999; }
.item { margin: 1rem 0; page-break-inside: avoid; break-inside: avoid; }
.headline { font-weight: bold; }
.status, .extra { color: #444; }
blockquote { margin: .3rem 0 .3rem 1rem; padding-left: .6rem; border-left: 3px solid #bbb; color: #333;
  font-style: italic; }
.sources { font-size: .85rem; color: #333; }
.sources a { color: #0645ad; }
@media print { body { margin: 0; max-width: none; } a { color: #000; }
  .sources a::after { content: " <" attr(href) ">"; font-size: .75rem; word-break: break-all; } }
""".strip()


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def render_html_body(b: Briefing) -> str:
    """The briefing as an HTML fragment (no scripts; every source string escaped): the page body and the
    Atom entry content."""
    out = [f"<h1>Daily briefing — {_esc(b.date)}</h1>"]
    if b.empty and not b.sections:
        out.append(f'<p class="empty">No events stored for {_esc(b.date)}.</p>')
        return "\n".join(out) + "\n"
    out.append('<ul class="summary">')
    out += [f"<li>{_esc(line)}</li>" for line in b.summary]
    out.append("</ul>")
    for sec in b.sections:
        out.append(f'<section id="{_esc(sec.key)}">\n<h2>{_esc(sec.title)}</h2>')
        for it in sec.items:
            out.append(f'<div class="item" id="{_esc(it.event_id)}">')
            extras = " ".join(_esc(e) for e in _item_extras(it))
            out.append(
                f'<span class="headline">{_esc(it.headline)}</span> '
                + (f'<span class="extra">{extras}</span> ' if extras else "")
                + f'<span class="status">{_esc(it.status)}</span>'
            )
            if it.evidence:
                out.append(f'<blockquote lang="{_esc(it.evidence_lang)}">{_esc(it.evidence)}</blockquote>')
            links = []
            for s in it.sources:
                text = _esc(s.label) + (f", {_esc(s.published)}" if s.published else "")
                if s.url:
                    text = f'<a href="{_esc(s.url)}" rel="noopener noreferrer">{_esc(s.label)}</a>' + (
                        f", {_esc(s.published)}" if s.published else ""
                    )
                links.append(text)
            out.append('<div class="sources">Sources: ' + "; ".join(links) + "</div>\n</div>")
        out.append("</section>")
    return "\n".join(out) + "\n"


def render_html(b: Briefing) -> str:
    """A standalone page: inline CSS, no scripts, no external resources, printable."""
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Daily briefing — {_esc(b.date)}</title>\n<style>\n{_CSS}\n</style>\n</head>\n<body>\n"
        + render_html_body(b)
        + "</body>\n</html>\n"
    )


def render(b: Briefing, fmt: Format = "md") -> str:
    """Serialise a briefing: "md", "html" (self-contained, printable, no scripts) or "json"."""
    if fmt == "md":
        return render_md(b)
    if fmt == "html":
        return render_html(b)
    if fmt == "json":
        d = asdict(b)
        d["events_count"], d["reports_count"] = b.events_count, b.reports_count
        return json.dumps(d, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    raise ValueError(f"unknown briefing format {fmt!r}: use md, html or json")


def _xml(text: str) -> str:
    return html.escape(text, quote=True)


def render_atom(
    store: EventSource,
    dates: Sequence[str],
    base_url: str = "",
    title: str = "sitroom daily briefings",
) -> str:
    """An Atom feed with one entry per daily briefing, newest first. Entry content is the escaped HTML
    fragment of the briefing; ``base_url`` (e.g. "https://host") makes entry links absolute."""
    days = sorted({d for d in dates if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d)}, reverse=True)
    base = base_url.rstrip("/")
    updated = f"{days[0]}T23:59:59Z" if days else "1970-01-01T00:00:00Z"
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{_xml(title)}</title>",
        f"<id>{_xml(base + '/briefings.atom' if base else 'urn:sitroom:briefings')}</id>",
        f"<updated>{updated}</updated>",
        "<author><name>sitroom</name></author>",
    ]
    if base:
        out.append(f'<link rel="self" href="{_xml(base)}/briefings.atom"/>')
    for day in days:
        b = build_briefing(store, day)
        out += [
            "<entry>",
            f"<title>Daily briefing — {day}</title>",
            f"<id>urn:sitroom:briefing:{day}</id>",
            f"<updated>{day}T23:59:59Z</updated>",
            f'<link rel="alternate" type="text/html" href="{_xml(base)}/briefing/{day}"/>',
            f"<summary>{_xml(' '.join(b.summary))}</summary>",
            f'<content type="html">{_xml(render_html_body(b))}</content>',
            "</entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"
