"""``sherlock rotate``: replace an account's Auth Token everywhere it lives, without an outage.

:mod:`.plan` decides what to touch, :mod:`.targets` reads and writes each place the token
lives (files, AWS Secrets Manager), :mod:`.admin` asks Twilio for the secondary token and
the promotion, :mod:`.journal` remembers how far a rotation got, and :mod:`.steps` runs the
steps in the one order that keeps every consumer working (see ``docs/rotate.md``).
"""
