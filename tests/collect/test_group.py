"""Grouping found values into the credential sets one client would send."""

from __future__ import annotations

from pathlib import Path

from sherlock.models import FoundValue, Location
from sherlock.providers.twilio.grouping import group_credentials
from sherlock.providers.twilio.records import Field
from sherlock.secrets import Secret

from .builders import KEY_SECRET, KEY_SID, SID, SID_2, TOKEN, TOKEN_2, raw, scan, write_tree


def value(
    field: Field,
    raw_value: str,
    path: str,
    line: int,
    *,
    scope: str | None = None,
    name: str | None = None,
    environment: str = "prod",
    service: str = "api",
) -> FoundValue:
    return FoundValue(
        field=field,
        name=name or f"TWILIO_{field.value.upper()}",
        value=Secret(raw_value, identifier=field.is_identifier),
        location=Location(path, line),
        source_kind="dotenv",
        consumer="python-dotenv",
        scope=scope or path,
        environment=environment,
        service=service,
    )


def shown(cred: object) -> list[str]:
    assert hasattr(cred, "values")
    return [f"{v.field.value}@{v.location}" for v in cred.values()]


def test_one_scope_with_sid_and_token_is_one_auth_token_set() -> None:
    (cred,) = group_credentials(
        [value(Field.AUTH_TOKEN, TOKEN, "a/.env", 2), value(Field.ACCOUNT_SID, SID, "a/.env", 1)]
    )
    assert (cred.kind, cred.scope, cred.environment, cred.service) == (
        "auth-token",
        "a/.env",
        "prod",
        "api",
    )
    assert shown(cred) == ["account_sid@a/.env:1", "auth_token@a/.env:2"]


def test_token_and_key_pair_in_one_scope_give_two_sets() -> None:
    sets = group_credentials(
        [
            value(Field.ACCOUNT_SID, SID, ".env", 1),
            value(Field.AUTH_TOKEN, TOKEN, ".env", 2),
            value(Field.API_KEY_SID, KEY_SID, ".env", 3),
            value(Field.API_KEY_SECRET, KEY_SECRET, ".env", 4),
            value(Field.REGION, "ie1", ".env", 5),
        ]
    )
    assert [c.kind for c in sets] == ["auth-token", "api-key"]
    assert shown(sets[1]) == [
        "account_sid@.env:1",
        "api_key_sid@.env:3",
        "api_key_secret@.env:4",
        "region@.env:5",
    ]
    assert sets[0].region is not None and sets[0].api_key_sid is None


def test_a_missing_half_is_borrowed_from_the_same_environment_and_service() -> None:
    sets = group_credentials(
        [
            value(Field.ACCOUNT_SID, SID, "deploy.yaml", 9, scope="k8s:Deployment/api"),
            value(Field.AUTH_TOKEN, TOKEN, "secret.yaml", 7, scope="k8s:Secret/api"),
            value(Field.AUTH_TOKEN, TOKEN_2, "other.yaml", 7, scope="x", service="billing"),
        ]
    )
    api = [c for c in sets if c.service == "api"]
    assert len(api) == 1  # both scopes end up with the same pair: reported once
    assert shown(api[0]) == ["account_sid@deploy.yaml:9", "auth_token@secret.yaml:7"]
    (billing,) = [c for c in sets if c.service == "billing"]
    assert billing.account_sid is None  # nothing of billing's own to borrow


def test_no_borrowing_when_candidates_disagree() -> None:
    sets = group_credentials(
        [
            value(Field.ACCOUNT_SID, SID, "a.env", 1),
            value(Field.AUTH_TOKEN, TOKEN, "b.env", 1),
            value(Field.AUTH_TOKEN, TOKEN_2, "c.env", 1),
        ]
    )
    first = next(c for c in sets if c.scope == "a.env")
    assert first.auth_token is None


def test_no_borrowing_across_environments() -> None:
    sets = group_credentials(
        [
            value(Field.ACCOUNT_SID, SID, "a.env", 1, environment="prod"),
            value(Field.AUTH_TOKEN, TOKEN, "b.env", 1, environment="staging"),
        ]
    )
    assert all(len(c.values()) == 1 for c in sets)


def test_a_scope_with_only_region_or_edge_is_not_a_set() -> None:
    assert group_credentials([value(Field.REGION, "ie1", ".env", 1)]) == []


def test_canonical_names_win_over_aliases_within_a_scope() -> None:
    (cred,) = group_credentials(
        [
            value(Field.ACCOUNT_SID, SID, ".env", 1),
            value(Field.ACCOUNT_SID, SID_2, ".env", 2, name="TWILIO_SID"),
            value(Field.AUTH_TOKEN, TOKEN, ".env", 3),
        ]
    )
    assert cred.account_sid is not None and raw(cred.account_sid) == SID


