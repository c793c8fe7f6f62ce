"""The Flask secret key: required from the environment in production, made up per process in development."""

from __future__ import annotations

import os
import secrets

SECRET_KEY_VARIABLE = "SECRET_KEY"


class MissingSecretKeyError(RuntimeError):
    """The production server was started without ``SECRET_KEY``."""


def production_secret_key(environ: dict[str, str] | None = None) -> str:
    """``SECRET_KEY`` from the environment; :class:`MissingSecretKeyError` when it is unset or empty."""
    key = (os.environ if environ is None else environ).get(SECRET_KEY_VARIABLE, "")
    if not key:
        raise MissingSecretKeyError(
            f"{SECRET_KEY_VARIABLE} is not set: the production server needs a long random secret shared by "
            f"its workers, e.g. {SECRET_KEY_VARIABLE}=$(python -c 'import secrets; print(secrets.token_hex(32))')"
        )
    return key


def secret_key(environ: dict[str, str] | None = None) -> str:
    """``SECRET_KEY`` from the environment, else a random one for this process (development and tests)."""
    return (os.environ if environ is None else environ).get(SECRET_KEY_VARIABLE) or secrets.token_hex(32)
