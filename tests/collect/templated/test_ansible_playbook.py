"""Ansible playbooks: the ``environment:`` of plays, blocks and tasks."""

from __future__ import annotations

from pathlib import Path

from sherlock.collect import CollectResult
from sherlock.models import FoundValue
from tests.collect.builders import SID, SID_2, TOKEN, TOKEN_2, raw, scan, write_tree

LITERAL_PLAY = f"""---
- name: Deploy the SMS worker
  hosts: production
  environment:
    TWILIO_ACCOUNT_SID: {SID}
    TWILIO_AUTH_TOKEN: "{TOKEN}"
  tasks:
    - name: Run migrations
      ansible.builtin.command: ./manage.py migrate
    - name: Send the smoke-test SMS
      ansible.builtin.command: ./bin/smoke
      environment:
        TWILIO_AUTH_TOKEN: "{TOKEN_2}"
"""


def _played(result: CollectResult) -> list[FoundValue]:
    return [v for v in result.values if v.source_kind == "ansible-playbook"]


def _seen(values: list[FoundValue]) -> set[tuple[str, str, str, str]]:
    return {(v.environment, v.field, str(v.location), raw(v)) for v in values}


def test_a_tasks_environment_is_merged_over_its_plays(tmp_path: Path) -> None:
    mine = _played(scan(write_tree(tmp_path, {"ansible/deploy.yml": LITERAL_PLAY})))
    by_scope: dict[str, set[tuple[str, str, str, str]]] = {}
    for value in mine:
        by_scope.setdefault(value.scope, set()).add(
            (value.environment, value.field, str(value.location), raw(value))
        )
    assert sorted(by_scope.values(), key=len) == [
        {
            ("prod", "account_sid", "ansible/deploy.yml:5", SID),
            ("prod", "auth_token", "ansible/deploy.yml:6", TOKEN),
        },
        {
            ("prod", "account_sid", "ansible/deploy.yml:5", SID),
            ("prod", "auth_token", "ansible/deploy.yml:13", TOKEN_2),
        },
    ]
    [task_token] = [v for v in mine if str(v.location) == "ansible/deploy.yml:13"]
    assert [raw(s.value) for s in task_token.shadows] == [TOKEN]


TEMPLATED_PLAY = """- hosts: staging
  vars_files:
    - vars/twilio.yml
  tasks:
    - name: Restart the notifier
      ansible.builtin.systemd:
        name: notifier
        state: restarted
      environment:
        TWILIO_ACCOUNT_SID: "{{ twilio_account_sid }}"
        TWILIO_AUTH_TOKEN: "{{ sms_token | default('') }}"
"""


def test_templated_values_resolve_through_vars_files_and_the_hosts_groups_vars(
    tmp_path: Path,
) -> None:
    tree = {
        "site/deploy.yml": TEMPLATED_PLAY,
        "site/group_vars/all.yml": f"twilio_account_sid: {SID}\n",
        "site/group_vars/staging.yml": f"app_env: staging\ntwilio_account_sid: {SID_2}\n",
        "site/vars/twilio.yml": f"# shared\nsms_token: {TOKEN}\n",
    }
    mine = _played(scan(write_tree(tmp_path, tree)))
    assert _seen(mine) == {
        ("staging", "account_sid", "site/group_vars/staging.yml:2", SID_2),
        ("staging", "auth_token", "site/vars/twilio.yml:2", TOKEN),
    }


def test_an_environment_held_in_a_play_variable_is_read(tmp_path: Path) -> None:
    text = f"""- hosts: all
  vars:
    notifier_env:
      TWILIO_ACCOUNT_SID: {SID}
      TWILIO_AUTH_TOKEN: {TOKEN}
  tasks:
    - ansible.builtin.command: ./notify
      environment: "{{{{ notifier_env }}}}"
"""
    mine = _played(scan(write_tree(tmp_path, {"playbooks/notify.yml": text})))
    assert {(v.field, str(v.location)) for v in mine} == {
        ("account_sid", "playbooks/notify.yml:4"),
        ("auth_token", "playbooks/notify.yml:5"),
    }


def test_each_inventory_gives_the_play_its_own_values(tmp_path: Path) -> None:
    play = (
        "- hosts: notifiers\n  tasks:\n    - ansible.builtin.command: ./notify\n"
        "      environment:\n        TWILIO_ACCOUNT_SID: '{{ sid }}'\n"
        "        TWILIO_AUTH_TOKEN: '{{ token }}'\n"
    )
    tree = {
        "ansible/notify.yml": play,
        "ansible/inventories/prod/group_vars/notifiers.yml": f"sid: {SID}\ntoken: {TOKEN}\n",
        "ansible/inventories/staging/group_vars/all.yml": f"sid: {SID_2}\ntoken: {TOKEN_2}\n",
    }
    mine = _played(scan(write_tree(tmp_path, tree)))
    assert {(v.environment, raw(v)) for v in mine} == {
        ("prod", SID),
        ("prod", TOKEN),
        ("staging", SID_2),
        ("staging", TOKEN_2),
    }


def test_a_vaulted_variable_is_a_note_and_its_other_half_is_held_back(tmp_path: Path) -> None:
    play = (
        f"- hosts: production\n  environment:\n    TWILIO_ACCOUNT_SID: {SID}\n"
        "    TWILIO_AUTH_TOKEN: '{{ vault_twilio_auth_token }}'\n  roles: [notifier]\n"
    )
    vault = "vault_twilio_auth_token: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6231\n"
    tree = {"site.yml": play, "group_vars/production/vault.yml": vault}
    result = scan(write_tree(tmp_path, tree))
    assert _played(result) == []
    assert any("ansible-vault" in n.message for n in result.notes if n.location == "site.yml:4")


def test_an_undefined_variable_is_a_note(tmp_path: Path) -> None:
    play = (
        f"- hosts: web\n  environment:\n    TWILIO_ACCOUNT_SID: {SID}\n"
        "    TWILIO_AUTH_TOKEN: '{{ nowhere }}'\n  tasks: []\n"
    )
    result = scan(write_tree(tmp_path, {"site.yml": play}))
    assert _played(result) == []
    assert any(n.location == "site.yml:4" for n in result.notes)


def test_yaml_lists_that_are_not_playbooks_are_left_alone(tmp_path: Path) -> None:
    text = f"- name: a\n  environment:\n    TWILIO_AUTH_TOKEN: {TOKEN}\n"
    broken = f"- hosts: web\n  environment:\n    TWILIO_AUTH_TOKEN: [{TOKEN}\n"
    result = scan(write_tree(tmp_path, {"ansible/list.yml": text, "ansible/broken.yml": broken}))
    assert _played(result) == []


def test_yaml_outside_playbook_places_is_not_wanted(tmp_path: Path) -> None:
    result = scan(write_tree(tmp_path, {"services/api/notify.yml": LITERAL_PLAY}))
    assert _played(result) == []


def test_a_variable_a_playbook_uses_is_no_name_mismatch_for_the_template_reader(
    tmp_path: Path,
) -> None:
    tree = {
        "ansible/site.yml": TEMPLATED_PLAY.replace("staging", "production"),
        "ansible/roles/app/templates/app.env.j2": "LOG_LEVEL={{ log_level }}\n",
        "ansible/group_vars/production.yml": f"twilio_account_sid: {SID}\nsms_token: {TOKEN}\n",
    }
    result = scan(write_tree(tmp_path, tree))
    assert not any("no template here uses it" in n.message for n in result.notes)
    assert {raw(v) for v in _played(result)} == {SID, TOKEN}
