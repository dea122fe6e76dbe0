"""The README's test command is the one script CI runs, and it sets up a clean machine (issue 19, item 13)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

from tests.conftest import ROOT

STUB = '#!/bin/sh\necho "$(basename "$0") $*" >> "{log}"\n'


def test_readme_runs_the_tests_with_the_ci_script():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("Run the tests") : readme.index("## One request")]
    commands = [line.strip() for line in section.splitlines() if line.startswith("    ")]
    assert commands == ["bash .ci/run"]


def test_the_ci_script_installs_what_is_absent_then_lints_and_runs_pytest(tmp_path):
    """.ci/run on a machine without redis-server: every tool stubbed, each call logged in order."""
    log = tmp_path / "calls.log"
    (tmp_path / ".ci").mkdir()
    shutil.copy(ROOT / ".ci" / "run", tmp_path / ".ci" / "run")
    tools = tmp_path / "bin"
    venv = tmp_path / ".venv" / "bin"
    for folder, names in ((tools, ["apt-get"]), (venv, ["python", "ruff", "lint-imports"])):
        folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            (folder / name).write_text(STUB.format(log=log))
            (folder / name).chmod(0o755)
    (tools / "sudo").write_text('#!/bin/sh\nexec "$@"\n')  # as root or not, the same calls
    (tools / "sudo").chmod(0o755)
    for name in ("dirname", "id", "env", "basename"):  # what the script itself needs, nothing else
        os.symlink(shutil.which(name), tools / name)
    environ = {"PATH": str(tools), "HOME": str(tmp_path)}
    subprocess.run(
        [shutil.which("bash"), ".ci/run", "tests/api", "-x"],
        cwd=tmp_path,
        env=environ,
        check=True,
        timeout=30,
    )
    calls = [call.strip() for call in log.read_text().splitlines()]
    installs = [call for call in calls if call.startswith("apt-get install")]
    assert len(installs) == 1 and re.search(r"\bredis-server\b", installs[0])
    assert calls.index(installs[0]) > calls.index("apt-get update -q")
    assert "python -m pip install -q -e .[test]" in calls
    assert calls[-1] == "python -m pytest -q tests/api -x"
    assert {"ruff check .", "ruff format --check .", "lint-imports"} <= set(calls)
