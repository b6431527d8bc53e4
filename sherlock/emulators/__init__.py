"""What the shipped emulators share: the loopback HTTP server the Twilio emulator runs on.

The Vault, GCP Secret Manager and Slack Web API stand-ins, which only tests use, are in
``sherlock_testing.emulators``, outside the installed package.
"""
