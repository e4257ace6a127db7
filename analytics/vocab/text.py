"""Normalisation of free-text vocabulary values so aliases match regardless of width, case and spaces."""

import unicodedata


def fold(value: str) -> str:
    """NFKC folds full-width letters and digits (ＷＥＩＢＯ, ４４００００) to ASCII before casefolding."""
    return "".join(unicodedata.normalize("NFKC", value).casefold().split())
