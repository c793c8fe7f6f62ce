"""Name normalisation shared by admin-1, hub and place matching, and the reader of name→code tables."""

import re
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType

import pandas as pd

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_name(name: str) -> str:
    """Return a matching key: case-, accent-, punctuation- and spacing-insensitive.

    ``"Tillabéri"``, ``"TILLABERI"`` and ``"Tilla-beri"`` all give ``"tillaberi"``.
    Characters without an ASCII base letter (e.g. Arabic script) are dropped.
    """
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub("", ascii_only)


def read_name_map(
    path: Path | str, key: str, value: str, refusal: Callable[[str], str | None]
) -> Mapping[str, str]:
    """{normalised ``key`` text: ``value``} from a CSV with exactly those two columns.

    An empty key, a key listed twice (after normalisation) or a value for which ``refusal``
    returns a reason is refused with the file, row and column named.
    """
    path = Path(path)
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    if tuple(table.columns) != (key, value):
        raise ValueError(f"{path.name}: columns are {list(table.columns)}, expected {[key, value]}")
    mapping: dict[str, str] = {}
    for pos, row in enumerate(table.to_dict("records")):
        name, code = normalise_name(row[key]), row[value].strip()
        where = f"{path.name} row {pos + 2}"
        if not name:
            raise ValueError(f"{where}, column {key!r} is empty")
        reason = refusal(code)
        if reason:
            raise ValueError(f"{where}, column {value!r}: {reason}")
        if name in mapping:
            raise ValueError(f"{where}: {row[key]!r} is listed twice")
        mapping[name] = code
    return MappingProxyType(mapping)
