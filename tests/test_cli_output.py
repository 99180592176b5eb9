"""The command line's output: written whole or not at all, and a full disk is not a bug."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conflictevents import cli
from conflictevents._cli import output as _cli_output

SCRIPT = Path(sys.executable).with_name("conflictevents")
DATA = Path(__file__).parent / "data"
FULL = Path("/dev/full")

needs_dev_full = pytest.mark.skipif(not FULL.exists(), reason="no /dev/full here")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the reference data set, a revised copy and a General Staff file."""
    root = tmp_path_factory.mktemp("output")
    assert cli.main(["example", "-o", str(root / "claims.jsonl")]) == 0
    lines = (root / "claims.jsonl").read_text().splitlines()
    revised = [lines[0], *lines[2:]]  # one record fewer: diff lists it
    (root / "revised.jsonl").write_text("\n".join(revised) + "\n")
    records = json.loads((DATA / "general-staff" / "russia_losses_personnel.json").read_text())
    (root / "gs.json").write_text(json.dumps(records[:5], indent=2))
    broken = json.dumps(records[:40], indent=2)
    (root / "gs-broken.json").write_text(broken[: broken.rindex("{") + 20])  # cut short
    return root


# Every command, with arguments that make it write something to its output.
COMMANDS = {
    "validate": ["validate", "claims.jsonl"],
    "reconcile": ["reconcile", "claims.jsonl"],
    "schema": ["schema"],
    "example": ["example"],
    "diff": ["diff", "claims.jsonl", "revised.jsonl"],
    "import": ["import", "general-staff", "gs.json"],
}
WITH_OUTPUT = ("reconcile", "schema", "example", "import")
OK = {"validate": 0, "reconcile": 0, "schema": 0, "example": 0, "diff": 1, "import": 0}


def _run(args: list[str], cwd: Path, **options: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args],
        cwd=cwd,
        text=True,
        capture_output="stdout" not in options,
        stderr=subprocess.PIPE if "stdout" in options else None,
        timeout=120,
        check=False,
        **options,  # type: ignore[arg-type]
    )


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


@needs_dev_full
class TestFullDisk:
    """An OS error writing the output is exit 4 with one line naming it, never exit 3."""

    @pytest.mark.parametrize("command", WITH_OUTPUT)
    def test_output_file_on_a_full_disk(self, files, command):
        """`-o /dev/full`: exit 4, "/dev/full: cannot write: No space left on device"."""
        result = _run([*COMMANDS[command], "-o", str(FULL)], files)
        assert result.returncode == cli.EXIT_OUTPUT, result.stderr
        assert result.stderr.splitlines()[-1 if command != "import" else -2] == (
            f"{FULL}: cannot write: No space left on device"
        )
        assert "internal error" not in result.stderr
        assert stat.S_ISCHR(FULL.stat().st_mode)  # a device is written to, never replaced

    @pytest.mark.parametrize("command", sorted(COMMANDS))
    def test_standard_output_on_a_full_disk(self, files, command):
        """Standard output on a full disk: exit 4, "<stdout>: cannot write: ...", no traceback."""
        with FULL.open("w") as full:
            result = _run(COMMANDS[command], files, stdout=full)
        assert result.returncode == cli.EXIT_OUTPUT, result.stderr
        assert "<stdout>: cannot write: No space left on device" in result.stderr.splitlines()
        assert "Traceback" not in result.stderr
        assert "internal error" not in result.stderr


