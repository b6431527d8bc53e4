"""Ansible roles: a role's tasks read with its defaults, vars and the plays that use it."""

from __future__ import annotations

from pathlib import Path

from sherlock.collect import CollectResult
from sherlock.models import FoundValue
from tests.collect.builders import SID, SID_2, TOKEN, TOKEN_2, raw, scan, write_tree

ROLE = "ansible/roles/notifier"
TEMPLATE_TASK = """---
- name: Render the notifier environment file
  ansible.builtin.template:
    src: notifier.env.j2
    dest: /etc/notifier/env
    mode: "0600"
  notify: restart notifier
"""
TEMPLATE = """# {{ ansible_managed }}
TWILIO_ACCOUNT_SID={{ twilio_account_sid }}
TWILIO_AUTH_TOKEN={{ twilio_auth_token }}
"""
PLAY = """---
- hosts: production
  become: true
  roles:
    - notifier
"""


def _role(tasks: str = TEMPLATE_TASK, prefix: str = ROLE, **files: str) -> dict[str, str]:
    tree = {
        f"{prefix}/tasks/main.yml": tasks,
        f"{prefix}/templates/notifier.env.j2": TEMPLATE,
    }
    tree.update({f"{prefix}/{path}": text for path, text in files.items()})
    return tree


def _roles(result: CollectResult) -> list[FoundValue]:
    return [v for v in result.values if v.source_kind == "ansible-role"]


def _seen(values: list[FoundValue]) -> set[tuple[str, str, str, str]]:
    return {(v.environment, v.name, str(v.location), raw(v)) for v in values}


def _token(values: list[FoundValue]) -> FoundValue:
    [token] = [v for v in values if v.name == "TWILIO_AUTH_TOKEN"]
    return token


def test_role_vars_beat_inventory_group_vars_and_hide_the_group_value(tmp_path: Path) -> None:
    tree = {
        "ansible/site.yml": PLAY,
        "ansible/group_vars/production.yml": f"twilio_account_sid: {SID}\ntwilio_auth_token: {TOKEN}\n",
        **_role(
            **{"vars/main.yml": f"---\n# pinned while debugging\ntwilio_auth_token: {TOKEN_2}\n"}
        ),
    }
    result = scan(write_tree(tmp_path, tree))
    mine = _roles(result)
    assert _seen(mine) == {
        ("prod", "TWILIO_ACCOUNT_SID", "ansible/group_vars/production.yml:1", SID),
        ("prod", "TWILIO_AUTH_TOKEN", f"{ROLE}/vars/main.yml:3", TOKEN_2),
    }
    hidden = _token(mine).shadows
    assert [(raw(s.value), str(s.value.location)) for s in hidden] == [
        (TOKEN, "ansible/group_vars/production.yml:2")
    ]
    # the group_vars reader no longer claims the role's template renders the group value
    assert not [v for v in result.values if raw(v) == TOKEN]


def test_inventory_group_vars_beat_role_defaults(tmp_path: Path) -> None:
    tree = {
        "ansible/site.yml": PLAY,
        "ansible/inventories/production/group_vars/all.yml": f"twilio_auth_token: {TOKEN}\n",
        **_role(
            **{"defaults/main.yml": f"twilio_account_sid: {SID}\ntwilio_auth_token: {TOKEN_2}\n"}
        ),
    }
    mine = _roles(scan(write_tree(tmp_path, tree)))
    assert _seen(mine) == {
        ("prod", "TWILIO_ACCOUNT_SID", f"{ROLE}/defaults/main.yml:1", SID),
        ("prod", "TWILIO_AUTH_TOKEN", "ansible/inventories/production/group_vars/all.yml:1", TOKEN),
    }


def test_role_params_of_a_plays_roles_list_beat_role_vars(tmp_path: Path) -> None:
    play = f"""- hosts: production
  roles:
    - role: notifier
      vars:
        twilio_auth_token: "{TOKEN}"
"""
    tree = {
        "ansible/deploy.yml": play,
        **_role(**{"vars/main.yml": f"twilio_account_sid: {SID}\ntwilio_auth_token: {TOKEN_2}\n"}),
    }
    token = _token(_roles(scan(write_tree(tmp_path, tree))))
    assert (raw(token), str(token.location)) == (TOKEN, "ansible/deploy.yml:5")


