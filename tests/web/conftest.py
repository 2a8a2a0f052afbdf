"""Fixtures of the web tests: a running server per test module, artefact folder."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from web_helpers import ARTIFACTS, GENEROUS, Server  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One ``hiap-sim serve`` for the tests of a module (each test makes its own sessions)."""
    folder = tmp_path_factory.mktemp("web")
    running = Server(folder / "sessions.sqlite", folder / "server.log", args=GENEROUS).start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go (git-ignored ``test-artifacts/web``)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
