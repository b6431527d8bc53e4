"""The warm index of ``sherlock serve`` and a script's ``fly secrets set``, whose unit depends
on the app's ``fly.toml`` (another file, which may appear or change later)."""

from __future__ import annotations

from pathlib import Path

from sherlock.collect import collect_tree
from sherlock.index import WarmIndex

from .builders import SID, SID_2, TOKEN, write_tree


def test_a_fly_toml_added_or_edited_later_reaches_the_scripts_credential_set(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path, {"scripts/secrets.sh": f"fly secrets set TWILIO_AUTH_TOKEN={TOKEN} -a relay\n"}
    )
    index = WarmIndex(tmp_path)
    assert index.collect(tmp_path).values == []  # a lone token, held
    for sid in (SID, SID_2):
        write_tree(tmp_path, {"fly.toml": f'app = "relay"\n[env]\nTWILIO_ACCOUNT_SID = "{sid}"\n'})
        index.refresh(force=True)
        warm = index.collect(tmp_path)
        assert warm.values == collect_tree(tmp_path).values
        assert [v.value.reveal() for v in warm.values if v.name == "TWILIO_ACCOUNT_SID"] == [sid]
