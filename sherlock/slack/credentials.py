"""Sherlock's own Slack credentials, read from the variables ``[slack]`` names.

``sherlock.toml`` never holds a secret; it names the environment variables that do
(``bot_token_env``, ``signing_secret_env``, ``app_token_env``). HTTP mode needs the bot
token and the signing secret, Socket Mode the bot token and the app-level token. A missing
or misshapen one is a :class:`~sherlock.errors.UsageError` that names the variable, never
the value. Values stay inside :class:`~sherlock.secrets.Secret` until handed to Slack's
clients.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sherlock.config.schema import SlackSettings
from sherlock.errors import UsageError
from sherlock.secrets import Secret


@dataclass(frozen=True)
class SlackCredentials:
    bot_token: Secret
    signing_secret: Secret | None
    app_token: Secret | None


def read_credentials(
    settings: SlackSettings, environ: Mapping[str, str], *, socket_mode: bool
) -> SlackCredentials:
    """The tokens for one transport; UsageError listing every variable still to set."""
    needed = [settings.bot_token_env]
    needed.append(settings.app_token_env if socket_mode else settings.signing_secret_env)
    missing = [name for name in needed if not environ.get(name, "").strip()]
    if missing:
        mode = "Socket Mode" if socket_mode else "HTTP mode"
        raise UsageError(
            f"the Slack app in {mode} needs {' and '.join(missing)} set in the environment "
            "(variable names come from [slack] in sherlock.toml; see docs/slack.md)"
        )

    def secret(name: str) -> Secret | None:
        value = environ.get(name, "").strip()
        return Secret(value) if value else None

    bot = secret(settings.bot_token_env)
    assert bot is not None
    if not bot.reveal().startswith("xoxb-"):
        raise UsageError(f"{settings.bot_token_env} is not a bot token (xoxb-...)")
    app = secret(settings.app_token_env)
    if socket_mode and app is not None and not app.reveal().startswith("xapp-"):
        raise UsageError(
            f"{settings.app_token_env} is not an app-level token (xapp-...); create one with "
            "connections:write under Basic Information > App-Level Tokens"
        )
    return SlackCredentials(bot, secret(settings.signing_secret_env), app)
