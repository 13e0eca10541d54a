"""The layers of DESIGN.md §4.1 are enforced: the import-linter contracts hold on the tree, and they fail as soon
as a foundation module imports a domain app (so a green `make test` means the layers really are kept)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT), "--config", str(tree / ".importlinter"), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def tree_copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "thanthien", tmp_path / "thanthien", ignore=shutil.ignore_patterns("__pycache__", "static"))
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


def test_the_contracts_hold_on_the_tree(tree_copy: Path) -> None:
    result = _lint(tree_copy)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_foundation_module_importing_a_domain_app_breaks_the_contract(tree_copy: Path) -> None:
    module = tree_copy / "thanthien" / "workdays" / "queries.py"
    module.write_text(module.read_text() + "\nfrom thanthien.onestop import models as _onestop  # noqa\n")
    result = _lint(tree_copy)
    assert result.returncode != 0
    assert "thanthien.workdays.queries -> thanthien.onestop.models" in result.stdout
