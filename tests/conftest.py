"""Shared test plumbing: a count of the cases the property-based (fuzz) tests generated,
printed at the end of the session (pytest's terminal summary, whatever ``-s`` says), and
a fixture that makes torch look uninstalled."""

from __future__ import annotations

from collections import Counter

import pytest

FUZZ_CASES: Counter[str] = Counter()
KILL_LOG: list[str] = []


@pytest.fixture
def without_torch(monkeypatch) -> None:
    """``import torch`` (and its submodules) fails as if torch were not installed. Through
    the import hook, not ``sys.modules``: scipy probes ``sys.modules['torch']``."""
    import builtins

    real_import = builtins.__import__

    def no_torch(name, *args, **kwargs):
        if name == "torch" or name.startswith("torch."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_torch)


@pytest.fixture(scope="session")
def fuzz_cases() -> Counter[str]:
    """Add 1 under the test's name for every generated case (session-scoped, so
    hypothesis accepts it in ``@given`` tests)."""
    return FUZZ_CASES


@pytest.fixture(scope="session")
def kill_log() -> list[str]:
    """One line per crash-safety test (kill point, what was committed, what resumed)."""
    return KILL_LOG


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if KILL_LOG:
        terminalreporter.section("crash safety")
        for line in KILL_LOG:
            terminalreporter.write_line(line)
    if not FUZZ_CASES:
        return
    terminalreporter.section("fuzz cases generated")
    for name, n in sorted(FUZZ_CASES.items()):
        terminalreporter.write_line(f"{name}: {n}")
    terminalreporter.write_line(f"total: {sum(FUZZ_CASES.values())}")
