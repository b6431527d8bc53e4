"""The Slack app manifests declare exactly what the app needs and handles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from sherlock.slack.app import COMMAND
from sherlock.slack.http import DEFAULT_PATH

ROOT = Path(__file__).resolve().parents[2] / "slack"
SCOPES = ["app_mentions:read", "chat:write", "commands", "im:history", "im:read", "im:write"]


def _load(name: str) -> dict[str, Any]:
    data = YAML(typ="safe").load((ROOT / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("name", ["manifest.yaml", "manifest-socket-mode.yaml"])
def test_scopes_events_command_and_interactivity(name: str) -> None:
    manifest = _load(name)
    assert manifest["_metadata"]["major_version"] == 1
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == sorted(SCOPES)
    assert manifest["settings"]["event_subscriptions"]["bot_events"] == [
        "app_mention",
        "message.im",
    ]
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == [COMMAND]
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True  # DMs


def test_http_manifest_points_everything_at_the_one_endpoint() -> None:
    manifest = _load("manifest.yaml")
    settings = manifest["settings"]
    urls = [
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
        manifest["features"]["slash_commands"][0]["url"],
    ]
    assert all(url.startswith("https://") and url.endswith(DEFAULT_PATH) for url in urls)
    assert settings["socket_mode_enabled"] is False


def test_socket_mode_manifest_has_no_urls() -> None:
    manifest = _load("manifest-socket-mode.yaml")
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert "request_url" not in manifest["settings"]["event_subscriptions"]
    assert "url" not in manifest["features"]["slash_commands"][0]
