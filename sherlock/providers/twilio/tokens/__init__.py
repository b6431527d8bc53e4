"""Twilio Access Tokens (the JWTs client SDKs for Voice, Video, Conversations and Sync carry).

A pasted or logged token is read without trusting it (:mod:`.decode`), its signature is
recomputed offline with every secret found in the tree (:mod:`.signature`), and what is
wrong with its claims is worked out from the token alone (:mod:`.facts`). Nothing here
ever shows the token, its signature or a secret: only masks, SIDs and fingerprints.
"""