def test_include_role_vars_beat_role_vars_and_each_play_is_its_own_run(tmp_path: Path) -> None:
    play = f"""- hosts: staging
  tasks:
    - name: Configure the notifier
      ansible.builtin.include_role:
        name: notifier
      vars:
        twilio_account_sid: {SID_2}
        twilio_auth_token: {TOKEN_2}
- hosts: production
  tasks:
    - ansible.builtin.import_role:
        name: notifier
"""
    tree = {
        "ansible/playbooks/notify.yml": play,
        **_role(**{"vars/main.yml": f"twilio_account_sid: {SID}\ntwilio_auth_token: {TOKEN}\n"}),
    }
    mine = _roles(scan(write_tree(tmp_path, tree)))
    assert {(v.environment, raw(v)) for v in mine} == {
        ("staging", SID_2),
        ("staging", TOKEN_2),
        ("prod", SID),
        ("prod", TOKEN),
    }


def test_a_role_alone_reads_its_defaults_through_its_task_environment(tmp_path: Path) -> None:
    tasks = """- name: Send the deploy notification
  ansible.builtin.command: /opt/notifier/bin/notify
  environment:
    TWILIO_ACCOUNT_SID: "{{ notifier_sid }}"
    TWILIO_AUTH_TOKEN: "{{ notifier_token | default('') }}"
"""
    defaults = f"---\nnotifier_sid: {SID}\nnotifier_token: {TOKEN}\n"
    tree = {
        "tasks/main.yml": tasks,
        "defaults/main.yml": defaults,
        "meta/main.yml": "galaxy_info:\n  role_name: notifier\n",
    }
    mine = _roles(scan(write_tree(tmp_path, tree)))
    assert _seen(mine) == {
        ("default", "TWILIO_ACCOUNT_SID", "defaults/main.yml:2", SID),
        ("default", "TWILIO_AUTH_TOKEN", "defaults/main.yml:3", TOKEN),
    }


def test_copy_content_and_lineinfile_lines_write_one_env_file(tmp_path: Path) -> None:
    tasks = """- name: Write the account line
  ansible.builtin.copy:
    dest: /etc/notifier/env
    content: |
      LOG_LEVEL=info
      TWILIO_ACCOUNT_SID={{ twilio_account_sid }}
- name: Add the token
  ansible.builtin.lineinfile:
    path: /etc/notifier/env
    line: "TWILIO_AUTH_TOKEN={{ twilio_auth_token }}"
"""
    tree = {
        "roles/notifier/tasks/main.yml": tasks,
        "roles/notifier/vars/main.yml": f"twilio_account_sid: {SID}\ntwilio_auth_token: {TOKEN}\n",
    }
    mine = _roles(scan(write_tree(tmp_path, tree)))
    assert _seen(mine) == {
        ("default", "TWILIO_ACCOUNT_SID", "roles/notifier/vars/main.yml:1", SID),
        ("default", "TWILIO_AUTH_TOKEN", "roles/notifier/vars/main.yml:2", TOKEN),
    }
    assert len({v.scope for v in mine}) == 1


def test_an_expression_sherlock_cannot_resolve_is_a_note_and_never_a_value(
    tmp_path: Path,
) -> None:
    tasks = """- name: Notify
  ansible.builtin.command: /opt/notifier/bin/notify
  environment:
    TWILIO_ACCOUNT_SID: "{{ twilio_account_sid }}"
    TWILIO_AUTH_TOKEN: "{{ lookup('env', 'NOTIFIER_TOKEN') }}"
"""
    tree = {
        "roles/notifier/tasks/main.yml": tasks,
        "roles/notifier/defaults/main.yml": f"twilio_account_sid: {SID}\n",
    }
    result = scan(write_tree(tmp_path, tree))
    assert _roles(result) == []
    notes = [n for n in result.notes if n.location.startswith("roles/notifier/")]
    assert any("TWILIO_AUTH_TOKEN" in n.message for n in notes)
    assert any("TWILIO_ACCOUNT_SID" in n.message and "not checked" in n.message for n in notes)


def test_placeholder_defaults_the_role_asserts_away_are_not_values(tmp_path: Path) -> None:
    tasks = """- name: Refuse to run with the example credentials
  ansible.builtin.assert:
    that:
      - twilio_auth_token != 'changeme'
      - twilio_account_sid is match('^AC')
    fail_msg: Set twilio_account_sid and twilio_auth_token for this host
- ansible.builtin.template:
    src: notifier.env.j2
    dest: /etc/notifier/env
"""
    defaults = "twilio_account_sid: changeme\ntwilio_auth_token: changeme\n"
    tree = _role(tasks, prefix="roles/notifier", **{"defaults/main.yml": defaults})
    result = scan(write_tree(tmp_path, tree))
    assert _roles(result) == []
    assert any("assert" in n.message for n in result.notes)


