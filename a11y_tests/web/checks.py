"""Checks run in the page (one evaluate each) and through the Chromium accessibility tree."""

from __future__ import annotations

import re
from typing import Any

AUDIT_JS = r"""() => {
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  const out = {title: document.title, lang: document.documentElement.lang};
  out.landmarks = {
    banner: document.querySelectorAll('body > header').length,
    navigation: document.querySelectorAll('nav').length,
    main: document.querySelectorAll('main').length,
    contentinfo: document.querySelectorAll('body > footer').length,
  };
  out.headings = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].filter(visible)
    .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)]);
  const counts = {};
  document.querySelectorAll('[id]').forEach(el => { counts[el.id] = (counts[el.id] || 0) + 1; });
  out.duplicateIds = Object.keys(counts).filter(k => counts[k] > 1);
  const first = document.querySelector('a[href], button, input, select, textarea');
  out.firstFocusable = first ? first.getAttribute('href') : null;
  out.mainId = document.querySelector('main') ? document.querySelector('main').id : null;
  out.fields = [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
    .map(el => ({id: el.id, label: el.labels && el.labels.length ?
                 el.labels[0].innerText.replace(/\s+/g, ' ').trim() : null,
                 labels: el.labels ? el.labels.length : 0}));
  const small = [];
  const inline = [];
  const boxes = (node) => [...node.getClientRects()].filter(q => q.width > 0 && q.height > 0);
  const sameLine = (a, b) => a.top < b.bottom - 1 && b.top < a.bottom - 1;
  const squash = (text) => text.replace(/\s+/g, ' ').trim();
  // WCAG 2.5.5 / 2.5.8 "inline" exception, and only it: a link in a sentence or a block of text,
  // whose height is the line's. The link is an inline <a> whose block is a <p>, <li> or <dd>,
  // with words (not other links, not bare punctuation) on one of its lines; a link alone in its
  // list item, in a heading or in a <div> is a target like any other.
  const inSentence = (el, rects) => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
    if (!block || !['P', 'LI', 'DD'].includes(block.tagName)) return false;
    if (block.tagName === 'LI' && squash(block.textContent) === squash(el.textContent)) return false;
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!/[\p{L}\p{N}]/u.test(node.data)) continue;
      const holder = node.parentElement.closest('a, button');
      if (holder && block.contains(holder)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      if (boxes(range).some(t => rects.some(r => sameLine(t, r)))) return true;
    }
    return false;
  };
  document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')
    .forEach(el => {
      if (!visible(el)) return;
      const r = el.getBoundingClientRect();
      if (r.bottom + window.scrollY < 0) return;  // the skip link, parked above the page
      // A link that wraps is several boxes, one a line: each is a target of its own.
      const rects = boxes(el);
      if (rects.length && rects.every(q => q.width >= 43.5 && q.height >= 43.5)) return;
      const text = squash(el.textContent).slice(0, 40);
      if (inSentence(el, rects)) {
        inline.push({href: el.getAttribute('href'), text});
        return;
      }
      const sizes = rects.map(q => `${Math.round(q.width)}x${Math.round(q.height)}`).join('+');
      small.push(`${el.tagName.toLowerCase()}#${el.id || ''} "${text}" ${sizes}`);
    });
  out.smallTargets = small;
  out.inlineLinks = inline;
  out.positiveTabindex = [...document.querySelectorAll('[tabindex]')]
    .filter(el => Number(el.getAttribute('tabindex')) > 0).map(el => el.outerHTML.slice(0, 80));
  const targets = {};
  document.querySelectorAll('a[href]').forEach(a => {
    const name = (a.getAttribute('aria-label') || a.innerText).replace(/\s+/g, ' ').trim();
    (targets[name] = targets[name] || new Set()).add(a.getAttribute('href'));
  });
  out.ambiguousLinks = Object.keys(targets).filter(k => targets[k].size > 1);
  out.vagueLinks = Object.keys(targets).filter(k => /^(ici|cliquez ici|lire la suite|en savoir plus|plus|click here|here|more)$/i.test(k) || !k);
  out.requiredWithoutMention = [...document.querySelectorAll('[required]')]
    .filter(el => !(el.labels && el.labels.length && /\((obligatoire|required)\)/.test(el.labels[0].innerText)))
    .map(el => el.id);
  out.mainNav = [...document.querySelectorAll('header nav a')].map(a => a.getAttribute('href'));
  out.scrollWidth = document.documentElement.scrollWidth;
  out.innerWidth = window.innerWidth;
  const clipped = [];
  document.querySelectorAll('body *').forEach(el => {
    const s = getComputedStyle(el);
    if (!/(hidden|clip)/.test(s.overflowX + s.overflowY)) return;
    // A one-line field scrolls a long value sideways inside itself (the caret reaches all of
    // it): that is not content cut. Its text cut at the top or bottom is.
    const wide = el.tagName !== 'INPUT' && el.scrollWidth > el.clientWidth + 1;
    if (wide || el.scrollHeight > el.clientHeight + 1)
      clipped.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
  });
  out.clipped = clipped;
  return out;
}"""

FOCUS_JS = r"""() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, href: el.getAttribute('href'),
    text: (el.innerText || el.value || '').replace(/\s+/g, ' ').trim().slice(0, 80),
    type: el.getAttribute('type'), name: el.getAttribute('name'),
    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
    shadow: s.boxShadow !== 'none',
    inView: r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth,
  };
}"""


