import pytest

from copydesk.core.text import fingerprint, names, number_values, quotes, split_sentences, without_dateline


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


class _CountingText(str):
    """A text that counts the characters copied out of it by slicing (the work names() does on it)."""

    copied = 0

    def __getitem__(self, key):  # type: ignore[no-untyped-def]
        piece = super().__getitem__(key)
        _CountingText.copied += len(piece)
        return piece


def _report(n: int) -> tuple[str, set[str]]:
    """A paragraph naming two invented people and a place, with the names it holds."""
    first, second, place = f"Alda Brenn{n:05d}x", f"Corvin Hale{n:05d}y", f"Kelsford{n:05d}z"
    text = (
        f"Council leader {first} said in {place} that the budget would pass. "
        f"The vote was close, {second} told reporters. Officials agreed.\n\n"
    )
    return text, {first, place, second}


def test_names_of_a_long_text_are_those_of_its_paragraphs() -> None:
    pieces = [_report(n) for n in range(3000)]
    text = "".join(p for p, _ in pieces)
    expected = set().union(*(found for _, found in pieces))
    assert names(text, initial=False) == expected
    assert names(text) == expected | {"Council", "Officials"}
    assert names(pieces[7][0], initial=False) == pieces[7][1]


def test_names_reads_a_text_once_not_once_per_name() -> None:
    # Work that grows with the square of the text held the database for minutes on one large article;
    # names() may copy each character of the text a bounded number of times, not once per name found.
    text = _CountingText("".join(_report(n)[0] for n in range(2000)))
    _CountingText.copied = 0
    found = names(text, initial=False)
    assert len(found) == 6000 and _CountingText.copied <= 2 * len(text)


@pytest.mark.parametrize(
    ("opening", "kept"),
    [
        ("WASHINGTON — The court heard the case on Tuesday.", "The court heard the case on Tuesday."),
        ("WASHINGTON -- The agency said.", "The agency said."),
        (
            "WASHINGTON—Joining a chorus of critics, the bishops wrote.",
            "Joining a chorus of critics, the bishops wrote.",
        ),
        ("WASHINGTON –- The White House released the emails.", "The White House released the emails."),
        ("NEW YORK (Reuters) - Stocks fell.", "Stocks fell."),
        ("ST. LOUIS — A jury met.", "A jury met."),
        ("CAIRO, Egypt -- Protesters gathered.", "Protesters gathered."),
        ("Harbourton (Coast Wire) — The ferry sailed.", "The ferry sailed."),
        # Not datelines: capitals that are the sentence's subject, and dashes inside a sentence.
        ("NATO said on Monday that it would meet.", "NATO said on Monday that it would meet."),
        (
            "U.S. officials — who spoke anonymously — said so.",
            "U.S. officials — who spoke anonymously — said so.",
        ),
        ("The court said — in a ruling — that it would.", "The court said — in a ruling — that it would."),
        ("AARP-backed plan passes the House.", "AARP-backed plan passes the House."),
    ],
)
def test_without_dateline(opening: str, kept: str) -> None:
    assert without_dateline(opening) == kept


def test_words_and_names_in_every_script() -> None:
    from copydesk.core.text import names, tokens, words

    text = "Müller met Đoković in São Paulo; l’État and 习近平 were not there. Ōtani was."
    assert words("Müller met Đoković in São Paulo") == ["müller", "met", "đoković", "in", "são", "paulo"]
    assert "l’état" in words(text) and "习近平" in tokens(text)
    assert names(text) >= {"Müller", "Đoković", "São Paulo", "习近平", "Ōtani"}
    # Capitals still decide: a lower-case word in any script is no name.
    assert not names("the élan of the ångström unit")
