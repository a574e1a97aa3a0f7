"""The Slack app manifest (manifest.yml) creates a working, least-privilege Think Tank app in one paste.

These tests read the manifest as Slack would and check it against Slack's own manifest schema
(kept in tests/support/slack_spec, with its source and licence), the public interface (commands, shortcut,
Socket Mode) and the exact list of bot scopes and events.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from bot.slack.oauth import BOT_SCOPES

REPO_ROOT = Path(__file__).resolve().parents[2]
MANIFEST_PATH = REPO_ROOT / "manifest.yml"
SCOPES_DOC_PATH = REPO_ROOT / "docs" / "slack-scopes.md"
SCHEMA_PATH = REPO_ROOT / "tests" / "support" / "slack_spec" / "slack-manifest.schema.json"

# The smallest set of bot scopes Think Tank needs. Changing this set is a reviewed decision:
# update docs/slack-scopes.md and the README together with it.
EXPECTED_BOT_SCOPES = {
    "commands",  # /pitch, /idea, /thinktank and the "Save as idea" message shortcut
    "chat:write",  # pitch cards, stats posts, DMs and ephemeral answers
    "im:write",  # conversations.open for a 1:1 DM
    "mpim:write",  # conversations.open for the 3-person pairing group DM
    "channels:history",  # message.channels: count messages and thread replies
    "groups:history",  # message.groups: the same in private channels
    "reactions:read",  # reaction_added / reaction_removed
    "users:read",  # users.list / users.info (locale, time zone), team_join, user_change
    "channels:read",  # conversations.info and member_joined_channel, public channels
    "groups:read",  # conversations.info and member_joined_channel, private channels
    "files:write",  # files.getUploadURLExternal / files.completeUploadExternal (stats chart)
}

EXPECTED_BOT_EVENTS = {
    "message.channels",
    "message.groups",
    "reaction_added",
    "reaction_removed",
    "team_join",
    "user_change",
    "member_joined_channel",
    "app_home_opened",
    "app_uninstalled",
    "tokens_revoked",
}

# Event -> the bot scopes Slack's event reference lists for it ("Required scopes").
# An empty set means Slack says "No scopes required". member_joined_channel is delivered for
# public channels with channels:read and for private channels with groups:read; we want both.
EVENT_REQUIRED_SCOPES: dict[str, frozenset[str]] = {
    "message.channels": frozenset({"channels:history"}),
    "message.groups": frozenset({"groups:history"}),
    "message.im": frozenset({"im:history"}),
    "message.mpim": frozenset({"mpim:history"}),
    "reaction_added": frozenset({"reactions:read"}),
    "reaction_removed": frozenset({"reactions:read"}),
    "team_join": frozenset({"users:read"}),
    "user_change": frozenset({"users:read"}),
    "member_joined_channel": frozenset({"channels:read", "groups:read"}),
    "member_left_channel": frozenset({"channels:read", "groups:read"}),
    "app_mention": frozenset({"app_mentions:read"}),
    "app_home_opened": frozenset(),
    "app_uninstalled": frozenset(),
    "tokens_revoked": frozenset(),
}

# Scopes that would give the bot more reach than Think Tank needs or promises.
FORBIDDEN_SCOPES = {"chat:write.public", "channels:join", "im:history", "users:read.email"}

COMMANDS = {
    "/pitch": ("[title]", "Pitch an idea, a challenge or an experiment"),
    "/idea": (
        "list | show N | search WORDS | mine | follow N | status N STATUS",
        "Browse and follow the community's ideas",
    ),
    "/thinktank": (
        "language fi|en|sv | settings | stats | report | pair | privacy",
        "Think Tank help, language, settings, figures and pairing",
    ),
}


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses duplicate keys (plain PyYAML keeps the last one silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


@pytest.fixture(scope="module")
def manifest_text() -> str:
    assert MANIFEST_PATH.is_file(), f"{MANIFEST_PATH} is missing"
    return MANIFEST_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def manifest(manifest_text: str) -> dict[str, Any]:
    data = yaml.load(manifest_text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass
    assert isinstance(data, dict), "manifest.yml must be a YAML mapping"
    return data


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    if not SCHEMA_PATH.is_file():
        pytest.fail(
            f"Slack's manifest schema was not found at {SCHEMA_PATH}; it is kept in the repository "
            "(tests/support/slack_spec/README.md)."
        )
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> jsonschema.protocols.Validator:
    # Use the draft the schema declares in "$schema" (draft-07 for Slack's manifest schema 1.0.0).
    assert schema.get("$schema") == "http://json-schema.org/draft-07/schema#"
    cls = jsonschema.validators.validator_for(schema)
    assert cls is jsonschema.Draft7Validator
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _errors(validator: jsonschema.protocols.Validator, instance: Any) -> list[str]:
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(top)'}: {error.message}"
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    ]


def _bot_scopes(manifest: dict[str, Any]) -> list[str]:
    return manifest["oauth_config"]["scopes"]["bot"]


def _bot_events(manifest: dict[str, Any]) -> list[str]:
    return manifest["settings"]["event_subscriptions"]["bot_events"]


# --- Slack's schema -------------------------------------------------------------------------------


def test_manifest_is_valid_against_slacks_manifest_schema(manifest, validator):
    assert _errors(validator, manifest) == []


def _add_unknown_top_level_key(m):
    m["bot_settings"] = {"always_online": True}


def _make_socket_mode_a_string(m):
    m["settings"]["socket_mode_enabled"] = "yes"


def _drop_the_app_name(m):
    del m["display_information"]["name"]


def _make_the_description_too_long(m):
    m["display_information"]["description"] = "x" * 141


def _make_the_long_description_too_short(m):
    m["display_information"]["long_description"] = "Too short."


def _use_an_unknown_shortcut_type(m):
    m["features"]["shortcuts"][0]["type"] = "channel"


def _drop_the_slash_from_a_command(m):
    m["features"]["slash_commands"][0]["command"] = "pitch"


def _make_bot_scopes_a_string(m):
    m["oauth_config"]["scopes"]["bot"] = "commands,chat:write"


@pytest.mark.parametrize(
    "break_it",
    [
        _add_unknown_top_level_key,
        _make_socket_mode_a_string,
        _drop_the_app_name,
        _make_the_description_too_long,
        _make_the_long_description_too_short,
        _use_an_unknown_shortcut_type,
        _drop_the_slash_from_a_command,
        _make_bot_scopes_a_string,
    ],
)
def test_schema_rejects_a_broken_copy_of_the_manifest(manifest, validator, break_it):
    """The schema check is not vacuous: a deliberately broken manifest fails it."""
    broken = copy.deepcopy(manifest)
    break_it(broken)
    assert _errors(validator, broken), f"{break_it.__name__} should have made the manifest invalid"


def test_manifest_yaml_has_no_duplicate_keys():
    with pytest.raises(yaml.constructor.ConstructorError, match="duplicate key"):
        yaml.load("settings:\n  a: 1\n  a: 2\n", Loader=_UniqueKeyLoader)


def test_manifest_targets_schema_version_1_1(manifest):
    assert manifest["_metadata"] == {"major_version": 1, "minor_version": 1}


# --- What people see ------------------------------------------------------------------------------


def test_display_information_fits_slacks_limits(manifest):
    info = manifest["display_information"]
    assert info["name"] == "Think Tank"
    assert 0 < len(info["description"]) <= 139
    # Slack's schema requires 175-4000 characters when a long description is given.
    assert 175 <= len(info["long_description"]) <= 4000


def test_background_color_is_a_hex_colour(manifest):
    # The schema spells this check "regex" instead of "pattern", so JSON Schema validators ignore
    # it; check it here instead.
    colour = manifest["display_information"]["background_color"]
    assert re.fullmatch(r"#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?", colour)


def test_bot_user_is_think_tank_and_always_online(manifest):
    assert manifest["features"]["bot_user"] == {"display_name": "Think Tank", "always_online": True}


def test_app_home_tab_is_on_and_members_may_answer_dms(manifest):
    assert manifest["features"]["app_home"] == {
        "home_tab_enabled": True,
        "messages_tab_enabled": True,
        "messages_tab_read_only_enabled": False,
    }


def test_the_three_slash_commands_are_declared_with_their_usage(manifest):
    commands = manifest["features"]["slash_commands"]
    assert [c["command"] for c in commands] == list(COMMANDS)
    for command in commands:
        usage_hint, description = COMMANDS[command["command"]]
        assert command["usage_hint"] == usage_hint
        assert command["description"] == description
        assert command["should_escape"] is False


def test_save_as_idea_is_a_message_shortcut(manifest):
    shortcuts = manifest["features"]["shortcuts"]
    assert len(shortcuts) == 1
    shortcut = shortcuts[0]
    assert shortcut["type"] == "message"
    assert shortcut["name"] == "Save as idea"
    assert shortcut["callback_id"] == "save_as_idea"
    assert shortcut["description"].strip()


# --- Socket Mode ----------------------------------------------------------------------------------


def test_socket_mode_is_on_with_interactivity_and_no_request_urls(manifest):
    settings = manifest["settings"]
    assert settings["socket_mode_enabled"] is True
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["org_deploy_enabled"] is False
    assert settings["token_rotation_enabled"] is False
    # In Socket Mode Slack needs no URLs; they are only shown as comments for HTTP mode.
    assert "request_url" not in settings["event_subscriptions"]
    assert "request_url" not in settings["interactivity"]
    assert all("url" not in c for c in manifest["features"]["slash_commands"])
    assert "redirect_urls" not in manifest["oauth_config"]


def test_http_mode_urls_appear_only_in_comments(manifest_text):
    lines = [line for line in manifest_text.splitlines() if "YOUR-HOST" in line]
    assert any("https://YOUR-HOST/slack/events" in line for line in lines)
    for line in lines:
        assert line.lstrip().startswith("#"), f"a placeholder URL outside a comment: {line!r}"


# --- Scopes and events ----------------------------------------------------------------------------


def test_bot_scopes_are_exactly_the_minimal_set(manifest):
    scopes = _bot_scopes(manifest)
    assert len(scopes) == len(set(scopes)), "a bot scope is listed twice"
    assert set(scopes) == EXPECTED_BOT_SCOPES


def test_an_oauth_install_asks_for_the_manifests_scopes_in_its_order(manifest):
    # The install page and the manifest must ask for the same thing, or Slack refuses the install.
    assert list(BOT_SCOPES) == _bot_scopes(manifest)


def test_only_bot_scopes_are_requested(manifest):
    assert set(manifest["oauth_config"]["scopes"]) == {"bot"}


def test_no_forbidden_or_admin_scopes(manifest):
    scopes = set(_bot_scopes(manifest))
    assert not scopes & FORBIDDEN_SCOPES
    assert not [s for s in scopes if s.startswith("admin")]


def test_bot_events_are_exactly_the_expected_ones(manifest):
    events = _bot_events(manifest)
    assert len(events) == len(set(events)), "an event is listed twice"
    assert set(events) == EXPECTED_BOT_EVENTS
    assert "user_events" not in manifest["settings"]["event_subscriptions"]


def test_every_subscribed_event_has_its_required_scopes(manifest):
    scopes = set(_bot_scopes(manifest))
    unknown = [e for e in _bot_events(manifest) if e not in EVENT_REQUIRED_SCOPES]
    assert not unknown, f"add these events to EVENT_REQUIRED_SCOPES from Slack's docs: {unknown}"
    missing = {
        event: sorted(EVENT_REQUIRED_SCOPES[event] - scopes)
        for event in _bot_events(manifest)
        if EVENT_REQUIRED_SCOPES[event] - scopes
    }
    assert missing == {}


def test_every_scope_is_explained_in_the_docs(manifest):
    assert SCOPES_DOC_PATH.is_file(), f"{SCOPES_DOC_PATH} is missing"
    doc = SCOPES_DOC_PATH.read_text(encoding="utf-8")
    for name in [*_bot_scopes(manifest), *_bot_events(manifest)]:
        assert f"`{name}`" in doc, f"docs/slack-scopes.md does not explain `{name}`"
