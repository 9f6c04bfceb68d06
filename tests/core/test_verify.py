import pytest

from copydesk.core.types import Passage
from copydesk.core.verify import verify_sentence

SOURCE = Passage(
    1,
    0,
    0,
    "Corvane will cut 3,400 jobs at three plants, chief executive Hallam Ristow said, "
    'calling it "a painful decision".',
)


@pytest.mark.parametrize(
    ("sentence", "verified", "reason"),
    [
        ("Corvane will cut 3400 jobs, Hallam Ristow said.", True, None),
        ("Corvane will cut 3,500 jobs.", False, "number not in sources: 3500"),
        ("Corvane will cut jobs, Ristow and Mara Quill said.", False, "name not in sources: Mara Quill"),
        ('Ristow called it "a necessary decision".', False, "quote not in sources"),
        ('Ristow called it "a painful decision".', True, None),
    ],
)
def test_checks_numbers_names_and_quotes(sentence: str, verified: bool, reason: str | None) -> None:
    verdict = verify_sentence(sentence, [SOURCE])
    assert verdict.verified is verified
    if reason:
        assert any(r.startswith(reason) for r in verdict.reasons), verdict.reasons


def test_a_sentence_without_citations_is_not_verified() -> None:
    assert verify_sentence("Anything at all.", []).verified is False