def test_order_is_deterministic_by_location() -> None:
    values = [
        value(Field.AUTH_TOKEN, TOKEN, "z/.env", 1, service="z"),
        value(Field.AUTH_TOKEN, TOKEN_2, "a/.env", 1, service="a"),
    ]
    assert [c.scope for c in group_credentials(values)] == ["a/.env", "z/.env"]
    assert [c.scope for c in group_credentials(values[::-1])] == ["a/.env", "z/.env"]


def test_prefixed_variables_in_one_file_group_per_environment(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            ".env": (
                f"PROD_TWILIO_ACCOUNT_SID={SID}\nPROD_TWILIO_AUTH_TOKEN={TOKEN}\n"
                f"TWILIO_ACCOUNT_SID_STAGING={SID_2}\nTWILIO_AUTH_TOKEN_STAGING={TOKEN_2}\n"
            )
        },
    )
    sets = group_credentials(scan(tmp_path).values)
    assert [(c.scope, c.environment) for c in sets] == [
        (".env#prod", "prod"),
        (".env#staging", "staging"),
    ]
    assert raw(sets[1].auth_token) == TOKEN_2  # type: ignore[arg-type]


def test_k8s_deployment_and_secret_form_one_set_end_to_end(tmp_path: Path) -> None:
    import base64

    token = base64.b64encode(TOKEN.encode()).decode()
    write_tree(
        tmp_path,
        {
            "k8s/prod/api.yaml": (
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n"
                "  template:\n    spec:\n      containers:\n        - name: web\n          env:\n"
                f"            - name: TWILIO_ACCOUNT_SID\n              value: {SID}\n"
                "            - name: TWILIO_AUTH_TOKEN\n              valueFrom:\n"
                "                secretKeyRef: {name: api-twilio, key: auth}\n"
            ),
            "k8s/prod/secret.yaml": (
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: api-twilio\n"
                f"data:\n  auth: {token}\n"
            ),
        },
    )
    (cred,) = group_credentials(scan(tmp_path).values)
    assert (cred.environment, cred.service) == ("prod", "api")
    assert shown(cred) == ["account_sid@k8s/prod/api.yaml:12", "auth_token@k8s/prod/secret.yaml:6"]


def test_a_set_put_together_from_two_objects_borrows_their_region_and_edge() -> None:
    sets = group_credentials(
        [
            value(Field.ACCOUNT_SID, SID, "deploy.yaml", 9, scope="k8s:Deployment/api"),
            value(Field.REGION, "ie1", "deploy.yaml", 11, scope="k8s:Deployment/api"),
            value(Field.EDGE, "dublin", "deploy.yaml", 13, scope="k8s:Deployment/api"),
            value(Field.AUTH_TOKEN, TOKEN, "secret.yaml", 7, scope="k8s:Secret/api"),
        ]
    )
    (api,) = sets
    assert api.region is not None and api.region.location == Location("deploy.yaml", 11)
    assert api.edge is not None and api.edge.location == Location("deploy.yaml", 13)


def test_a_complete_scope_does_not_borrow_a_region_from_another_process() -> None:
    sets = group_credentials(
        [
            value(Field.ACCOUNT_SID, SID, "a/.env", 1),
            value(Field.AUTH_TOKEN, TOKEN, "a/.env", 2),
            value(Field.ACCOUNT_SID, SID, "b/.env", 1),
            value(Field.AUTH_TOKEN, TOKEN, "b/.env", 2),
            value(Field.REGION, "ie1", "b/.env", 3),
        ]
    )
    own = next(c for c in sets if c.scope == "a/.env")
    assert own.region is None


def test_a_set_that_borrows_its_way_to_another_sets_own_values_is_reported_once() -> None:
    # a Supabase config.toml reads the token from .env, which is also read as a file of its own
    block = "supabase/config.toml"
    sets = group_credentials(
        [
            value(Field.ACCOUNT_SID, SID, block, 8, scope=block, name="account_sid"),
            value(Field.AUTH_TOKEN, TOKEN, ".env", 2, scope=block, name="auth_token"),
            value(Field.AUTH_TOKEN, TOKEN, ".env", 2, name="SUPABASE_AUTH_SMS_TWILIO_AUTH_TOKEN"),
        ]
    )
    assert [(c.scope, shown(c)) for c in sets] == [
        (block, ["account_sid@supabase/config.toml:8", "auth_token@.env:2"])
    ]


def test_two_services_reading_the_same_lines_stay_two_sets() -> None:
    sets = group_credentials(
        [
            value(Field.ACCOUNT_SID, SID, ".env", 1, scope="compose:api", service="api"),
            value(Field.AUTH_TOKEN, TOKEN, ".env", 2, scope="compose:api", service="api"),
            value(Field.ACCOUNT_SID, SID, ".env", 1, scope="compose:worker", service="worker"),
            value(Field.AUTH_TOKEN, TOKEN, ".env", 2, scope="compose:worker", service="worker"),
        ]
    )
    assert [c.service for c in sets] == ["api", "worker"]
