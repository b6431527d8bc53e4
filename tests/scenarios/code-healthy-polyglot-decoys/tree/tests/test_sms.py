from twilio.rest import Client


def test_client_builds():
    assert Client("SK11111111111111111111111111111111", "not-a-real-secret-abcdefghijkl")
