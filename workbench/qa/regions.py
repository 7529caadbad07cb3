"""``region-mismatch``: body region, spinal level or side differ between the item, its
rationale and the records.

The item's description names what is disputed ("MRI of the lumbar spine",
"Right L5 transforaminal ESI", "left knee arthroscopy"). Its rationale must
speak of the same: a lumbar item whose rationale names only the cervical
spine (and nothing near the low back: the legs, the hips), an L4-5 item whose
rationale discusses only L5-S1, a left knee item whose rationale speaks only
of the right knee are each a finding. The records are asked the same: a
region they never name, a level they never name while naming others of that
spine, a side they never name for that region while naming the other one.
Regions and their words are in ``resources/qa/regions.json``; levels are
read by rule (C5-6, C5-C6, L4/5, L5-S1, a single root "L5").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from workbench.qa.findings import DESCRIPTION, RATIONALE, Finding, Severity, finding_key
from workbench.qa.records import CaseRecords, form_pattern
from workbench.qa.registry import CheckContext, register
from workbench.resources import load_json

CHECK = "region-mismatch"
SIDES = {"left": "left", "lt": "left", "right": "right", "rt": "right", "bilateral": "both",
         "both": "both"}
_SIDE = re.compile(r"\b(left|right|lt|rt|bilateral|both)\.?\s+(?:(?:upper|lower|distal|proximal"
                   r"|medial|lateral|anterior|posterior|l\d|s\d|c\d)\s+)?$", re.IGNORECASE)
_SEGMENT = re.compile(r"(?<![A-Za-z0-9])([CTL])(\d{1,2})\s*(?:-|/|–|\bto\b)\s*([CTLS]?)(\d{1,2})"
                      r"(?![\d-]|\s*weighted)", re.IGNORECASE)
_SINGLE = re.compile(r"(?<![A-Za-z0-9/-])([CTLS])(\d{1,2})(?![\d/-]|\s*(?:-|/|–)\s*[CTLS]?\d"
                     r"|\s*weighted|-weighted)", re.IGNORECASE)
_SPINE = {"C": "cervical spine", "T": "thoracic spine", "L": "lumbar spine", "S": "lumbar spine"}


@dataclass(frozen=True)
class Region:
    name: str
    forms: tuple[str, ...]
    near: frozenset[str]


@cache
def regions() -> tuple[Region, ...]:
    return tuple(Region(r["name"], tuple(r["forms"]), frozenset(r["near"]))
                 for r in load_json("qa/regions.json")["regions"])


@cache
def _by_name() -> dict[str, Region]:
    return {region.name: region for region in regions()}


def compatible(a: str, b: str) -> bool:
    """Whether a text about region ``b`` may concern an item of region ``a``."""
    if a == b:
        return True
    known = _by_name()
    return (a in known and b in known[a].near) or (b in known and a in known[b].near)


@dataclass(frozen=True)
class Place:
    """A body region named in a text, with the side said just before it."""

    region: str
    side: str | None  # "left", "right", "both" or None
    start: int
    end: int


@dataclass(frozen=True)
class Level:
    spine: str  # "C", "T", "L"
    levels: tuple[str, ...]  # ("L4", "L5") for a segment, ("L5",) for one level
    start: int
    end: int

    @property
    def name(self) -> str:
        if len(self.levels) == 1:
            return self.levels[0]
        upper, lower = self.levels
        return f"{upper}-{lower[1:] if lower[0] == upper[0] else lower}"

    def forms(self) -> tuple[str, ...]:
        if len(self.levels) == 1:
            return self.levels
        upper, lower = self.levels
        short = lower[1:] if lower[0] == upper[0] else lower
        return (f"{upper}-{lower}", f"{upper}-{short}", f"{upper}/{short}", f"{upper}/{lower}",
                f"{upper} {lower}")


@lru_cache(maxsize=4096)
def places(text: str) -> tuple[Place, ...]:
    """The body regions ``text`` names, in order, spinal levels counted as their spine
    (kept per text: descriptions and summaries are asked about again and again)."""
    found: list[Place] = []
    present = word_stems(text)
    for region in regions():
        for form in region.forms:
            if _first_word(form) not in present:
                continue  # the form's first word is nowhere in the text: no need to look
            for match in form_pattern(form).finditer(text):
                side = _SIDE.search(text[max(0, match.start() - 25):match.start()])
                found.append(Place(region.name, SIDES[side.group(1).lower()] if side else None,
                                   match.start(), match.end()))
    for level in levels(text):
        side = _SIDE.search(text[max(0, level.start - 25):level.start])
        found.append(Place(_SPINE[level.spine], SIDES[side.group(1).lower()] if side else None,
                           level.start, level.end))
    found.sort(key=lambda p: (p.start, -p.end))
    return tuple(found)


def word_stems(text: str) -> frozenset[str]:
    """The text's words in lower case, each also without a plural or verb ending (as
    ``form_pattern`` allows them): "knees" gives "knees" and "knee"."""
    stems = set()
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        stems.add(word)
        stems.add(re.sub(r"(?:es|s|ed|ing|al)$", "", word))
    return frozenset(stems)


@lru_cache(maxsize=1024)
def _first_word(form: str) -> str:
    return re.findall(r"[a-z0-9]+", form.lower())[0]


@lru_cache(maxsize=4096)
def levels(text: str) -> tuple[Level, ...]:
    """Spinal segments ("L4-5", "L5-S1") and single levels ("L5") in ``text``."""
    found: list[Level] = []
    for match in _SEGMENT.finditer(text):
        spine = match[1].upper()
        lower_spine = (match[3] or match[1]).upper()
        upper, lower = f"{spine}{int(match[2])}", f"{lower_spine}{int(match[4])}"
        if _plausible(upper) and _plausible(lower):
            found.append(Level(spine if spine != "S" else "L", (upper, lower), match.start(),
                               match.end()))
    taken = [(level.start, level.end) for level in found]
    for match in _SINGLE.finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        name = f"{match[1].upper()}{int(match[2])}"
        if _plausible(name) and not _false_single(text, match):
            spine = match[1].upper()
            found.append(Level("L" if spine == "S" else spine, (name,), match.start(),
                               match.end()))
    found.sort(key=lambda level: level.start)
    return tuple(found)


def _plausible(level: str) -> bool:
    limits = {"C": 7, "T": 12, "L": 5, "S": 5}
    number = int(level[1:])
    return 1 <= number <= limits[level[0]]


def _false_single(text: str, match: re.Match[str]) -> bool:
    """"T2" of an MRI sequence, "S1" of a heart sound, "C3" of a drug schedule are not levels."""
    after = text[match.end():match.end() + 14].lower()
    if re.match(r"\s*-?\s*(?:weighted|images?|sequences?|signal|stir|flair)\b", after):
        return True
    around = text[max(0, match.start() - 15):match.end() + 15].lower()
    return bool(re.search(r"heart|sounds?\b|schedule|gadolinium", around))


def _names(found) -> set[str]:
    return {place.region for place in found}


def _restating(rationale: str) -> list[tuple[int, int]]:
    """Spans of the sentences that restate the request ("the request for an MRI of the
    lumbar spine is not medically necessary"): they repeat the item, they do not discuss it."""
    from workbench.qa.sentences import sentences

    return [s.span for s in sentences(rationale) if _REQUEST.search(s.text)]


_REQUEST = re.compile(r"\brequest(?:s|ed)?\b", re.IGNORECASE)


def item_mismatches(description: str, rationale: str) -> list[tuple[str, tuple[int, int], str]]:
    """(message tail, span in the rationale, words concerned) where the rationale's
    regions, levels or sides depart from the description's. Sentences restating the
    request are left out: they repeat the item's words whatever the rest discusses."""
    described = places(description)
    skipped = _restating(rationale)

    def discussed(start: int) -> bool:
        return not any(a <= start < b for a, b in skipped)

    said = [place for place in places(rationale) if discussed(place.start)]
    problems = []
    wanted = _names(described)
    if wanted and said and not any(compatible(w, s.region) for w in wanted for s in said):
        first = said[0]
        problems.append((f"is about the {_listed(wanted)}, but its rationale speaks of the "
                         f"{first.region}", (first.start, first.end), f"region|{first.region}"))
    own_levels = levels(description)
    their_levels = [level for level in levels(rationale) if discussed(level.start)]
    for kind in (1, 2):
        mine = {level.name for level in own_levels if len(level.levels) == kind}
        theirs = [level for level in their_levels if len(level.levels) == kind]
        if mine and theirs and not mine & {level.name for level in theirs}:
            problems.append((f"names {_listed(mine)}, but its rationale discusses "
                             f"{theirs[0].name}", (theirs[0].start, theirs[0].end),
                             f"level|{theirs[0].name}"))
    for place in described:
        if place.side not in ("left", "right"):
            continue
        same = [s for s in said if s.region == place.region and s.side is not None]
        if same and all(s.side not in (place.side, "both") for s in same):
            other = same[0]
            problems.append((f"is about the {place.side} {place.region}, but its rationale "
                             f"speaks of the {other.side} {place.region}",
                             (other.start, other.end), f"side|{other.side}|{place.region}"))
    unique = {words: (tail, span, words) for tail, span, words in reversed(problems)}
    return sorted(unique.values(), key=lambda problem: problem[1])


def _listed(names) -> str:
    names = sorted(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def records_mismatches(records: CaseRecords, description: str
                       ) -> list[tuple[str, tuple[tuple[int, int, str], ...], str]]:
    """(message tail, supporting pages, words concerned) where the records do not name the
    item's region, level or side."""
    problems = []
    described = places(description)
    known = _by_name()
    for name in sorted(_names(described)):
        region = known.get(name)
        if region is None:
            continue
        forms = region.forms + tuple(_spine_forms(name))
        if not records.says(forms, exclude=_dispute()):
            problems.append((f"the records never name the {name}", (), f"records|{name}"))
    for level in levels(description):
        if records.says(level.forms(), exclude=_dispute()):
            continue
        others = [f for other in _neighbours(level) for f in other]
        mentions = records.mentions(others, limit=2, affirmative=False, exclude=_dispute())
        if mentions:
            problems.append((f"the records name {mentions[0].words}, never {level.name}",
                             tuple(m.support for m in mentions), f"records|{level.name}"))
    for place in described:
        if place.side not in ("left", "right"):
            continue
        region = known[place.region]
        other = "right" if place.side == "left" else "left"
        own = _sided(place.side, region) + _sided("bilateral", region)
        if records.says(own, exclude=_dispute()):
            continue
        mentions = records.mentions(_sided(other, region), limit=2, affirmative=False,
                                    exclude=_dispute())
        if mentions:
            problems.append((f"the records speak of the {other} {place.region}, never the "
                             f"{place.side}", tuple(m.support for m in mentions),
                             f"records|{place.side}|{place.region}"))
    return problems


def _dispute():
    from workbench.qa.records import DISPUTE_KINDS

    return DISPUTE_KINDS


def _spine_forms(name: str) -> list[str]:
    prefix = {"cervical spine": "C", "thoracic spine": "T", "lumbar spine": "L"}.get(name)
    if prefix is None:
        return []
    top = {"C": 7, "T": 12, "L": 5}[prefix]
    forms = [f"{prefix}{n}-{n + 1}" for n in range(1, top)]
    if prefix == "L":
        forms += ["L5-S1", "L5/S1"]
    return forms


def _neighbours(level: Level) -> list[tuple[str, ...]]:
    """The forms of the other levels of the same spine, as segments or single levels."""
    spine = level.spine
    top = {"C": 7, "T": 12, "L": 5}[spine]
    names = [f"{spine}{n}" for n in range(1, top + 1)] + (["S1"] if spine == "L" else [])
    if len(level.levels) == 1:
        return [(name,) for name in names if name != level.levels[0]]
    segments = [Level(spine, (a, b), 0, 0) for a, b in zip(names, names[1:])]
    return [segment.forms() for segment in segments if segment.levels != level.levels]


def _sided(side: str, region: Region) -> tuple[str, ...]:
    words = {"left": ("left", "lt"), "right": ("right", "rt"), "bilateral": ("bilateral",)}[side]
    return tuple(f"{word} {form}" for word in words for form in region.forms
                 if len(form) > 3 or form.isupper())


@register(CHECK, "body region, level or side differ between item, rationale and records")
def region_mismatches(context: CheckContext) -> Iterator[Finding]:
    records = context.records
    if records is not None and not records.has_pages:
        records = None
    for index in context.items:
        item = context.case.items[index]
        rationale = "\n\n".join(item.rationale)
        for tail, span, words in item_mismatches(item.description, rationale):
            yield Finding(CHECK, Severity.WARNING, index, f"Item {index + 1} {tail}",
                          field=RATIONALE, span=span, key=finding_key(CHECK, index, words))
        if records is None:
            continue
        for tail, pages, words in records_mismatches(records, item.description):
            yield Finding(CHECK, Severity.WARNING, index,
                          f"Item {index + 1}: {tail}" + (
                              ": " + ", ".join(p[2] for p in pages) if pages else ""),
                          field=DESCRIPTION, pages=pages, key=finding_key(CHECK, index, words))
