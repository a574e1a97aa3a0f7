"""The fake Slack behaves like Slack as far as slack_sdk, Socket Mode and Bolt can tell.

These tests use the real clients the app uses (slack_sdk's WebClient and built-in Socket Mode
client, Bolt's App), so a fake that drifts from what they expect fails here first.
"""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs

import pytest
from slack_bolt import App, BoltRequest
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import RateLimitErrorRetryHandler
from slack_sdk.signature import Clock, SignatureVerifier
from slack_sdk.socket_mode import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from tests.support import fake_slack
from tests.support import slack_payloads as payloads

FakeSlack = fake_slack.FakeSlack
SIGNING_SECRET = "test-signing-secret"


@pytest.fixture
def fake() -> Iterator[fake_slack.FakeSlack]:
    with FakeSlack() as server:
        yield server


@pytest.fixture
def client(fake: fake_slack.FakeSlack) -> WebClient:
    return WebClient(base_url=fake.api_url, token="xoxb-test")


# ---------------------------------------------------------------------- recording and parsing


def test_web_client_call_is_recorded_with_method_params_and_token(
    fake: fake_slack.FakeSlack, client: WebClient
) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}]
    response = client.chat_postMessage(channel="C0IDEAS001", text="hi", blocks=blocks)

    (call,) = fake.calls_to("chat.postMessage")
    assert call.token == "xoxb-test"
    assert call.params == {"channel": "C0IDEAS001", "text": "hi", "blocks": blocks}
    # slack_sdk sends chat.postMessage as a JSON body, so blocks arrive as a list, not a string.
    assert call.headers["content-type"].startswith("application/json")
    assert call.json("blocks") == blocks
    assert response["ts"] == call.response["ts"] == response["message"]["ts"]
    assert response["message"]["blocks"] == blocks
    assert response["message"]["bot_id"] == fake.bot_id


def test_form_encoded_body_parses_and_json_strings_stay_strings(
    fake: fake_slack.FakeSlack, client: WebClient
) -> None:
    blocks = [{"type": "divider"}]
    client.api_call("chat.postMessage", data={"channel": "C1", "text": "x", "blocks": json.dumps(blocks)})
    client.users_info(user="U0MEMBER01", include_locale=True)

    post, info = fake.calls
    assert post.headers["content-type"] == "application/x-www-form-urlencoded"
    assert post.params["blocks"] == json.dumps(blocks)
    assert post.json("blocks") == blocks
    assert post.json("text") == "x"
    assert post.json("missing", "default") == "default"
    # slack_sdk turns booleans into "1"/"0" in form bodies.
    assert info.params == {"user": "U0MEMBER01", "include_locale": "1"}


def test_query_string_and_raw_http_requests_are_understood(fake: fake_slack.FakeSlack) -> None:
    request = urllib.request.Request(
        f"{fake.api_url}conversations.info?channel=C0IDEAS001",
        headers={"Authorization": "Bearer xoxb-raw"},
    )
    with urllib.request.urlopen(request, timeout=5) as answer:
        body = json.load(answer)

    assert body["channel"] == {
        "id": "C0IDEAS001",
        "name": "channel-c0ideas001",
        "is_channel": True,
        "is_group": False,
        "is_im": False,
        "is_private": False,
        "is_member": True,
        "is_archived": False,
        "context_team_id": fake.team_id,
    }
    (call,) = fake.calls
    assert (call.method, call.params, call.token) == (
        "conversations.info",
        {"channel": "C0IDEAS001"},
        "xoxb-raw",
    )


