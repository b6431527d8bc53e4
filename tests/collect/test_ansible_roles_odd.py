"""Ansible roles: odd shapes people write never crash the scan, and say what was skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.collect.builders import SID, TOKEN, raw, scan, write_tree

ODD_TASK_FILES = {
    "a mapping instead of a task list": "name: not a list\nenvironment: {A: b}\n",
    "an environment that is a number": "- command: x\n  environment: 5\n",
    "a template task with a number": "- ansible.builtin.template: 42\n",
    "a free-form template task": "- template: src=missing.j2 dest=/etc/app/env\n",
    "a copy content that is a list": "- copy:\n    dest: /etc/x\n    content: [1, 2]\n",
    "a lineinfile without a path": "- lineinfile:\n    line: TWILIO_AUTH_TOKEN=x\n",
    "a template outside the tree": "- template:\n    src: ../../../../etc/passwd\n    dest: /x\n",
    "an assert with a mapping": "- assert:\n    that: {a: b}\n",
    "broken YAML": "- name: [unclosed\n  environment: {\n",
    "binary junk": "\x00\x01\x02- {{{{\n",
    "an empty file": "",
    "deeply nested blocks": "- block:\n" + "".join("  " * i + "  - block:\n" for i in range(1, 40)),
}


@pytest.mark.parametrize("text", ODD_TASK_FILES.values(), ids=ODD_TASK_FILES.keys())
def test_odd_role_task_files_never_crash_the_scan(tmp_path: Path, text: str) -> None:
    tree = {
        "roles/app/tasks/main.yml": text,
        "roles/app/defaults/main.yml": f"twilio_account_sid: {SID}\n",
    }
    result = scan(write_tree(tmp_path, tree))
    assert [v for v in result.values if v.source_kind == "ansible-role"] == []


ODD_PLAYS = {
    "roles as a string": "- hosts: all\n  roles: app\n",
    "a role entry that is a number": "- hosts: all\n  roles: [1, {role: 2}]\n",
    "include_role with a string": "- hosts: all\n  tasks:\n    - include_role: name=app\n",
    "a play list of scalars": "- 1\n- two\n",
    "role vars that are a list": "- hosts: all\n  roles:\n    - role: app\n      vars: [a, b]\n",
}


@pytest.mark.parametrize("play", ODD_PLAYS.values(), ids=ODD_PLAYS.keys())
def test_odd_plays_that_name_a_role_never_crash_and_keep_the_roles_values(
    tmp_path: Path, play: str
) -> None:
    tasks = (
        "- command: /opt/app/notify\n  environment:\n"
        "    TWILIO_ACCOUNT_SID: '{{ twilio_account_sid }}'\n"
        "    TWILIO_AUTH_TOKEN: '{{ twilio_auth_token }}'\n"
    )
    tree = {
        "site.yml": play,
        "roles/app/tasks/main.yml": tasks,
        "roles/app/vars/main.yml": f"twilio_account_sid: {SID}\ntwilio_auth_token: {TOKEN}\n",
    }
    result = scan(write_tree(tmp_path, tree))
    assert {raw(v) for v in result.values if v.source_kind == "ansible-role"} == {SID, TOKEN}


def test_a_vault_encrypted_role_var_is_a_note_and_its_sets_other_half_is_held(
    tmp_path: Path,
) -> None:
    vars_text = (
        f"twilio_account_sid: {SID}\ntwilio_auth_token: !vault |\n"
        "  $ANSIBLE_VAULT;1.1;AES256\n  62313365396662343061393464336163\n"
    )
    tasks = "- template:\n    src: app.env.j2\n    dest: /etc/app/env\n"
    template = (
        "TWILIO_ACCOUNT_SID={{ twilio_account_sid }}\nTWILIO_AUTH_TOKEN={{ twilio_auth_token }}\n"
    )
    tree = {
        "roles/app/tasks/main.yml": tasks,
        "roles/app/templates/app.env.j2": template,
        "roles/app/vars/main.yml": vars_text,
    }
    result = scan(write_tree(tmp_path, tree))
    assert [v for v in result.values if v.source_kind == "ansible-role"] == []
    messages = [f"{n.location} {n.message}" for n in result.notes]
    assert any("roles/app/templates/app.env.j2:2" in m and "ansible-vault" in m for m in messages)
    assert any("TWILIO_ACCOUNT_SID is not checked" in m for m in messages)


def test_a_playbook_folders_own_tasks_file_is_no_role(tmp_path: Path) -> None:
    """``ansible/tasks/main.yml`` beside ``ansible/templates/`` and ``ansible/vars/`` is a
    playbook's included task file: its variables come from the playbook, not from a role."""
    tasks = (
        "- command: ./notify\n  environment:\n    TWILIO_ACCOUNT_SID: '{{ sid }}'\n"
        "    TWILIO_AUTH_TOKEN: '{{ token }}'\n"
    )
    tree = {
        "ansible/tasks/main.yml": tasks,
        "ansible/templates/app.env.j2": "APP_ENV=prod\n",
        "ansible/vars/main.yml": f"sid: {SID}\ntoken: {TOKEN}\n",
    }
    result = scan(write_tree(tmp_path, tree))
    assert [v for v in result.values if v.source_kind == "ansible-role"] == []


def test_roles_that_depend_on_each_other_end_and_keep_their_values(tmp_path: Path) -> None:
    tasks = (
        "- command: /opt/app/notify\n  environment:\n"
        "    TWILIO_ACCOUNT_SID: '{{ twilio_account_sid }}'\n"
        "    TWILIO_AUTH_TOKEN: '{{ twilio_auth_token }}'\n"
    )
    tree = {
        "site.yml": "- hosts: prod\n  roles: [a]\n",
        "roles/a/meta/main.yml": "dependencies: [b]\n",
        "roles/a/tasks/main.yml": "- debug: msg=a\n",
        "roles/b/meta/main.yml": "dependencies:\n  - role: a\n",
        "roles/b/tasks/main.yml": tasks,
        "roles/b/defaults/main.yml": f"twilio_account_sid: {SID}\ntwilio_auth_token: {TOKEN}\n",
    }
    result = scan(write_tree(tmp_path, tree))
    assert {(v.environment, raw(v)) for v in result.values if v.source_kind == "ansible-role"} == {
        ("prod", SID),
        ("prod", TOKEN),
    }


def test_a_quoted_systemd_environment_line_in_a_role_template_keeps_no_quote(
    tmp_path: Path,
) -> None:
    unit = (
        "[Service]\n"
        f'Environment="TWILIO_ACCOUNT_SID={SID}"\n'
        f"Environment='TWILIO_AUTH_TOKEN={TOKEN}'\n"
        "ExecStart=/opt/app/bin/worker\n"
    )
    tree = {
        "roles/app/tasks/main.yml": "- template:\n    src: app.service.j2\n    dest: /etc/systemd/system/app.service\n",
        "roles/app/templates/app.service.j2": unit,
    }
    result = scan(write_tree(tmp_path, tree))
    mine = [v for v in result.values if v.source_kind == "ansible-role"]
    assert {(v.name, raw(v)) for v in mine} == {
        ("TWILIO_ACCOUNT_SID", SID),
        ("TWILIO_AUTH_TOKEN", TOKEN),
    }
