"""Enterprise names as people write them: full-width and half-width brackets, stray spaces."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalize_name(name: str) -> str:
    """A key for matching names: NFKC (full-width to half-width), no spaces, brackets unified."""
    text = unicodedata.normalize("NFKC", str(name))
    text = text.replace("【", "(").replace("】", ")").replace("[", "(").replace("]", ")")
    return _SPACES.sub("", text)
