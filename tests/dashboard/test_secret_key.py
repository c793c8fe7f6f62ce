"""SECRET_KEY: the production server refuses to start without it; development and tests make one up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from dash import Dash

from core.config import PROJECT_ROOT
from dashboard.secret_key import MissingSecretKeyError, production_secret_key, secret_key


def _without_secret_key(tmp_path: Path) -> dict[str, str]:
    environment = {name: value for name, value in os.environ.items() if name != "SECRET_KEY"}
    return {**environment, "DATABASE_URL": f"sqlite:///{tmp_path / 'app.sqlite'}", "CACHE_REDIS_URL": ""}


def test_the_wsgi_entry_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import dashboard.wsgi"],
        cwd=PROJECT_ROOT,
        env=_without_secret_key(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode != 0
    assert "SECRET_KEY is not set" in done.stderr


def test_gunicorn_with_the_production_settings_exits_naming_the_missing_variable(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "dashboard.wsgi:server"],
        cwd=PROJECT_ROOT,
        env={**_without_secret_key(tmp_path), "HOST": "127.0.0.1", "PORT": "0", "WEB_CONCURRENCY": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode != 0  # gunicorn halts when its worker cannot boot, instead of retrying forever
    assert "SECRET_KEY is not set" in done.stdout + done.stderr


def test_the_production_key_is_read_from_the_environment() -> None:
    assert production_secret_key({"SECRET_KEY": "s3cret"}) == "s3cret"
    with pytest.raises(MissingSecretKeyError, match="SECRET_KEY"):
        production_secret_key({"SECRET_KEY": ""})


def test_development_makes_up_a_long_random_key_unless_one_is_given() -> None:
    made_up = {secret_key({}) for _ in range(3)}
    assert len(made_up) == 3 and all(len(key) >= 32 for key in made_up)
    assert secret_key({"SECRET_KEY": "given"}) == "given"


def test_the_development_app_signs_with_a_key_of_its_own(app: Dash) -> None:
    assert len(app.server.secret_key) >= 32
    with app.server.test_request_context("/"):
        from flask import session

        session["seen"] = True  # fails without a secret key