def test_molecule_scenarios_and_role_tests_are_not_deployments(tmp_path: Path) -> None:
    converge = f"""- name: Converge
  hosts: all
  roles:
    - role: notifier
      vars:
        twilio_account_sid: {SID_2}
        twilio_auth_token: {TOKEN_2}
"""
    tree = {
        **_role(
            prefix="roles/notifier",
            **{"defaults/main.yml": f"twilio_account_sid: {SID}\ntwilio_auth_token: {TOKEN}\n"},
        ),
        "roles/notifier/molecule/default/converge.yml": converge,
        "roles/notifier/molecule/default/tasks/main.yml": TEMPLATE_TASK,
        "roles/notifier/tests/test.yml": converge,
    }
    mine = _roles(scan(write_tree(tmp_path, tree)))
    assert {raw(v) for v in mine} == {SID, TOKEN}


def test_block_and_task_vars_beat_role_vars_and_role_params_beat_them(tmp_path: Path) -> None:
    tasks = f"""- name: Notify on deploy
  block:
    - name: Send the notification
      ansible.builtin.command: /opt/notifier/bin/notify
      vars:
        twilio_auth_token: "{TOKEN}"
      environment:
        TWILIO_ACCOUNT_SID: "{{{{ twilio_account_sid }}}}"
        TWILIO_AUTH_TOKEN: "{{{{ twilio_auth_token }}}}"
  vars:
    twilio_account_sid: {SID}
"""
    play = f"""- hosts: production
  roles:
    - role: notifier
      twilio_account_sid: {SID_2}
"""
    vars_text = f"twilio_account_sid: {SID_2}\ntwilio_auth_token: {TOKEN_2}\n"
    alone = {"roles/notifier/tasks/main.yml": tasks, "roles/notifier/vars/main.yml": vars_text}
    mine = _roles(scan(write_tree(tmp_path / "alone", alone)))
    assert {(v.name, str(v.location), raw(v)) for v in mine} == {
        ("TWILIO_ACCOUNT_SID", "roles/notifier/tasks/main.yml:11", SID),
        ("TWILIO_AUTH_TOKEN", "roles/notifier/tasks/main.yml:6", TOKEN),
    }
    assert [raw(s.value) for s in _token(mine).shadows] == [TOKEN_2]
    played = _roles(scan(write_tree(tmp_path / "played", {**alone, "site.yml": play})))
    assert {(v.name, str(v.location)) for v in played} == {
        ("TWILIO_ACCOUNT_SID", "site.yml:4"),
        ("TWILIO_AUTH_TOKEN", "roles/notifier/tasks/main.yml:6"),
    }


def test_a_role_tasks_environment_sits_over_the_plays_and_hides_its_token(
    tmp_path: Path,
) -> None:
    play = """- hosts: production
  environment:
    TWILIO_ACCOUNT_SID: "{{ dispatch_sid }}"
    TWILIO_AUTH_TOKEN: "{{ dispatch_token }}"
  roles:
    - acme.dispatch
"""
    tasks = f"""- name: Send the deploy SMS
  ansible.builtin.command: /opt/dispatch/bin/notify
  environment:
    TWILIO_AUTH_TOKEN: "{TOKEN_2}"
"""
    tree = {
        "site.yml": play,
        "group_vars/production.yml": f"dispatch_sid: {SID}\ndispatch_token: {TOKEN}\n",
        "roles/dispatch/tasks/main.yml": tasks,
    }
    mine = _roles(scan(write_tree(tmp_path, tree)))
    assert _seen(mine) == {
        ("prod", "TWILIO_ACCOUNT_SID", "group_vars/production.yml:1", SID),
        ("prod", "TWILIO_AUTH_TOKEN", "roles/dispatch/tasks/main.yml:4", TOKEN_2),
    }
    [hidden] = _token(mine).shadows
    assert (raw(hidden.value), str(hidden.value.location)) == (
        TOKEN,
        "group_vars/production.yml:2",
    )
    assert "environment" in hidden.rule


