"""twilio-ruby's global configuration: ``Twilio.configure do |config| … end``.

A Rails initializer (``config/initializers/twilio.rb``) sets ``config.account_sid`` and
``config.auth_token`` once, and ``Twilio::REST::Client.new`` without arguments takes
them (twilio-ruby's ``Client#initialize``: ``username || Twilio.account_sid``,
``password || Twilio.auth_token``, ``region || Twilio.region``, ``Twilio.edge``). The block
is therefore read as the construction its clients share.
"""

from __future__ import annotations

from pathlib import Path

from sherlock.collect import collect_tree

SID = "AC" + "6d" * 16
TOKEN = "2b" * 16


def _write(root: Path, relpath: str, text: str) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_configure_block_names_what_feeds_each_slot(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "shop/config/initializers/twilio.rb",
        "Twilio.configure do |config|\n"
        "  config.account_sid = ENV['TWILIO_ACCOUNT_SID']\n"
        "  config.auth_token = ENV.fetch('TWILIO_AUTH_TOKEN')\n"
        "end\n",
    )
    found = {(r.slot, r.name, r.reader, r.location.line) for r in collect_tree(tmp_path).readings}
    assert found == {
        ("account_sid", "TWILIO_ACCOUNT_SID", "twilio-ruby", 1),
        ("auth_token", "TWILIO_AUTH_TOKEN", "twilio-ruby", 1),
    }


def test_literals_and_a_region_in_a_configure_block_are_one_set(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "shop/config/initializers/twilio.rb",
        "Twilio.configure { |c|\n"
        f"  c.account_sid = '{SID}'\n  c.auth_token = '{TOKEN}'\n"
        "  c.region = 'au1'\n  c.edge = 'sydney'\n}\n",
    )
    values = collect_tree(tmp_path).values
    assert {(v.field, v.location.line) for v in values} == {
        ("account_sid", 2),
        ("auth_token", 3),
        ("region", 4),
        ("edge", 5),
    }
    assert len({v.scope for v in values}) == 1


def test_another_gems_configure_block_is_not_twilios(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "shop/config/initializers/sms.rb",
        "# twilio for SMS, Stripe for payments\n"
        "Stripe.configure do |config|\n  config.account_sid = ENV['STRIPE_ACCOUNT']\nend\n",
    )
    assert collect_tree(tmp_path).readings == []


def test_an_initializer_belongs_to_its_rails_app(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "shop/config/initializers/twilio.rb",
        "Twilio.configure do |config|\n  config.account_sid = ENV['TWILIO_ACCOUNT_SID']\nend\n",
    )
    assert {r.service for r in collect_tree(tmp_path).readings} == {"shop"}
