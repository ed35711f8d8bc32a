"""The trail (留痕) on both engines: one fault-injection case per kind of action (a change without
its entry cannot exist), and the restore rules of :meth:`layers.store.base.Store.restore`."""

from __future__ import annotations

import pytest
from shapely.geometry import Point

from layers.store.base import (
    ACTIONS,
    CLI,
    LOCAL,
    Account,
    Actor,
    ConflictError,
    ForbiddenError,
    StoreError,
)
from tests.store.conftest import frame, spec

WANG, LI = Actor("wang", "editor"), Actor("li", "editor")
LAYER = "register"
HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"


def _feature(store, n: int = 1) -> None:
    for i in range(n):
        store.insert_feature(LAYER, {"v": i}, Point(117.5, 36.7), actor=WANG)


def _deleted(store) -> None:
    _feature(store)
    store.delete_feature(LAYER, 1, version=1, actor=WANG)


def _updated(store) -> None:
    _feature(store)
    store.update_feature(LAYER, 1, {"v": "new"}, None, version=1, actor=WANG)


def _removed(store) -> None:
    store.add_layer(spec("a"), frame(), actor=WANG)
    store.remove_layer("a", actor=LOCAL)


def _account(store) -> None:
    store.put_account(Account("zhao", "viewer", HASH), actor=CLI, action="account.add")


def _nothing(store) -> None:  # noqa: ARG001 (an empty workspace)
    return None


def _last(store) -> int:
    return store.audit()[-1].id


#: action -> (the state before, the call that makes exactly that action's change)
CASES = {
    "layer.import": (_nothing, lambda s: s.add_layer(spec("a"), frame(), actor=WANG)),
    "layer.remove": (lambda s: s.add_layer(spec("a"), frame(), actor=WANG),
                     lambda s: s.remove_layer("a", actor=LOCAL)),
    "layer.restore": (_removed, lambda s: s.restore(_last(s), actor=LOCAL)),
    "feature.insert": (_nothing, _feature),
    "feature.update": (_feature, lambda s: s.update_feature(LAYER, 1, {"v": 9}, Point(117.6, 36.7),
                                                            version=1, actor=WANG)),
    "feature.delete": (_feature, lambda s: s.delete_feature(LAYER, 1, version=1, actor=WANG)),
    "feature.restore": (_deleted, lambda s: s.restore(_last(s), actor=WANG)),
    "doc.put": (lambda s: s.put("scenes", [1], actor=WANG),
                lambda s: s.put("scenes", [1, 2], actor=WANG)),
    "doc.delete": (lambda s: s.put("scenes", [1], actor=WANG),
                   lambda s: s.delete("scenes", actor=WANG)),
    "doc.restore": (lambda s: [s.put("scenes", [v], actor=WANG) for v in (1, 2)],
                    lambda s: s.restore(_last(s), actor=WANG)),
    "account.add": (_nothing, _account),
    "account.remove": (_account, lambda s: s.remove_account("zhao", actor=CLI)),
    "account.passwd": (_account, lambda s: s.put_account(Account("zhao", "viewer", HASH + "x"),
                                                         actor=CLI, action="account.passwd")),
    "account.role": (_account, lambda s: s.put_account(Account("zhao", "editor", HASH),
                                                       actor=CLI, action="account.role")),
}


def test_every_action_has_a_fault_case():
    assert set(CASES) == set(ACTIONS)


def _snapshot(store) -> tuple:
    layers = [(s.id, store.count(s.id)) for s in store.layer_specs()]
    features = [(r.fid, r.version, r.props, r.geom and r.geom.wkt) for r in store.features(LAYER)]
    docs = {k: store.get(k) for k in store.keys()}  # noqa: SIM118 (a store, not a dict)
    accounts = [(a.name, a.role, a.pw_hash) for a in store.accounts()]
    return layers, features, docs, accounts, [e.id for e in store.audit()]


@pytest.mark.parametrize("action", sorted(CASES))
def test_a_fault_between_the_change_and_its_entry_leaves_neither(store, monkeypatch, action):
    before, change = CASES[action]
    before(store)
    was = _snapshot(store)
    seen = []

    def fault(what):
        seen.append(what)
        raise RuntimeError(f"injected after {what}")

    monkeypatch.setattr(store, "_fault_after_change", fault)
    with pytest.raises(RuntimeError, match="injected"):
        change(store)
    monkeypatch.undo()
    assert seen == [action] and _snapshot(store) == was
    change(store)  # and without the fault, the change is made with its one entry
    assert store.audit()[-1].action == action and len(store.audit()) == len(was[-1]) + 1


