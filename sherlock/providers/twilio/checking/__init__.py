"""What Twilio's checks share: the context they run in, probes, evidence wording, proof.

Kept apart from ``checks/`` so that folder holds only checks, one module per cause id.
"""