def test_default_answers_have_slacks_shapes(fake: fake_slack.FakeSlack, client: WebClient) -> None:
    auth = client.auth_test()
    assert auth["user_id"] == fake.bot_user_id
    assert auth["team_id"] == fake.team_id
    assert auth["bot_id"] == fake.bot_id
    assert auth["is_enterprise_install"] is False

    first = client.chat_postMessage(channel="C1", text="a")["ts"]
    second = client.chat_postMessage(channel="C1", text="b")["ts"]
    assert first < second
    assert client.chat_update(channel="C1", ts=first, text="c")["ts"] == first
    assert client.chat_postEphemeral(channel="C1", user="U1", text="psst")["message_ts"] > second
    link = client.chat_getPermalink(channel="C1", message_ts="1700000000.000100")["permalink"]
    assert link == "https://test.slack.com/archives/C1/p1700000000000100"

    view = {"type": "modal", "callback_id": "pitch", "title": {"type": "plain_text", "text": "Pitch"}}
    opened = client.views_open(trigger_id="123.456.abc", view=view)["view"]
    assert opened["id"].startswith("V")
    assert opened["callback_id"] == "pitch"
    assert client.views_push(trigger_id="123.456.abc", view=view)["view"]["id"] != opened["id"]
    assert client.views_update(view_id=opened["id"], view=view)["view"]["id"] == opened["id"]
    assert client.views_publish(user_id="U1", view={"type": "home", "blocks": []})["ok"] is True

    assert client.pins_add(channel="C1", timestamp=first).data == {"ok": True}


def test_direct_messages_get_stable_ids(fake: fake_slack.FakeSlack, client: WebClient) -> None:
    dm = client.conversations_open(users="U0MEMBER01")["channel"]["id"]
    assert dm.startswith("D")
    assert client.conversations_open(users=["U0MEMBER01"])["channel"]["id"] == dm
    assert client.conversations_open(users="U0OTHER001")["channel"]["id"] != dm
    assert fake.dm_channel_id("U0MEMBER01") == dm
    # Posting to a user id lands in the DM, and Slack answers with the DM's id.
    assert client.chat_postMessage(channel="U0MEMBER01", text="hi")["channel"] == dm


def test_registered_channels_answer_conversations_info(fake: fake_slack.FakeSlack, client: WebClient) -> None:
    fake.add_channel("C0OLD00001", name="old-ideas", is_member=False, is_archived=True)
    channel = client.conversations_info(channel="C0OLD00001")["channel"]
    assert (channel["name"], channel["is_member"], channel["is_archived"]) == ("old-ideas", False, True)


# ---------------------------------------------------------------------- scripting


def test_queued_answers_are_used_in_order_then_the_default_returns(
    fake: fake_slack.FakeSlack, client: WebClient
) -> None:
    fake.queue("auth.test", {"ok": True, "user_id": "UFIRST"})
    fake.queue("auth.test", {"ok": True, "user_id": "USECOND"}, headers={"X-Extra": "yes"})

    assert client.auth_test()["user_id"] == "UFIRST"
    second = client.auth_test()
    assert second["user_id"] == "USECOND"
    assert second.headers["X-Extra"] == "yes"
    assert client.auth_test()["user_id"] == fake.bot_user_id


def test_queue_without_body_keeps_the_default_answer(fake: fake_slack.FakeSlack, client: WebClient) -> None:
    fake.queue("chat.postMessage", headers={"X-Slack-Req-Id": "abc"})
    response = client.chat_postMessage(channel="C1", text="hi")
    assert response["ts"]
    assert response.headers["X-Slack-Req-Id"] == "abc"


def test_error_next_answers_a_slack_error_once(fake: fake_slack.FakeSlack, client: WebClient) -> None:
    fake.error_next("chat.postMessage", "not_in_channel")

    with pytest.raises(SlackApiError) as error:
        client.chat_postMessage(channel="C1", text="hi")
    assert error.value.response.status_code == 200
    assert error.value.response["error"] == "not_in_channel"
    assert client.chat_postMessage(channel="C1", text="hi")["ok"] is True
    assert [call.ok for call in fake.calls_to("chat.postMessage")] == [False, True]


