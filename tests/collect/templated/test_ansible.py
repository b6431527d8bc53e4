"""Ansible: group_vars and host_vars values through the project's Jinja templates."""

from __future__ import annotations

from pathlib import Path

from sherlock.providers.twilio.records import Field
from tests.collect.builders import SID, SID_2, TOKEN, TOKEN_2, by_location, raw, scan, write_tree

TEMPLATE = """# managed by ansible
APP_ENV={{ app_env }}
TWILIO_ACCOUNT_SID={{ sms_account_sid }}
TWILIO_AUTH_TOKEN={{ sms_auth_token | default('') }}
"""


def project(**files: str) -> dict[str, str]:
    tree = {"ansible/roles/notifier/templates/notifier.env.j2": TEMPLATE}
    tree.update({f"ansible/{k}": v for k, v in files.items()})
    return tree


def test_a_groups_values_reach_the_names_the_template_sets(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        project(
            **{
                "group_vars/all.yml": f"app_env: dev\nsms_account_sid: {SID}\n",
                "group_vars/production.yml": f"app_env: production\nsms_auth_token: {TOKEN}\n",
                "group_vars/staging.yml": f"sms_account_sid: {SID_2}\nsms_auth_token: '{TOKEN_2}'\n",
            }
        ),
    )
    result = scan(tmp_path)
    prod = {(v.name, str(v.location)) for v in result.values if v.environment == "prod"}
    assert prod == {
        ("TWILIO_ACCOUNT_SID", "ansible/group_vars/all.yml:2"),
        ("TWILIO_AUTH_TOKEN", "ansible/group_vars/production.yml:2"),
    }
    token = by_location(result)["ansible/group_vars/staging.yml:2"]
    assert (raw(token), token.field, token.environment) == (TOKEN_2, Field.AUTH_TOKEN, "staging")
    assert (token.source_kind, token.consumer) == ("ansible-group-vars", "ansible")


def test_a_vault_reference_is_followed_and_an_encrypted_value_is_a_note(tmp_path: Path) -> None:
    vault = "$ANSIBLE_VAULT;1.1;AES256\n          6231383930613734\n"
    write_tree(
        tmp_path,
        project(
            **{
                "inventories/prod/group_vars/all/vars.yml": (
                    f'sms_account_sid: {SID}\nsms_auth_token: "{{{{ vault_sms_auth_token }}}}"\n'
                ),
                "inventories/prod/group_vars/all/vault.yml": f"vault_sms_auth_token: {TOKEN}\n",
                "inventories/staging/group_vars/all.yml": (
                    f"sms_account_sid: {SID_2}\nsms_auth_token: !vault |\n  {vault}"
                ),
            }
        ),
    )
    result = scan(tmp_path)
    prod_token = next(
        v for v in result.values if v.environment == "prod" and v.field == Field.AUTH_TOKEN
    )
    assert (prod_token.name, raw(prod_token)) == ("TWILIO_AUTH_TOKEN", TOKEN)
    assert str(prod_token.location) == "ansible/inventories/prod/group_vars/all/vars.yml:2"
    assert not [
        v for v in result.values if v.environment == "staging" and v.field == Field.AUTH_TOKEN
    ]
    assert any("ansible-vault" in n.message for n in result.notes)


def test_a_twilio_named_variable_counts_without_a_template(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "deploy/host_vars/sms-prod-1.yml": f"twilio_account_sid: {SID}\ntwilio_auth_token: '{TOKEN} '\n"
        },
    )
    token = by_location(scan(tmp_path))["deploy/host_vars/sms-prod-1.yml:2"]
    assert (token.name, raw(token), token.environment) == ("twilio_auth_token", TOKEN + " ", "prod")


def test_a_template_filter_that_changes_the_value_is_a_note(tmp_path: Path) -> None:
    odd = TEMPLATE.replace("default('')", "b64decode")
    files = project(**{"group_vars/all.yml": f"sms_account_sid: {SID}\nsms_auth_token: {TOKEN}\n"})
    files["ansible/roles/notifier/templates/notifier.env.j2"] = odd
    write_tree(tmp_path, files)
    result = scan(tmp_path)
    assert any(
        n.location == "ansible/roles/notifier/templates/notifier.env.j2:4"
        and "b64decode" in n.message
        for n in result.notes
    )


def test_a_template_variable_no_vars_file_defines_renders_its_default_on_the_template_line(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path,
        project(**{"group_vars/all.yml": f"sms_account_sid: {SID}\ntwilio_auth_token: {TOKEN}\n"}),
    )
    result = scan(tmp_path)
    token = by_location(result)["ansible/roles/notifier/templates/notifier.env.j2:4"]
    assert (token.name, raw(token)) == ("TWILIO_AUTH_TOKEN", "")
    assert any(
        n.location == "ansible/group_vars/all.yml:2" and "no template" in n.message
        for n in result.notes
    )