class TestWholeOrNothing:
    """A command that stops leaves its `-o` file as it was, and no temporary file."""

    @pytest.mark.parametrize("command", WITH_OUTPUT)
    def test_disk_full_at_the_end_keeps_the_old_file(self, files, tmp_path, monkeypatch, command):
        """The last sync fails: exit 4, the old file is untouched, nothing is left beside it."""

        def full(_descriptor: int) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(_cli_output.os, "fsync", full)
        monkeypatch.chdir(files)
        target = tmp_path / "out.txt"
        target.write_text("OLD")
        assert cli.main([*COMMANDS[command], "-o", str(target)]) == cli.EXIT_OUTPUT
        assert target.read_text() == "OLD"
        assert _leftovers(tmp_path) == []

    @pytest.mark.parametrize("command", WITH_OUTPUT)
    def test_interrupted_command_keeps_the_old_file(self, files, tmp_path, monkeypatch, command):
        """Interrupted at its first write: exit 130, the old file untouched, nothing left beside it."""
        calls = []

        def interrupted(self: object, text: str) -> int:
            calls.append(text)
            raise KeyboardInterrupt

        monkeypatch.setattr(_cli_output._Guarded, "write", interrupted)
        monkeypatch.chdir(files)
        target = tmp_path / "out.txt"
        target.write_text("OLD")
        code = cli.main([*COMMANDS[command], "-o", str(target)])
        assert calls, "the command wrote nothing to its output"
        assert code == 130
        assert target.read_text() == "OLD"
        assert _leftovers(tmp_path) == []

    def test_import_stopped_by_the_file_writes_nothing(self, files, tmp_path):
        """A General Staff file cut short: rows before the cut are counted, nothing written."""
        target = tmp_path / "gs.jsonl"
        target.write_text("OLD")
        result = _run(["import", "general-staff", "gs-broken.json", "-o", str(target)], files)
        assert result.returncode == 1
        assert target.read_text() == "OLD"
        assert _leftovers(tmp_path) == []
        *_, problem, count = result.stderr.splitlines()
        assert problem.startswith("gs-broken.json:")
        assert count == (
            "gs-broken.json: 39 rows, 39 imported as 78 claims, 0 rejected; "
            "stopped by the problem above: nothing written"
        )
        fresh = tmp_path / "new.jsonl"
        assert _run(["import", "general-staff", "gs-broken.json", "-o", str(fresh)], files)
        assert not fresh.exists()

    @pytest.mark.parametrize(
        "args",
        [
            ["reconcile", "claims.jsonl", "missing.jsonl"],
            ["reconcile", "gs.json"],
            ["import", "general-staff", "gs-broken.json"],
            ["import", "acled", "gs.json"],
        ],
        ids=["reconcile-missing", "reconcile-not-records", "import-cut-short", "import-no-header"],
    )
    def test_unreadable_input_keeps_the_old_file(self, files, tmp_path, args):
        """A problem with a whole input file: non-zero exit, the old file untouched."""
        target = tmp_path / "out.txt"
        target.write_text("OLD")
        result = _run([*args, "-o", str(target)], files)
        assert result.returncode in {1, 2}
        assert target.read_text() == "OLD"
        assert _leftovers(tmp_path) == []

    def test_import_stopped_on_standard_output_says_so(self, files):
        """To standard output, the claims before the problem are out: the count line says so."""
        result = _run(["import", "general-staff", "gs-broken.json"], files)
        assert result.returncode == 1
        assert result.stdout.startswith('{"format":"conflictevents/1"}\n')
        assert result.stderr.splitlines()[-1].endswith(
            "stopped by the problem above: the output is incomplete"
        )

    def test_undecodable_byte_on_standard_input_rejects_its_row(self, files):
        """`import acled -`: a bad byte in row 3 of standard input rejects that row only."""
        data = (DATA / "acled" / "acled_fictional.csv").read_bytes().split(b"\n")
        data[2] = data[2].replace(b"Fictional", b"Fict\xffional")
        result = subprocess.run(
            [str(SCRIPT), "import", "acled", "-"],
            input=b"\n".join(data),
            capture_output=True,
            cwd=files,
            timeout=120,
            check=False,
        )
        errors = result.stderr.decode().splitlines()
        assert errors[0].startswith("<stdin>:3: notes: cannot decode the bytes b'\\xff'")
        assert errors[-1] == "<stdin>: 7 rows, 5 imported as 10 claims, 2 rejected"

    @pytest.mark.parametrize("command", WITH_OUTPUT)
    def test_complete_output_replaces_the_file(self, files, tmp_path, monkeypatch, command):
        """A command that completes replaces the file whole, keeping its permissions."""
        monkeypatch.chdir(files)
        target = tmp_path / "out.txt"
        target.write_text("OLD" * 100_000)
        target.chmod(0o640)
        assert cli.main([*COMMANDS[command], "-o", str(target)]) == OK[command]
        assert "OLD" not in target.read_text()
        assert stat.S_IMODE(target.stat().st_mode) == 0o640
        assert _leftovers(tmp_path) == []

    def test_new_file_gets_the_usual_permissions(self, files, tmp_path, monkeypatch):
        """A new output file has the permissions open() would give it (0o666 less the umask)."""
        monkeypatch.chdir(files)
        umask = os.umask(0o022)
        try:
            assert cli.main(["schema", "-o", str(tmp_path / "schema.json")]) == 0
        finally:
            os.umask(umask)
        assert stat.S_IMODE((tmp_path / "schema.json").stat().st_mode) == 0o644

    def test_symbolic_link_is_written_through(self, files, tmp_path, monkeypatch):
        """`-o LINK` replaces the file the link points to; the link stays a link."""
        monkeypatch.chdir(files)
        real = tmp_path / "real.json"
        real.write_text("OLD")
        link = tmp_path / "link.json"
        link.symlink_to(real)
        assert cli.main(["schema", "-o", str(link)]) == 0
        assert link.is_symlink()
        assert real.read_text().startswith("{")

    def test_a_device_is_written_to(self, files, monkeypatch):
        """`-o /dev/null` writes to the device (never renames a file over it)."""
        monkeypatch.chdir(files)
        assert cli.main(["schema", "-o", os.devnull]) == 0
        assert stat.S_ISCHR(Path(os.devnull).stat().st_mode)
