"""Sherlock in Slack: ask in a channel, a DM or with /sherlock, get the root cause.

build_slack_app(runner, settings, ...)   the Bolt app (HTTP or Socket Mode)
mount_slack(api, bolt)                   serve it under FastAPI (``sherlock serve``)
run_socket_mode(bolt, app_token)         serve it over Socket Mode (``sherlock slack``)
"""
