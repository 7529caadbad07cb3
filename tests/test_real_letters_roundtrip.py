"""Every published letter, imported and exported to PDF, DOCX and TXT, says word for word
what the published PDF says (apart from page furniture), and each export imports again to
the same case, field by field."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from real_letters import NAMES, WORDS, letter, pdf_words

from workbench.case import Case, Role
from workbench.citations import format_line
from workbench.letters.export import export_letter
from workbench.letters.reader import read_letter

KINDS = ("pdf", "docx", "txt")


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """Each letter's case and its three exports, made once for the module (about 12 s)."""
    folder = tmp_path_factory.mktemp("exports")

    @cache
    def made(name: str) -> tuple[Case, dict[str, Path]]:
        case = read_letter(letter(name)).case
        targets = {kind: folder / f"{name}.{kind}" for kind in KINDS}
        export_letter(case, targets)
        return case, targets

    return made


def first_difference(published: list[str], exported: list[str]) -> str:
    at = next((i for i, (a, b) in enumerate(zip(published, exported)) if a != b),
              min(len(published), len(exported)))
    return (f"word {at}: published {' '.join(published[at:at + 6])!r}, "
            f"exported {' '.join(exported[at:at + 6])!r}")


def test_every_letter_is_written_back_word_for_word(exports, capsys):
    """Reports the share of letters whose three exports say what the published PDF says;
    all 90 must."""
    exact = {kind: 0 for kind in KINDS}
    failures: list[str] = []
    for name in NAMES:
        published = pdf_words(letter(name))
        _, paths = exports(name)
        for kind in KINDS:
            words = WORDS[kind](paths[kind])
            if words == published:
                exact[kind] += 1
            else:
                failures.append(f"{name} {kind}: {first_difference(published, words)}")
    every = sum(1 for name in NAMES if not any(f.startswith(name + " ") for f in failures))
    report = (f"word for word: {every}/{len(NAMES)} letters in all three formats "
              f"({every / len(NAMES):.0%}); " +
              ", ".join(f"{kind.upper()} {count}/{len(NAMES)}" for kind, count in exact.items()))
    with capsys.disabled():  # shown in the test run's output, pass or fail
        print(f"\n{report}")
    assert not failures, report + "\n" + "\n".join(failures[:10])


def assert_same_case(actual: Case, expected: Case) -> None:
    """Field by field, so a failure names the field."""
    for field in ("organization", "organization_short", "case_number", "claim_number",
                  "review_type", "received_on", "ur_decision_on", "decided_on",
                  "application_received_on", "summary_form", "credentials", "wording",
                  "summary", "documents_reviewed"):
        assert getattr(actual, field) == getattr(expected, field), field
    assert len(actual.items) == len(expected.items)
    for number, (got, want) in enumerate(zip(actual.items, expected.items), start=1):
        for field in ("number", "description", "decision", "rationale"):
            assert getattr(got, field) == getattr(want, field), f"item {number}: {field}"
        for role in Role:
            assert format_line(got.citations(role), role) == \
                format_line(want.citations(role), role), f"item {number}: {role.value}"
            assert got.citations(role) == want.citations(role), f"item {number}: {role.value}"
    assert actual == expected


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", NAMES)
def test_each_export_imports_to_the_same_case(name: str, kind: str, exports):
    case, paths = exports(name)
    reading = read_letter(paths[kind])
    assert reading.unplaced == []
    assert_same_case(reading.case, case)
