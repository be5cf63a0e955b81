"""Thousands of random and malformed messages to every Socket.IO event and HTTP route, as a
participant and as a stranger: no uncaught exception, no 5xx, no change to any result, and the
server still serves afterwards. Events and routes are read from the app, not listed by hand."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitation import socketio
from facilitation.ratelimit import RateLimiter

from .conftest import join_as_participant, vote
from .test_authorization import CONNECTION_EVENTS, snapshot

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**63, 2**63) | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=6) | st.dictionaries(st.text(max_size=12), children, max_size=6),
    max_leaves=25,
)


def answer_like(ids):
    """Payloads shaped like the real ones, with wrong parts, to reach past the first checks."""
    return st.fixed_dictionaries(
        {},
        optional={
            "activity_id": st.sampled_from(ids) | json_values,
            # Never a valid option id: any accepted vote would then be a bug.
            "answer": st.fixed_dictionaries({}, optional={"choices": st.lists(st.text(max_size=3).filter(lambda t: t not in "abc" or not t), max_size=25) | json_values}) | json_values,
            "request_id": st.text(max_size=80) | json_values,
            "delta": st.integers(-3, 3) | json_values,
        },
    )


FUZZ = settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))


def relax_rate_limits(app):
    """The fuzzer sends faster than any person: lift the limits so it reaches the validation."""
    app.extensions["rate_limiter"] = RateLimiter(rules={rule: "1000000 per second" for rule in RateLimiter().rules})


def test_random_socket_messages_change_nothing(app, workshop, phone, database):
    relax_rate_limits(app)
    client = phone()
    vote(client, workshop.poll_id, ["a"], "the-real-vote")
    before = snapshot(database)
    events = sorted(set(socketio.server.handlers["/"]) - CONNECTION_EVENTS)
    acks = []

    @FUZZ
    @given(st.sampled_from(events), answer_like([workshop.poll_id]) | json_values)
    def fuzz(event, payload):
        if event == "respond" and isinstance(payload, dict) and payload.get("request_id") == "the-real-vote":
            payload = {**payload, "request_id": "fuzz"}
        ack = client.emit(event, payload, callback=True)
        acks.append(ack)
        assert isinstance(ack, dict) and "ok" in ack
        if not ack["ok"]:
            assert ack["error"]["code"] != "server_error", (event, payload)
            assert ack["error"]["message"]

    fuzz()
    assert len(acks) >= 500
    assert not [ack for ack in acks if ack["ok"] and "answer" in ack]
    # No random payload may have changed a vote, the agenda, or anything else.
    assert snapshot(database) == before
    assert client.is_connected()
    assert client.emit("sync", {}, callback=True)["ok"]


def test_random_connection_attempts_are_refused_cleanly(app, workshop):
    @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
    # A bare number as auth cannot even be encoded by the Socket.IO protocol (the packet's
    # digits would merge with it), so numbers are left out; every other JSON shape is tried.
    @given(st.none() | st.text(max_size=20) | st.lists(json_values, max_size=3)
           | st.dictionaries(st.text(max_size=10), json_values, max_size=5)
           | st.fixed_dictionaries({"role": st.sampled_from(["participant", "facilitator", "screen"]) | json_values,
                                                "workshop": st.sampled_from([workshop.id, workshop.code]) | json_values,
                                                "key": json_values, "token": json_values}))
    def fuzz(auth):
        client = socketio.test_client(app, auth=auth)
        assert not client.is_connected()

    fuzz()


path_values = st.integers(0, 10**6).map(str) | st.text(alphabet=st.characters(blacklist_characters="/?#%\x00", blacklist_categories=("Cs",)), min_size=1, max_size=30)


def test_random_http_requests_never_cause_a_server_error(app, workshop, facilitator, database):
    relax_rate_limits(app)
    stranger = app.test_client()
    participant = app.test_client()
    join_as_participant(participant, workshop.code)
    before = snapshot(database)
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]
    real = [str(workshop.id), str(workshop.poll_id), workshop.code, workshop.screen_secret]
    statuses = []

    @FUZZ
    @given(
        st.sampled_from(rules),
        st.sampled_from(["GET", "POST", "PATCH", "PUT", "DELETE"]),
        st.data(),
        st.sampled_from(["json", "form", "raw"]),
        st.booleans(),
    )
    def fuzz(rule, method, data, encoding, as_participant):
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda _m: data.draw(st.sampled_from(real) | path_values), rule.rule)
        client = participant if as_participant else stranger
        body = data.draw(json_values)
        if encoding == "json":
            response = client.open(path, method=method, json=body)
        elif encoding == "form":
            response = client.open(path, method=method, data=data.draw(st.dictionaries(st.text(max_size=10), st.text(max_size=50), max_size=5)))
        else:
            response = client.open(path, method=method, data=data.draw(st.binary(max_size=200)), content_type="application/json")
        statuses.append(response.status_code)
        assert response.status_code < 500, (method, path, response.status_code)

    fuzz()
    assert len(statuses) >= 500
    assert snapshot(database) == before
    assert stranger.get("/").status_code == 200
