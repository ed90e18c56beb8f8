"""Credentials never appear in errors, logs, settings views or exports."""

import logging

import pytest

from kg.runtime.settings import Settings
from kg.core.errors import StoreError
from kg.app.service import Evergreen
from tests.servers import free_port

SECRET = "s3cr3t-Pa55"


def test_unreachable_endpoint_error_does_not_show_the_password(caplog):
    url = f"http://admin:{SECRET}@127.0.0.1:{free_port()}/query"
    caplog.set_level(logging.DEBUG)
    with Evergreen(Settings(store=url, store_timeout=2)) as svc:
        with pytest.raises(StoreError) as error:
            svc.facts()
        assert "Cannot reach" in str(error.value)
        assert SECRET not in str(error.value) and SECRET not in repr(svc.store)
    assert SECRET not in caplog.text


def test_endpoint_refusing_credentials_error_does_not_show_them(tmp_path):
    from tests.servers import OxigraphServer

    server = OxigraphServer(tmp_path).start()
    try:
        settings = Settings(store=server.url.replace("/query", "/nowhere"), store_password=SECRET,
                            store_user="admin", openai_api_key=SECRET, store_token="")
        with Evergreen(settings) as svc:
            with pytest.raises(StoreError) as error:
                svc.facts()
        assert "HTTP 404" in str(error.value) and SECRET not in str(error.value)
    finally:
        server.stop()


def test_effective_settings_mask_every_secret():
    shown = Settings(store_password=SECRET, openai_api_key=SECRET, store_token=SECRET,
                     editor_password=SECRET).effective()
    assert SECRET not in repr(shown)
    assert {k for k, v in shown.items() if v == "••••••"} == Settings.secret_names()
