import os
import subprocess
import sys

import pytest

from crm_core.errors import ConfigError
from crm_core.names import fold, normalize_email, normalize_name, normalize_phone
from crm_core.settings import from_environ


def test_defaults_are_the_embedded_setup():
    settings = from_environ({})
    assert (settings.database_url, settings.broker_url, settings.timezone) == ("sqlite:///crm.db", None, "UTC")


def test_environment_overrides_and_blank_means_unset():
    settings = from_environ({"DATABASE_URL": "postgresql://x@h/db", "BROKER_URL": " ", "CRM_TIMEZONE": "Europe/Berlin"})
    assert settings.database_url == "postgresql://x@h/db" and settings.broker_url is None
    assert str(settings.tz) == "Europe/Berlin"


@pytest.mark.parametrize("env, says", [({"CRM_TIMEZONE": "Mars/Olympus"}, "not a time zone"),
                                       ({"CRM_UNDO_WINDOW_MINUTES": "soon"}, "whole number")])
def test_bad_settings_say_what_is_wrong(env, says):
    with pytest.raises(ConfigError, match=says):
        from_environ(env)


def test_dotenv_file_is_honoured(tmp_path):
    (tmp_path / ".env").write_text("DATABASE_URL=sqlite:///from-dotenv.db\n")
    code = "from crm_core.settings import get_settings; print(get_settings().database_url)"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "sqlite:///from-dotenv.db"


@pytest.mark.parametrize("name, norm", [
    ("Müller & Söhne GmbH", "muller and sohne"),
    ("O'Brien Logistics", "obrien logistics"),
    ("ACME Corp.", "acme"),
    ("Kwik-E-Mart, Inc.", "kwik e mart"),
    ("Straße Ltd", "strasse"),
    ("Company", "company"),
])
def test_names_match_whatever_the_case_accents_punctuation_and_suffix(name, norm):
    assert normalize_name(name) == norm


def test_fold_keeps_words_apart():
    assert fold("  D'Angelo's   Bakery!! ") == "dangelos bakery"


def test_emails_and_phones():
    assert normalize_email("  Bob@Example.COM ") == "bob@example.com"
    assert normalize_email("") is None
    assert normalize_phone("+44 (20) 5550-0102") == "+442055500102"
    assert normalize_phone("0044 20 5550 0102") == "+442055500102"
    for bad in ("bob@", "@x.com", "a b@c.d"):
        with pytest.raises(ValueError):
            normalize_email(bad)
    with pytest.raises(ValueError):
        normalize_phone("12")
