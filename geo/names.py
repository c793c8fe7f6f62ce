"""Name normalisation shared by admin-1, hub and place matching."""

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_name(name: str) -> str:
    """Return a matching key: case-, accent-, punctuation- and spacing-insensitive.

    ``"Tillabéri"``, ``"TILLABERI"`` and ``"Tilla-beri"`` all give ``"tillaberi"``.
    Characters without an ASCII base letter (e.g. Arabic script) are dropped.
    """
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub("", ascii_only)