def test_a_played_roles_template_no_task_links_stays_with_the_group_vars_reader(
    tmp_path: Path,
) -> None:
    tasks = """- name: Render the configuration files
  ansible.builtin.template:
    src: "{{ item }}.j2"
    dest: "/etc/notifier/{{ item }}"
  loop: [notifier.env, logging.conf]
"""
    tree = {
        "ansible/site.yml": PLAY,
        "ansible/group_vars/production.yml": f"twilio_account_sid: {SID}\ntwilio_auth_token: {TOKEN}\n",
        **_role(tasks),
    }
    result = scan(write_tree(tmp_path, tree))
    assert {(v.source_kind, v.name, raw(v)) for v in result.values} == {
        ("ansible-group-vars", "TWILIO_ACCOUNT_SID", SID),
        ("ansible-group-vars", "TWILIO_AUTH_TOKEN", TOKEN),
    }


def test_a_role_that_includes_vars_per_environment_runs_once_per_environment_file(
    tmp_path: Path,
) -> None:
    tasks = """- name: Load the environment's settings
  ansible.builtin.include_vars: "{{ deploy_env }}.yml"
- ansible.builtin.template:
    src: notifier.env.j2
    dest: /etc/notifier/env
"""
    tree = _role(
        tasks,
        prefix="roles/notifier",
        **{
            "vars/main.yml": f"twilio_account_sid: {SID}\n",
            "vars/production.yml": f"---\ntwilio_auth_token: {TOKEN}\n",
            "vars/staging.yml": f"twilio_account_sid: {SID_2}\ntwilio_auth_token: {TOKEN_2}\n",
            "vars/Debian.yml": "notifier_packages: [curl]\n",
        },
    )
    mine = _roles(scan(write_tree(tmp_path, tree)))
    assert _seen(mine) == {
        ("prod", "TWILIO_ACCOUNT_SID", "roles/notifier/vars/main.yml:1", SID),
        ("prod", "TWILIO_AUTH_TOKEN", "roles/notifier/vars/production.yml:2", TOKEN),
        ("staging", "TWILIO_ACCOUNT_SID", "roles/notifier/vars/staging.yml:1", SID_2),
        ("staging", "TWILIO_AUTH_TOKEN", "roles/notifier/vars/staging.yml:2", TOKEN_2),
    }


def test_a_role_another_role_depends_on_runs_in_that_roles_plays(tmp_path: Path) -> None:
    meta = f"""galaxy_info:
  author: platform
dependencies:
  - role: common
  - role: notifier
    vars:
      twilio_auth_token: "{TOKEN}"
"""
    tree = {
        "ansible/site.yml": "- hosts: production\n  roles:\n    - app\n",
        "ansible/group_vars/production.yml": f"twilio_account_sid: {SID}\n",
        "ansible/roles/app/meta/main.yml": meta,
        "ansible/roles/app/tasks/main.yml": "- ansible.builtin.debug: msg=app\n",
        **_role(**{"defaults/main.yml": f"twilio_auth_token: {TOKEN_2}\n"}),
    }
    mine = _roles(scan(write_tree(tmp_path, tree)))
    assert _seen(mine) == {
        ("prod", "TWILIO_ACCOUNT_SID", "ansible/group_vars/production.yml:1", SID),
        ("prod", "TWILIO_AUTH_TOKEN", "ansible/roles/app/meta/main.yml:7", TOKEN),
    }


def test_a_twilio_variable_the_role_sets_but_never_uses_is_a_name_mismatch_note(
    tmp_path: Path,
) -> None:
    template = "TWILIO_ACCOUNT_SID={{ twilio_account_sid }}\nTWILIO_AUTH_TOKEN={{ twilio_token }}\n"
    tree = {
        "roles/notifier/tasks/main.yml": TEMPLATE_TASK,
        "roles/notifier/templates/notifier.env.j2": template,
        "roles/notifier/defaults/main.yml": f"twilio_account_sid: {SID}\ntwilio_auth_token: {TOKEN}\n",
    }
    result = scan(write_tree(tmp_path, tree))
    assert _roles(result) == []
    notes = {(n.location, n.message) for n in result.notes}
    assert (
        "roles/notifier/defaults/main.yml:2",
        "twilio_auth_token is set but no task or template of the role uses it",
    ) in notes
    assert any(loc == "roles/notifier/templates/notifier.env.j2:2" for loc, _ in notes)
