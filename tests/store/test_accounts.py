"""Accounts, sign-in attempts and sessions on both engines; the trail never holds a hash."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from layers.store.base import CLI, Account, Actor, ForbiddenError, NotFoundError

NOW = dt.datetime(2026, 12, 4, 8, 0, tzinfo=dt.UTC)
HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"


def test_accounts_add_change_remove_and_the_trail(store):
    store.put_account(Account("wang", "editor", HASH), actor=CLI, action="account.add")
    store.put_account(Account("wang", "admin", HASH), actor=CLI, action="account.role")
    [acc] = store.accounts()
    assert (acc.name, acc.role, acc.pw_hash) == ("wang", "admin", HASH) and acc.created_at
    assert store.account("wang") == acc and store.account("nobody") is None
    with pytest.raises(ForbiddenError):
        store.put_account(Account("li", "admin", HASH), actor=Actor("li", "editor"),
                          action="account.add")
    store.remove_account("wang", actor=CLI)
    with pytest.raises(NotFoundError):
        store.remove_account("wang", actor=CLI)
    trail = store.audit()
    assert [e.action for e in trail] == ["account.add", "account.role", "account.remove"]
    assert trail[1].before == {"name": "wang", "role": "editor"}
    assert HASH not in json.dumps([[e.before, e.after] for e in trail])


def test_signin_attempts_are_counted_per_name(store, twin):
    for minutes, ok in ((1, False), (2, False), (3, True), (20, False)):
        store.note_signin("wang", ok, NOW + dt.timedelta(minutes=minutes))
    store.note_signin("guess", False, NOW)
    assert twin.failures_since("wang", NOW) == 3
    assert twin.failures_since("wang", NOW + dt.timedelta(minutes=5)) == 1
    assert twin.failures_since("guess", NOW) == 1 and twin.failures_since("li", NOW) == 0


def test_sessions_expire_extend_close_and_end_with_the_account(store, twin):
    store.put_account(Account("wang", "editor", HASH), actor=CLI, action="account.add")
    store.open_session("wang", "tok1", NOW + dt.timedelta(hours=1))
    assert twin.session_account("tok1", NOW).name == "wang"
    assert twin.session_account("tok1", NOW + dt.timedelta(hours=2)) is None
    store.open_session("wang", "tok1", NOW + dt.timedelta(hours=3))  # the idle expiry moved
    assert twin.session_account("tok1", NOW + dt.timedelta(hours=2)).role == "editor"
    store.put_account(Account("wang", "viewer", HASH), actor=CLI, action="account.role")
    assert twin.session_account("tok1", NOW).role == "viewer"  # role changes at once
    store.close_session("tok1")
    assert twin.session_account("tok1", NOW) is None
    store.open_session("wang", "tok2", NOW + dt.timedelta(hours=1))
    store.remove_account("wang", actor=CLI)
    assert twin.session_account("tok2", NOW) is None
    assert store.audit()[-1].action == "account.remove"  # sessions are not trail entries