def test_fail_next_answers_an_http_error_once(fake: fake_slack.FakeSlack, client: WebClient) -> None:
    fake.fail_next("users.info", status=503)

    with pytest.raises(SlackApiError) as error:
        client.users_info(user="U1")
    assert error.value.response.status_code == 503
    assert client.users_info(user="U1")["ok"] is True
    assert [call.status for call in fake.calls_to("users.info")] == [503, 200]


def test_rate_limited_call_is_retried_by_slack_sdk_and_counted_once(fake: fake_slack.FakeSlack) -> None:
    retrying = WebClient(
        base_url=fake.api_url,
        token="xoxb-test",
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)],
    )
    fake.rate_limit_next("chat.postMessage", retry_after=0)

    assert retrying.chat_postMessage(channel="C1", text="once")["ok"] is True

    attempts = fake.calls_to("chat.postMessage")
    assert [call.status for call in attempts] == [429, 200]
    assert attempts[0].response == {"ok": False, "error": "ratelimited"}
    assert len(fake.successful_calls_to("chat.postMessage")) == 1


def test_rate_limit_without_retry_surfaces_retry_after(fake: fake_slack.FakeSlack, client: WebClient) -> None:
    fake.rate_limit_next("chat.postMessage", retry_after=7)

    with pytest.raises(SlackApiError) as error:
        client.chat_postMessage(channel="C1", text="x")
    assert error.value.response.status_code == 429
    assert error.value.response.headers["Retry-After"] == "7"
    assert error.value.response["error"] == "ratelimited"


def test_set_default_replaces_an_answer(fake: fake_slack.FakeSlack, client: WebClient) -> None:
    fake.set_default("conversations.members", lambda call: {"ok": True, "members": [call.params["channel"]]})
    assert client.conversations_members(channel="C1")["members"] == ["C1"]
    assert client.conversations_members(channel="C2")["members"] == ["C2"]


def test_a_broken_default_answer_is_a_recorded_500(fake: fake_slack.FakeSlack, client: WebClient) -> None:
    fake.set_default("team.info", lambda call: call.params["missing"])
    with pytest.raises(SlackApiError) as error:
        client.team_info()
    assert error.value.response.status_code == 500
    assert "KeyError" in error.value.response["error"]
    assert fake.calls_to("team.info")[0].status == 500


def test_reset_forgets_calls_and_scripts_but_keeps_users(
    fake: fake_slack.FakeSlack, client: WebClient
) -> None:
    fake.add_user("U0KEEP0001", locale="fi-FI")
    fake.error_next("auth.test", "invalid_auth")
    client.chat_postMessage(channel="C1", text="x")

    fake.reset()

    assert fake.calls == []
    assert client.auth_test()["ok"] is True
    assert client.users_info(user="U0KEEP0001", include_locale=True)["user"]["locale"] == "fi-FI"


# ---------------------------------------------------------------------- validation against the spec


