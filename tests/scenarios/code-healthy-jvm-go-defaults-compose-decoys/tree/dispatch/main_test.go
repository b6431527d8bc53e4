package main

import (
	"testing"

	"github.com/twilio/twilio-go"
)

func TestClientBuilds(t *testing.T) {
	client := twilio.NewRestClientWithParams(twilio.ClientParams{
		Username: "{{sid:prod}}",
		Password: "{{token:prod:old}}",
	})
	if client == nil {
		t.Fatal("no client")
	}
}
