import pytest

from copydesk.core.text import fingerprint, names, number_values, quotes, split_sentences


def test_sentences_keep_offsets_and_abbreviations() -> None:
    text = 'U.S. officials met on Jan. 15 in Washington. "We agreed," said Mr. Aoki.\n\nA new paragraph here.'
    spans = split_sentences(text)
    pieces = [text[a:b] for a, b in spans]
    assert pieces == [
        "U.S. officials met on Jan. 15 in Washington.",
        '"We agreed," said Mr. Aoki.',
        "A new paragraph here.",
    ]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("3,400 workers", {3400.0}),
        ("3400 workers", {3400.0}),
        ("up to $125 million", {125e6}),
        ("a 4.2% rise", {4.2}),
        ("3.4 thousand jobs", {3400.0}),
        ("no figures at all", set()),
        ("on 15 January 2026", {15.0, 2026.0}),
    ],
)
def test_number_values(text: str, values: set[float]) -> None:
    assert number_values(text) == values


def test_names_skip_common_openers_but_keep_real_names() -> None:
    assert names("The China Coast Guard was seen near Yonaguni.") == {"China Coast Guard", "Yonaguni"}
    text = "Forecasters warned of ice. Koizumi met Hegseth. The talks pleased Koizumi."
    assert names(text, initial=False) == {"Koizumi", "Hegseth"}
    assert "Forecasters" in names(text)


def test_quotes() -> None:
    assert quotes('She said "we will not move" and left.') == ["we will not move"]
    assert quotes("He said “enough is enough” on Friday.") == ["enough is enough"]


def test_fingerprint_ignores_case_spacing_and_punctuation() -> None:
    assert fingerprint("Title", "Some  text, here.") == fingerprint("title", "some text here")
    assert fingerprint("Title", "Some text") != fingerprint("Title", "Other text")
