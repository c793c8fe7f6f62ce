"""The translation catalogues: the template matches the code, every message is translated with its
placeholders kept, and every catalogue compiles into one gettext can read."""

from __future__ import annotations

import io
import string
from collections import Counter
from gettext import GNUTranslations
from pathlib import Path

import pytest
from babel.messages.catalog import PYTHON_FORMAT, Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
TEMPLATE = TRANSLATIONS / "messages.pot"
LOCALES = sorted(path.parent.parent.name for path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))
FRENCH_SPACES = (" :", " ;", " !", " ?", "« ", " »")  # ordinary spaces where French wants no-break ones


def read_catalogue(path: Path) -> Catalog:
    """The catalogue (template or translation) stored at ``path``."""
    with path.open("rb") as file:
        return read_po(file)


def catalogue(locale: str) -> Catalog:
    """The translations of ``locale``."""
    return read_catalogue(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po")


def message_ids(catalog: Catalog) -> set[object]:
    """Every message of a catalogue: its id (singular and plural) and context."""
    return {(message.id, message.context) for message in catalog if message.id}


def pairs(message: Message) -> list[tuple[str, str]]:
    """(source, translation) of each form: the singular, then the plural for every plural form."""
    if isinstance(message.id, str):
        return [(message.id, message.string)]
    singular, plural = message.id
    return [(singular if index == 0 else plural, form) for index, form in enumerate(message.string)]


def placeholders(text: str, message: Message) -> Counter[str]:
    """The ``%`` placeholders (``%(n)s``, ``%%``) and, in brace-format messages, the ``{…}`` fields."""
    found = Counter(match.group(0) for match in PYTHON_FORMAT.finditer(text))
    if "python-brace-format" in message.flags:
        found.update(
            f"{{{field}!{conversion}:{spec}}}"
            for _literal, field, spec, conversion in string.Formatter().parse(text)
            if field is not None
        )
    return found


def test_there_is_a_french_catalogue():
    assert "fr" in LOCALES


def test_template_has_every_message_of_the_code_and_no_other(tmp_path):
    extracted = tmp_path / "messages.pot"
    argv = ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-o", str(extracted), str(ROOT)]
    CommandLineInterface().run(argv)
    in_code, in_template = message_ids(read_catalogue(extracted)), message_ids(read_catalogue(TEMPLATE))
    assert not in_code - in_template, "messages missing from translations/messages.pot: re-extract"
    assert not in_template - in_code, "messages no longer in the code: re-extract"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_is_translated_and_none_is_fuzzy(locale):
    translations = catalogue(locale)
    assert message_ids(translations) == message_ids(read_catalogue(TEMPLATE)), "run pybabel update"
    assert not translations.fuzzy
    untranslated = [
        message.id for message in translations if message.id and not all(form for _id, form in pairs(message))
    ]
    fuzzy = [message.id for message in translations if message.id and message.fuzzy]
    assert not untranslated
    assert not fuzzy


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_the_placeholders_of_their_message(locale):
    changed = [
        (source, translation)
        for message in catalogue(locale)
        if message.id
        for source, translation in pairs(message)
        if placeholders(source, message) != placeholders(translation, message)
    ]
    assert not changed


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_compiles_into_what_gettext_reads(locale):
    translations = catalogue(locale)
    assert not list(translations.check()), "pybabel compile would report these errors"
    compiled = io.BytesIO()
    write_mo(compiled, translations)
    compiled.seek(0)
    gnu = GNUTranslations(compiled)
    for message in translations:
        if not message.id:
            continue
        if isinstance(message.id, str):
            assert gnu.gettext(message.id) == message.string
        else:
            singular, plural = message.id
            assert gnu.ngettext(singular, plural, 1) == message.string[0]
            assert gnu.ngettext(singular, plural, 2) == message.string[1]


def test_french_uses_no_break_spaces_in_its_punctuation():
    ordinary = [
        translation
        for message in catalogue("fr")
        if message.id
        for _source, translation in pairs(message)
        if any(space in translation for space in FRENCH_SPACES)
    ]
    assert not ordinary
