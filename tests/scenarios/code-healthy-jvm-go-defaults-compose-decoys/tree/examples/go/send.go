package main

import (
	"cmp"
	"os"

	"github.com/twilio/twilio-go"
)

func main() {
	client := twilio.NewRestClientWithParams(twilio.ClientParams{
		Username: cmp.Or(os.Getenv("TWILIO_ACCOUNT_SID"), "{{sid:prod}}"),
		Password: cmp.Or(os.Getenv("TWILIO_AUTH_TOKEN"), "{{token:prod:old}}"),
	})
	_ = client
}
