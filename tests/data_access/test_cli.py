"""The command line: exit codes, errors on stderr, provenance listing, migrations first."""

from __future__ import annotations

import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from typer.testing import CliRunner

from dashboard.cli import cli
from data_access.models import Base


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite'}")
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, [str(a) for a in args])

    return invoke


def test_help_lists_every_command(run):
    result = run("--help")
    assert result.exit_code == 0
    for command in ("ingest", "validate", "datasets", "demo", "serve", "migrate", "bench"):
        assert command in result.output


def test_datasets_on_a_fresh_database_creates_it_and_lists_nothing(run, tmp_path):
    result = run("datasets", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert (tmp_path / "cli.sqlite").exists()


def test_ingest_then_datasets_shows_provenance(run, examples):
    assert run("ingest", "mmp", examples / "mmp_current_export.csv").exit_code == 0
    again = run("ingest", "mmp", examples / "mmp_current_export.csv")
    assert again.exit_code == 0 and again.stdout.startswith("unchanged")
    listed = json.loads(run("datasets", "--json").stdout)
    assert [(d["kind"], d["file_name"], d["rows"], d["synthetic"]) for d in listed] == [
        ("mmp", "mmp_current_export.csv", 6, False)
    ]


def test_validate_exits_1_with_problems_on_stderr_and_loads_nothing(run, examples):
    result = run("validate", "mmp", examples / "mmp_cleaned_copy.csv")
    assert result.exit_code == 1
    assert "missing column(s): Main ID" in result.stderr
    assert result.stdout == ""
    assert json.loads(run("datasets", "--json").stdout) == []


def test_unknown_kind_is_a_usage_error(run, examples):
    result = run("ingest", "deaths", examples / "mmp_current_export.csv")
    assert result.exit_code == 2
    message = " ".join(result.stderr.replace("│", " ").split())  # the box wraps lines
    assert "Invalid value for 'kind'" in message and "'deaths' is not one of" in message
    assert json.loads(run("datasets", "--json").stdout) == []


def test_migrations_match_the_models(engine):
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []
