"""Which source passages are ever compared by meaning, and so need an embedding.

The extractive writer compares only the sentences it may publish (`eligible`), and the differences
finder only passages that count something ("3,400 jobs"). The others (fragments, datelines, sentences
of more than 55 words: 9% of the tokens of BASIL's reports) are embedded only if a model's draft
cites one.
"""

from __future__ import annotations

from copydesk.core.candidates import eligible
from copydesk.core.differences import counts
from copydesk.core.extractive import WriterOptions


def needs_vector(text: str, options: WriterOptions | None = None) -> bool:
    """Whether the writers or the differences finder compare this passage with others by meaning."""
    return eligible(text, options or WriterOptions()) or bool(counts(text))
