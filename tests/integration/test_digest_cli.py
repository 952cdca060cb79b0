"""`crm digest --preview USER` as a user runs it: the digest on stdout, the chart in a file, clear refusals."""
import os
import sqlite3
import subprocess
import sys

import pytest

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def crm(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'crm.db'}", "CRM_TIMEZONE": "UTC"}

    def run(*args, stdin=""):
        return subprocess.run([sys.executable, "-c", "import sys; from crm_core.cli import main; sys.exit(main())",
                               *args], cwd=tmp_path, env=env, input=stdin, capture_output=True, text=True, timeout=120)

    assert run("demo").returncode == 0
    return run


def test_preview_prints_the_digest_and_writes_the_chart(crm, tmp_path):
    done = crm("digest", "--preview", "dana", "--since", "2020-01-01", "--out", "chart.png")
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(tmp_path / "crm.db") as db:
        deals = db.execute("SELECT count(*) FROM deals WHERE created_at >= '2020-01-01'").fetchone()[0]
        tickets = db.execute("SELECT count(*) FROM tickets WHERE created_at >= '2020-01-01'").fetchone()[0]
    assert done.stdout.startswith("Digest for Dana Whitfield: ")
    assert f"  {deals} created (" in done.stdout and f"  {tickets} opened, " in done.stdout
    assert done.stdout.rstrip().endswith("Chart written to chart.png")
    assert (tmp_path / "chart.png").read_bytes().startswith(PNG_SIGNATURE)


def test_the_default_chart_path_is_printed(crm, tmp_path):
    done = crm("digest", "--preview", "Kenji Sato")
    assert done.returncode == 0, done.stderr
    assert "Chart written to digest-kenji-sato.png" in done.stdout
    assert (tmp_path / "digest-kenji-sato.png").read_bytes().startswith(PNG_SIGNATURE)


@pytest.mark.parametrize("args, said", [
    (("--preview", "nobody"), "I don't know a teammate called “nobody”"),
    (("--preview", "maria"), "Digests are for managers and admins; your role is rep"),
    (("--preview", "dana", "--since", "last tuesday"), "“last tuesday” is not a time"),
    (("--preview", "dana", "--since", "2999-01-01"), "is not in the past"),
])
def test_bad_input_is_an_error_on_stderr_with_a_nonzero_exit(crm, tmp_path, args, said):
    done = crm("digest", *args)
    assert done.returncode != 0 and said in done.stderr and done.stdout == ""
    assert not list(tmp_path.glob("*.png"))


def test_a_manager_subscribes_reads_and_stops_the_digest_in_chat(crm):
    done = crm("chat", "--as", "dana", stdin="send me a daily digest at 8am\nshow me the digest\nstop my digest\n")
    assert done.returncode == 0, done.stderr
    assert "I'll send you a digest every day at 08:00 (America/New_York) in the console." in done.stdout
    assert "Digest for Dana Whitfield: " in done.stdout and "Open pipeline:" in done.stdout
    assert "Your digest is stopped." in done.stdout
