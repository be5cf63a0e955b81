"""The session cookie decoded once per value (facilitation/web/sessions.py), as safe as Flask's own."""

import copy

from flask import session

from .conftest import join_as_participant


def cookie_of(client) -> str:
    return client.get_cookie("session").value


def test_a_cookie_is_verified_once_and_each_request_gets_its_own_copy(app, workshop):
    phone = app.test_client()
    join_as_participant(phone, workshop.code)
    interface, verified = app.session_interface, []
    original = interface.get_signing_serializer

    def counting(flask_app):
        serializer = original(flask_app)
        loads = serializer.loads
        serializer.loads = lambda *args, **kwargs: verified.append(1) or loads(*args, **kwargs)
        return serializer

    interface.get_signing_serializer = counting
    value = cookie_of(phone)
    seen = []
    for _request in range(3):
        with app.test_request_context(headers={"Cookie": f"session={value}"}):
            seen.append(copy.deepcopy(dict(session)))
            session["participants"]["tampered"] = "x"  # changed in place, in this request only
    assert seen[0] == seen[1] == seen[2] and "tampered" not in seen[2]["participants"]
    assert len(verified) <= 1  # the join's own requests may have kept it already


def test_a_forged_cookie_is_never_taken_for_a_kept_one(app, workshop):
    phone = app.test_client()
    join_as_participant(phone, workshop.code)
    value = cookie_of(phone)
    with app.test_request_context(headers={"Cookie": f"session={value}"}):
        assert session.get("participants")
    payload, _, signature = value.rpartition(".")
    forged = payload + "." + ("A" if signature[0] != "A" else "B") + signature[1:]
    with app.test_request_context(headers={"Cookie": f"session={forged}"}):
        assert not session.get("participants")
    with app.test_request_context(headers={"Cookie": "session=" + value[:-3]}):
        assert dict(session) == {}