#: The links the "inline" exception excuses (see ``inline_kind``), and the pages where they are:
#: exactly what the accessibility statement lists under "Non-conformités connues"
#: (``INLINE_STATEMENT``). ``test_no_horizontal_scroll_at_320px`` fails when a page has another.
INLINE_EXCEPTIONS: dict[str, set[str]] = {
    "itinéraire": {"stage", "stage-exemple", "stage-erreur", "stage-erreur-en"},
    "coordonnées": {"pro-rappel", "pro-rappel-erreur"},
}
#: How the statement names each kind of excused link, in each language
#: (``test_statement.py`` checks it is in the "Non-conformités connues" list).
INLINE_STATEMENT: dict[str, dict[str, str]] = {
    "fr": {
        "itinéraire": "le lien « itinéraire sur OpenStreetMap » d'une offre de stage",
        "coordonnées": "le numéro de téléphone et l'adresse e-mail d'une demande de rappel",
    },
    "en": {
        "itinéraire": "the “route on OpenStreetMap” link of an internship offer",
        "coordonnées": "the phone number and e-mail address of a callback request",
    },
}


def inline_kind(href: str) -> str:
    """The kind of a link the inline exception excused (a key of ``INLINE_EXCEPTIONS``)."""
    if href.startswith(("tel:", "mailto:")):
        return "coordonnées"
    if "openstreetmap.org" in href:
        return "itinéraire"
    return href


#: The same main navigation, in the same order, on every page (RGAA 12.3).
MAIN_NAV = ["/lieux", "/stages", "/metiers", "/comprendre", "/rappel"]

TEXT_SPACING_CSS = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important; } p, li, dd, dt, label, legend { margin-bottom: 2em !important; }"""


def heading_problems(headings: list[list[Any]]) -> list[str]:
    problems = []
    levels = [int(h[0]) for h in headings]
    if levels.count(1) != 1:
        problems.append(f"{levels.count(1)} h1 (exactly one expected)")
    if levels and levels[0] != 1:
        problems.append(f"first heading is h{levels[0]}, not h1")
    for before, after in zip(levels, levels[1:], strict=False):
        if after > before + 1:
            problems.append(f"h{before} followed by h{after}")
    return problems


def audit_problems(audit: dict[str, Any]) -> list[str]:
    """Every structural problem of a page, as readable lines (empty list = fine)."""
    problems: list[str] = []
    if not audit["title"] or "Total Accès" not in audit["title"]:
        problems.append(f"title: {audit['title']!r}")
    if audit["lang"] not in ("fr", "en"):
        problems.append(f"lang: {audit['lang']!r}")
    for landmark in ("banner", "navigation", "main", "contentinfo"):
        if audit["landmarks"][landmark] < 1:
            problems.append(f"no {landmark} landmark")
    if audit["landmarks"]["main"] != 1:
        problems.append("more than one main")
    problems += heading_problems(audit["headings"])
    if audit["duplicateIds"]:
        problems.append(f"duplicate ids: {audit['duplicateIds']}")
    if audit["firstFocusable"] != f"#{audit['mainId']}":
        problems.append(f"first link is {audit['firstFocusable']!r}, not the skip link to main")
    for field in audit["fields"]:
        if field["labels"] < 1 or not field["label"]:
            problems.append(f"field #{field['id']} has no visible label")
    if audit["positiveTabindex"]:
        problems.append(f"positive tabindex changes the reading order: {audit['positiveTabindex']}")
    if audit["ambiguousLinks"]:
        problems.append(f"same link text, different targets: {audit['ambiguousLinks']}")
    if audit["vagueLinks"]:
        problems.append(f"link text says nothing out of context: {audit['vagueLinks']}")
    if audit["requiredWithoutMention"]:
        problems.append(
            f"required without '(obligatoire)' in the label: {audit['requiredWithoutMention']}"
        )
    if audit["mainNav"] != MAIN_NAV:
        problems.append(f"main navigation differs from the other pages: {audit['mainNav']}")
    if audit["smallTargets"]:
        problems.append(f"targets under 44x44: {audit['smallTargets']}")
    return problems


def accessible_names(page: Any, ids: list[str]) -> dict[str, str]:
    """Accessible name computed by Chromium for each element id."""
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        names = {}
        for element_id in ids:
            node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": f"#{element_id}"})
            tree = cdp.send(
                "Accessibility.getPartialAXTree",
                {"nodeId": node["nodeId"], "fetchRelatives": False},
            )
            ax = next(n for n in tree["nodes"] if not n.get("ignored"))
            names[element_id] = ax.get("name", {}).get("value", "")
        return names
    finally:
        cdp.detach()


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def wait_for_focus(page: Any, element_id: str, timeout_ms: int = 3000) -> str | None:
    """The id of the focused element once it is ``element_id`` (autofocus runs after load, at the
    next rendering step), or whatever has the focus when the time is up."""
    focused = None
    for _ in range(max(1, timeout_ms // 50)):
        focused = page.evaluate("document.activeElement && document.activeElement.id")
        if focused == element_id:
            return focused
        page.wait_for_timeout(50)
    return focused