def test_unknown_method_is_refused_and_recorded(fake: fake_slack.FakeSlack, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as error:
        client.api_call("chat.postMesage", json={"channel": "C1", "text": "typo"})
    assert error.value.response["error"] == "unknown_method"
    assert fake.calls_to("chat.postMesage")[0].ok is False


def test_missing_required_argument_is_invalid_arguments(
    fake: fake_slack.FakeSlack, client: WebClient
) -> None:
    with pytest.raises(SlackApiError) as error:
        client.api_call("chat.postMessage", json={"text": "where to?"})
    assert error.value.response["error"] == "invalid_arguments"
    assert error.value.response["response_metadata"]["messages"] == [
        "[ERROR] missing required field: channel"
    ]

    with pytest.raises(SlackApiError) as error:
        client.api_call("views.open", json={"view": {"type": "modal"}})
    assert error.value.response["error"] == "invalid_arguments"
    # interactivity_pointer stands in for trigger_id, as on real Slack.
    assert client.api_call("views.open", json={"view": {"type": "modal"}, "interactivity_pointer": "p"})["ok"]
    assert len(fake.calls) == 3


def test_scripted_answer_waits_for_a_valid_call(fake: fake_slack.FakeSlack, client: WebClient) -> None:
    fake.error_next("chat.postMessage", "channel_not_found")
    with pytest.raises(SlackApiError) as error:
        client.api_call("chat.postMessage", json={"channel": "C1"})  # nothing to show: Slack says no_text
    assert error.value.response["error"] == "no_text"
    with pytest.raises(SlackApiError) as error:
        client.chat_postMessage(channel="C1", text="now valid")
    assert error.value.response["error"] == "channel_not_found"


def test_missing_token_is_not_authed(fake: fake_slack.FakeSlack) -> None:
    with pytest.raises(SlackApiError) as error:
        WebClient(base_url=fake.api_url).chat_postMessage(channel="C1", text="x")
    assert error.value.response["error"] == "not_authed"
    assert fake.calls_to("chat.postMessage")[0].token is None


def test_methods_newer_than_the_spec_are_known(fake: fake_slack.FakeSlack, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as error:
        client.api_call("files.getUploadURLExternal", params={"filename": "a.txt"})
    assert error.value.response["error"] == "invalid_arguments"
    with pytest.raises(SlackApiError) as error:
        client.apps_connections_open(app_token="xoxb-not-an-app-token")
    assert error.value.response["error"] == "not_allowed_token_type"
    with pytest.raises(SlackApiError) as error:
        client.api_call("files.upload", data={"content": "x", "channels": "C1"})
    assert error.value.response["error"] == "method_deprecated"


def test_spec_is_loaded_once_per_process(fake: fake_slack.FakeSlack) -> None:
    spec = fake_slack.load_web_api_spec(fake_slack._spec_path())
    assert spec is fake_slack.load_web_api_spec(fake_slack._spec_path())
    assert spec["chat.postMessage"].required == ("channel",)
    assert spec["chat.postMessage"].needs_token is True
    assert spec["oauth.v2.access"].needs_token is False


# ---------------------------------------------------------------------- users


def test_users_info_returns_registered_unknown_and_bot_users(
    fake: fake_slack.FakeSlack, client: WebClient
) -> None:
    fake.add_user("U0ADMIN001", locale="fi-FI", tz="America/New_York", is_admin=True, real_name="Ada Admin")

    admin = client.users_info(user="U0ADMIN001", include_locale=True)["user"]
    assert admin["locale"] == "fi-FI"
    assert admin["tz"] == "America/New_York"
    assert admin["tz_offset"] in (-5 * 3600, -4 * 3600)
    assert (admin["is_admin"], admin["is_owner"], admin["is_bot"], admin["deleted"]) == (
        True,
        False,
        False,
        False,
    )
    assert admin["profile"] == {"real_name": "Ada Admin", "display_name": "u0admin001"}
    # Slack only includes the locale when asked to.
    assert "locale" not in client.users_info(user="U0ADMIN001")["user"]

    stranger = client.users_info(user="U0STRANGER", include_locale=True)["user"]
    assert (stranger["is_bot"], stranger["locale"]) == (False, "en-US")
    assert client.users_info(user=fake.bot_user_id)["user"]["is_bot"] is True


def test_users_list_pages_with_cursor(fake: fake_slack.FakeSlack, client: WebClient) -> None:
    ids = [f"U0PAGE000{n}" for n in range(5)]
    for user_id in ids:
        fake.add_user(user_id)
    fake.add_user("U0GONE0001", deleted=True)

    # SlackResponse follows response_metadata.next_cursor when iterated, as apps do. It reuses one
    # object for every page, so read each page while iterating.
    pages = [page["members"] for page in client.users_list(limit=2, include_locale=True)]

    assert [len(page) for page in pages] == [2, 2, 2]
    members = [member for page in pages for member in page]
    assert [member["id"] for member in members] == [*ids, "U0GONE0001"]
    assert all(member["locale"] == "en-US" for member in members)
    cursors = [call.params.get("cursor") for call in fake.calls_to("users.list")]
    assert cursors[0] is None
    assert all(cursors[1:])
    assert fake.calls_to("users.list")[-1].response["response_metadata"]["next_cursor"] == ""
    assert len(client.users_list()["members"]) == 6
    with pytest.raises(SlackApiError) as error:
        client.users_list(cursor="not-a-cursor")
    assert error.value.response["error"] == "invalid_cursor"


# ---------------------------------------------------------------------- files and response_url


def test_file_upload_flow_records_the_bytes(fake: fake_slack.FakeSlack, client: WebClient) -> None:
    response = client.files_upload_v2(
        channel="C0IDEAS001", content="week,ideas\n2024-W01,3\n", filename="stats.csv", title="Stats"
    )

    (file_id,) = fake.uploads
    assert fake.uploads[file_id] == b"week,ideas\n2024-W01,3\n"
    assert response["file"]["id"] == file_id
    assert response["file"]["title"] == "Stats"
    (complete,) = fake.calls_to("files.completeUploadExternal")
    assert complete.params["channel_id"] == "C0IDEAS001"
    assert complete.json("files") == [{"id": file_id, "title": "Stats"}]
    assert fake.calls_to("files.getUploadURLExternal")[0].params["length"] == "22"


def test_response_url_posts_are_recorded(fake: fake_slack.FakeSlack) -> None:
    body = json.dumps({"text": "done", "response_type": "ephemeral"}).encode()
    request = urllib.request.Request(
        fake.response_url("cmd1"), data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=5) as answer:
        assert json.load(answer) == {"ok": True}

    (call,) = fake.wait_for("response_url")
    assert call.params == {"text": "done", "response_type": "ephemeral"}
    assert call.path == "/response/cmd1"


# ---------------------------------------------------------------------- waiting


def test_wait_for_returns_calls_made_from_another_thread(
    fake: fake_slack.FakeSlack, client: WebClient
) -> None:
    worker = threading.Thread(
        target=lambda: [client.chat_postMessage(channel="C1", text=str(n)) for n in range(3)]
    )
    worker.start()
    try:
        calls = fake.wait_for("chat.postMessage", count=3, timeout=10)
    finally:
        worker.join()
    assert [call.params["text"] for call in calls] == ["0", "1", "2"]


def test_wait_for_timeout_names_what_was_recorded(fake: fake_slack.FakeSlack, client: WebClient) -> None:
    client.auth_test()
    with pytest.raises(AssertionError, match=r"chat\.postMessage.*'auth\.test': 1"):
        fake.wait_for("chat.postMessage", timeout=0.05)


# ---------------------------------------------------------------------- lifecycle


def test_start_and_stop_explicitly_release_the_ports() -> None:
    fake = FakeSlack().start()
    api_url = fake.api_url
    WebClient(base_url=api_url, token="xoxb-test").auth_test()
    fake.stop()
    fake.stop()  # idempotent

    assert not [t for t in threading.enumerate() if t.name.startswith("fake-slack")]
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{api_url}auth.test", timeout=2)


# ---------------------------------------------------------------------- Socket Mode


@pytest.fixture
def socket_client(fake: fake_slack.FakeSlack) -> Iterator[tuple[SocketModeClient, list[dict[str, Any]]]]:
    """A slack_sdk built-in Socket Mode client that acks every request with a payload echoing its type."""
    received: list[dict[str, Any]] = []
    sm_client = SocketModeClient(app_token="xapp-1-test", web_client=WebClient(base_url=fake.api_url))

    def on_message(_client: Any, message: dict[str, Any], _raw: str | None) -> None:
        received.append(message)

    def on_request(sm: SocketModeClient, request: SocketModeRequest) -> None:
        answer = {"text": f"got {request.type}"} if request.accepts_response_payload else None
        sm.send_socket_mode_response(SocketModeResponse(envelope_id=request.envelope_id, payload=answer))

    sm_client.message_listeners.append(on_message)
    sm_client.socket_mode_request_listeners.append(on_request)
    sm_client.connect()
    try:
        yield sm_client, received
    finally:
        # Close the client before the fake stops, or it would try to reconnect to a closed server.
        fake.close_socket_client(sm_client)


def test_socket_mode_client_connects_receives_and_acks(
    fake: fake_slack.FakeSlack, socket_client: tuple[SocketModeClient, list[dict[str, Any]]]
) -> None:
    _, received = socket_client
    fake.wait_connected()
    assert fake.connected
    assert fake.calls_to("apps.connections.open")[0].token == "xapp-1-test"

    command = payloads.slash_command("/pitch", "a better coffee machine")
    ack = fake.send_envelope("slash_commands", command)

    assert ack is not None
    assert ack["envelope_id"] == fake.envelopes[-1]["envelope_id"]
    assert ack["payload"] == {"text": "got slash_commands"}
    # The built-in client runs listeners on a thread pool, so messages may be seen in any order.
    (hello,) = [message for message in received if message.get("type") == "hello"]
    (envelope,) = [message for message in received if message.get("type") == "slash_commands"]
    assert hello["connection_info"] == {"app_id": "A0APP0001"}
    assert envelope["payload"] == command
    assert envelope["accepts_response_payload"] is True

    event_ack = fake.send_envelope("events_api", payloads.event_callback(payloads.message_event("hi")))
    assert event_ack is not None
    assert "payload" not in event_ack
    assert fake.envelopes[-1]["accepts_response_payload"] is False


def test_socket_mode_client_reconnects_after_disconnect(
    fake: fake_slack.FakeSlack, socket_client: tuple[SocketModeClient, list[dict[str, Any]]]
) -> None:
    fake.wait_connected()

    fake.disconnect_clients()

    fake.wait_for_connections(2)
    assert len(fake.calls_to("apps.connections.open")) >= 2
    assert fake.send_envelope("interactive", payloads.global_shortcut("new_idea"))["payload"] == {
        "text": "got interactive"
    }


def test_bolt_socket_mode_app_acks_and_calls_the_web_api(fake: fake_slack.FakeSlack) -> None:
    app = App(client=WebClient(base_url=fake.api_url, token="xoxb-test"), signing_secret=SIGNING_SECRET)

    @app.command("/pitch")
    def pitch(ack: Any, command: dict[str, Any], client: WebClient) -> None:
        ack(f"Pitched: {command['text']}")
        client.chat_postMessage(channel=command["channel_id"], text=command["text"])

    handler = SocketModeHandler(app, app_token="xapp-1-test")
    handler.connect()
    try:
        ack = fake.send_envelope("slash_commands", payloads.slash_command("/pitch", "solar benches"))
        (post,) = fake.wait_for("chat.postMessage")
    finally:
        fake.close_socket_client(handler.client)

    assert ack is not None
    assert ack["payload"]["text"] == "Pitched: solar benches"
    # Bolt's listener client adds the team_id of the request to every call.
    assert post.params == {"channel": "C0IDEAS001", "text": "solar benches", "team_id": "T0TEAM001"}


# ---------------------------------------------------------------------- payload builders


class _FixedClock(Clock):
    def __init__(self, now: float) -> None:
        self._now = now

    def now(self) -> float:
        return self._now


def test_signed_headers_verify_with_slack_sdk() -> None:
    body = payloads.form_body(payloads.slash_command("/idea"))
    headers = payloads.signed_headers(body, SIGNING_SECRET, timestamp=1_700_000_000)

    verifier = SignatureVerifier(SIGNING_SECRET, clock=_FixedClock(1_700_000_001))
    assert verifier.is_valid_request(body, headers)
    assert not verifier.is_valid_request(body + "&x=1", headers)


def test_http_bodies_decode_back_to_the_payload() -> None:
    command = payloads.slash_command("/idea", "a & b = c", user_id="U0X")
    assert {
        key: values[0]
        for key, values in parse_qs(payloads.form_body(command), keep_blank_values=True).items()
    } == command

    action = payloads.block_actions("vote", "idea-1")
    (encoded,) = parse_qs(payloads.interactive_body(action))["payload"]
    assert json.loads(encoded) == action


def test_payload_builders_have_slacks_shapes() -> None:
    action = payloads.block_actions("vote", "idea-1", message_ts="1700000000.000900")
    assert action["container"] == {
        "type": "message",
        "message_ts": "1700000000.000900",
        "channel_id": "C0IDEAS001",
        "is_ephemeral": False,
    }
    assert action["actions"][0]["value"] == "idea-1"
    assert action["response_url"].startswith("https://hooks.slack.com/")

    in_view = payloads.block_actions(
        "more", view={"id": "V0MODAL001", "type": "modal", "callback_id": "pitch"}
    )
    assert in_view["container"] == {"type": "view", "view_id": "V0MODAL001"}
    assert "response_url" not in in_view

    values = {
        "title": {"title": payloads.plain_input("Solar benches")},
        "stage": {"stage": payloads.radio("seed")},
        "tags": {"tags": payloads.multi_select(["green", "city"])},
        "flags": {"flags": payloads.checkboxes(["anonymous"])},
    }
    submission = payloads.view_submission("pitch_modal", values, private_metadata='{"c": "C1"}')
    assert submission["view"]["state"]["values"]["stage"]["stage"]["selected_option"]["value"] == "seed"
    assert submission["view"]["callback_id"] == "pitch_modal"

    shortcut = payloads.message_shortcut("save_as_idea", "We should plant trees")
    assert shortcut["type"] == "message_action"
    assert shortcut["message"]["user"] == "U0OTHER001"

    wrapper = payloads.event_callback(payloads.team_join_event(user_id="U0NEW00001"))
    assert wrapper["type"] == "event_callback"
    assert wrapper["event_id"].startswith("Ev")
    assert wrapper["authorizations"][0]["user_id"] == "U0BOT0001"
    assert wrapper["event"]["user"]["id"] == "U0NEW00001"
    assert payloads.app_home_opened_event()["tab"] == "home"
    assert payloads.reaction_added_event("bulb")["item"]["type"] == "message"


@pytest.mark.parametrize(
    ("payload", "content_type"),
    [
        (payloads.slash_command("/idea", "hello"), "application/x-www-form-urlencoded"),
        (payloads.block_actions("vote", "idea-1"), "application/x-www-form-urlencoded"),
        (payloads.event_callback(payloads.reaction_added_event("bulb")), "application/json"),
    ],
    ids=["command", "action", "event"],
)
def test_signed_requests_are_accepted_by_bolt_in_http_mode(
    fake: fake_slack.FakeSlack, payload: dict[str, Any], content_type: str
) -> None:
    # process_before_response runs listeners before dispatch returns instead of on a thread pool.
    app = App(
        client=WebClient(base_url=fake.api_url, token="xoxb-test"),
        signing_secret=SIGNING_SECRET,
        process_before_response=True,
    )
    seen: list[str] = []
    app.command("/idea")(lambda ack: (seen.append("command"), ack("ok")))
    app.action("vote")(lambda ack: (seen.append("action"), ack()))
    app.event("reaction_added")(lambda ack: (seen.append("event"), ack()))

    body, headers = payloads.signed_request(payload, SIGNING_SECRET)
    response = app.dispatch(BoltRequest(body=body, headers=headers))
    forged = app.dispatch(BoltRequest(body=body, headers={**headers, "X-Slack-Signature": "v0=0"}))

    assert headers["Content-Type"] == content_type
    assert response.status == 200
    assert len(seen) == 1
    assert forged.status == 401