def test_restore_version_2_over_version_4_is_version_5_and_checks_the_version_seen(store):
    _feature(store)
    for v in (2, 3, 4):
        store.update_feature(LAYER, 1, {"v": v}, Point(117.5 + v / 1000, 36.7), version=v - 1,
                             actor=WANG)
    to_v2 = store.audit(layer=LAYER, fid=1)[2]  # the update 2 -> 3: its before is version 2
    assert to_v2.before["version"] == 2
    with pytest.raises(ConflictError) as caught:  # li saw version 3, wang saved 4 since
        store.restore(to_v2.id, actor=LI, version=3)
    assert caught.value.current.version == 4 and "wang" in caught.value.message("zh")
    back = store.restore(to_v2.id, actor=LI, version=4)
    row = store.feature(LAYER, 1)
    assert (row.version, row.props, row.updated_by) == (5, {"v": 2}, "li")
    assert row.geom.equals(Point(117.502, 36.7))
    assert back.action == "feature.restore" and back.actor == "li"
    assert back.before["version"] == 4 and back.after["from_entry"] == to_v2.id
    store.restore(back.id, actor=WANG)  # a restore is itself restorable: version 4 again
    assert store.feature(LAYER, 1).props == {"v": 4} and store.feature(LAYER, 1).version == 6


def test_a_deleted_feature_comes_back_once_and_a_version_not_over_a_deletion(store):
    _updated(store)
    update = store.audit()[-1]
    store.delete_feature(LAYER, 1, version=2, actor=WANG)
    deletion = store.audit()[-1]
    with pytest.raises(StoreError) as caught:  # an earlier version does not undo a deletion
        store.restore(update.id, actor=LI)
    assert "deletion" in caught.value.message("en") and "删除" in caught.value.message("zh")
    with pytest.raises(ConflictError):
        store.restore(deletion.id, actor=LI, version=2)  # li had not seen the deletion (v3)
    back = store.restore(deletion.id, actor=LI, version=3)
    assert back.before is None and back.after["props"] == {"v": "new"}
    assert store.feature(LAYER, 1).version == 4
    with pytest.raises(StoreError) as caught:  # live again: nothing to undelete
        store.restore(deletion.id, actor=LI)
    assert "not deleted" in caught.value.message("en")
    store.restore(update.id, actor=LI)  # live: an earlier version is fine
    assert store.feature(LAYER, 1).props == {"v": 0}


def test_a_removed_layer_and_a_scene_list_come_back_recorded(store):
    _removed(store)
    removal = store.audit()[-1]
    with pytest.raises(ForbiddenError):
        store.restore(removal.id, actor=WANG)
    back = store.restore(removal.id, actor=LOCAL)
    assert back.after["from_entry"] == removal.id and back.after["features"] == 2
    assert [s.id for s in store.layer_specs()] == ["a"] and len(store.read_layer("a")) == 2
    store.put("scenes", [{"caption": "总览"}], actor=WANG)
    store.put("scenes", [{"caption": "园区"}], actor=LI)
    entry = store.restore(_last(store), actor=WANG)
    assert store.get("scenes") == [{"caption": "总览"}]
    assert (entry.action, entry.key, entry.before) == ("doc.restore", "scenes",
                                                       [{"caption": "园区"}])
    assert entry.after["value"] == [{"caption": "总览"}]
    with pytest.raises(StoreError):  # an import has no earlier state
        store.restore(store.audit(layer="a")[0].id, actor=LOCAL)
    _account(store)
    with pytest.raises(StoreError):  # an account has no restorable state (no hash in the trail)
        store.restore(_last(store), actor=LOCAL)


def test_the_trail_filters_by_actor_since_and_feature(store):
    _feature(store, 2)
    store.update_feature(LAYER, 2, {"v": "x"}, None, version=1, actor=LI)
    assert [e.fid for e in store.audit(who="li")] == [2]
    assert [e.action for e in store.audit(layer=LAYER, fid=2)] == ["feature.insert",
                                                                   "feature.update"]
    later = store.audit()[-1].at
    assert [e.actor for e in store.audit(since=later)] == ["li"]
    assert store.audit(who="nobody") == []
