"""`crm parse` as a subprocess against a scratch SQLite database: one TEXT, and --jsonl streaming."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from peewee import SqliteDatabase

from crm_core.models import ALL_MODELS, Customer
from crm_core.names import normalize_name

NOW = "2026-11-25T10:00:00"
CUSTOMERS = [("Acme Corporation", "Springfield"), ("Acme Labs", "Boston"), ("Müller & Söhne GmbH", "Berlin"),
             ("Initech", "Austin"), ("O'Brien Logistics", "Dublin")]


def add_customers(path: Path, names: list[tuple[str, str | None]]) -> None:
    db = SqliteDatabase(str(path), pragmas={"journal_mode": "wal", "busy_timeout": 10_000})
    with db.bind_ctx(ALL_MODELS), db.connection_context():
        for name, city in names:
            Customer.create(name=name, name_norm=normalize_name(name), city=city)
    db.close()


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    path = tmp_path_factory.mktemp("parse") / "crm.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
    subprocess.run(["crm", "db", "upgrade"], env=env, check=True, capture_output=True)
    add_customers(path, CUSTOMERS)
    env["CRM_TEST_DB_PATH"] = str(path)
    return env


def crm_parse(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["crm", "parse", *args], env=env, input=stdin, text=True, capture_output=True, timeout=60)


def test_one_text(env):
    done = crm_parse(env, "--now", NOW, "could you move the müller & söhne opportunity to negotiation?")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert result == {"text": "could you move the müller & söhne opportunity to negotiation?", "intent": "move_deal",
                      "slots": {"customer": "Müller & Söhne GmbH", "stage": "negotiation"},
                      "confidence": result["confidence"],
                      "evidence": {"customer": {"text": "müller & söhne", "span": [19, 33]},
                                   "stage": {"text": "negotiation", "span": [49, 60]}},
                      "action": "act"}
    assert "Müller" in lines[0]  # ensure_ascii=False
    assert 0 <= result["confidence"] <= 1


def test_dates_follow_now_and_the_time_zone(env):
    result = json.loads(crm_parse(env, "--now", NOW, "remind me friday to call initech").stdout)
    assert result["slots"] == {"when": "2026-11-27", "customer": "Initech", "text": result["slots"]["text"]}
    late = json.loads(crm_parse(env, "--now", "2026-11-25T23:30:00+00:00", "--tz", "Asia/Tokyo",
                                "remind me tomorrow to call initech").stdout)
    assert late["slots"]["when"] == "2026-11-27"


def test_jsonl_reads_plain_lines_and_json_objects(env):
    lines = ["log a call with acme corp, they want a demo, follow up friday",
             json.dumps({"text": "acme labs -> proposal", "intent": "move_deal"}),
             "",
             "close ticket 42",
             "x" * 5000,
             "{not json",
             json.dumps({"text": "info on o'brien logistics"}, ensure_ascii=False)]
    done = crm_parse(env, "--now", NOW, "--jsonl", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["intent"] for r in results] == ["log_activity", "move_deal", "unknown", "update_ticket", "unknown",
                                              "unknown", "show_customer"]
    assert results[0]["slots"]["customer"] == "Acme Corporation"
    assert results[0]["slots"]["follow_up"] == "2026-11-27"
    assert results[1]["text"] == "acme labs -> proposal"
    assert results[1]["slots"] == {"customer": "Acme Labs", "stage": "proposal"}
    assert results[6]["slots"] == {"customer": "O'Brien Logistics"}


def test_jsonl_streams_one_answer_per_line_and_sees_new_customers(env):
    process = subprocess.Popen(["crm", "parse", "--now", NOW, "--jsonl"], env=env, text=True,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        def ask(text: str) -> dict:
            process.stdin.write(text + "\n")
            process.stdin.flush()
            return json.loads(process.stdout.readline())

        assert ask("log a call with pied piper")["slots"]["customer"] == "pied piper"
        add_customers(Path(env["CRM_TEST_DB_PATH"]), [("Pied Piper Inc", "Palo Alto")])
        assert ask("log a call with pied piper")["slots"]["customer"] == "Pied Piper Inc"
        assert ask("show my pipeline")["slots"] == {"owner": "me"}
    finally:
        process.stdin.close()
        assert process.wait(timeout=30) == 0


def test_several_commands_in_one_message(env):
    result = json.loads(crm_parse(env, "--now", NOW, "log a call with initech, move them to proposal and remind me "
                                                     "friday").stdout)
    assert result["intent"] == "log_activity"
    assert [(f["intent"], f["slots"].get("customer")) for f in result["also"]] == [
        ("move_deal", "Initech"), ("remind", "Initech")]


def test_a_database_without_tables_resolves_nothing(tmp_path):
    path = tmp_path / "empty.db"
    SqliteDatabase(str(path)).connect()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
    result = json.loads(crm_parse(env, "--now", NOW, "log a call with acme corp").stdout)
    assert result["intent"] == "log_activity" and result["slots"]["customer"] == "acme corp"


def test_a_missing_sqlite_file_is_not_created(tmp_path):
    path = tmp_path / "nothing-here.db"
    done = crm_parse({**os.environ, "DATABASE_URL": f"sqlite:///{path}"}, "--now", NOW, "help")
    assert json.loads(done.stdout)["intent"] == "help"
    assert not path.exists()


def test_bad_arguments_fail_with_a_message(env):
    done = crm_parse(env, "--now", "next tuesday", "help")
    assert done.returncode == 2 and "--now" in done.stderr and done.stdout == ""
    done = crm_parse(env, "--tz", "Mars/Olympus", "help")
    assert done.returncode == 2 and "time zone" in done.stderr
    done = crm_parse(env)
    assert done.returncode == 2 and "Nothing to parse" in done.stderr


def test_now_defaults_to_the_current_time(env):
    result = json.loads(crm_parse(env, "remind me tomorrow to call initech").stdout)
    assert result["intent"] == "remind" and len(result["slots"]["when"]) == 10
