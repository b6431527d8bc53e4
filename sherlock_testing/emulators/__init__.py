"""Faithful stand-ins for the services the optional extras talk to: Vault KV v2, GCP Secret
Manager's REST API and Slack's Web API.

Tests drive the real client libraries (hvac, google-cloud-secret-manager, slack_sdk)
against them. They live outside ``sherlock`` because nothing a user installs runs them:
the demo and ``sherlock emulator`` need only the Twilio emulator, which stays in the
package with the small server it shares with these (:mod:`sherlock.emulators.server`).
"""
