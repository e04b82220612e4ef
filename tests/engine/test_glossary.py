"""The glossary (src/graphgrad/glossary.csv) is well formed, and the label catalogue follows it."""

from __future__ import annotations

import csv
from pathlib import Path

from graphgrad import labels

CSV = Path(labels.__file__).with_name("glossary.csv")


def test_every_row_has_both_languages_and_the_five_columns():
    with CSV.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert tuple(rows[0]) == labels.GLOSSARY_COLUMNS
    for number, row in enumerate(rows[1:], start=2):
        assert len(row) == 5, f"glossary.csv line {number}: {len(row)} columns, not 5 (quote commas)"
        en, zh, note, note_zh, _ = row
        assert en.strip() and zh.strip(), f"glossary.csv line {number}: a term needs English and Chinese"
        assert bool(note) == bool(note_zh), f"glossary.csv line {number}: a note needs both languages"


def test_one_translation_per_term_and_one_row_per_key():
    rows = labels.glossary()
    english = [r["en"].lower() for r in rows]
    assert len(english) == len(set(english)), sorted({e for e in english if english.count(e) > 1})
    keys = [r["key"] for r in rows if r["key"]]
    assert len(keys) == len(set(keys))


def test_every_keyed_row_is_a_word_of_the_catalogue():
    nodes = {f"node:{k}": (en.removeprefix("the "), zh) for k, (en, zh) in labels.NODE_NAMES.items()}
    used = {**labels.TERMS, **nodes}
    used |= {k: labels.TEXTS[k] for k in ("mode_forward", "mode_backward")}
    for row in labels.glossary():
        if row["key"]:
            assert used.get(row["key"]) == (row["en"], row["zh"]), row


def test_catalogue_words_that_are_glossary_terms_use_its_chinese():
    """Independent of how the catalogue is built: compare every catalogue pair with the table."""
    table = {r["en"].lower(): r["zh"] for r in labels.glossary()}
    pairs = [
        *labels.TERMS.values(),
        *labels.NODE_NAMES.values(),
        *labels.EXAMPLE_TITLES.values(),
        *labels.TEXTS.values(),
    ]
    checked = 0
    for en, zh in pairs:
        key = en.lower().removeprefix("the ").removeprefix("a ").removeprefix("an ")
        if key in table:
            assert zh == table[key], (en, zh, table[key])
            checked += 1
    assert checked >= 12
