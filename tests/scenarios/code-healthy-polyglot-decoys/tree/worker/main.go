package main

import (
	"os"

	"github.com/twilio/twilio-go"
)

func main() {
	_ = twilio.NewRestClientWithParams(twilio.ClientParams{
		Username:   os.Getenv("TWILIO_API_KEY"),
		Password:   os.Getenv("TWILIO_API_SECRET"),
		AccountSid: os.Getenv("TWILIO_ACCOUNT_SID"),
	})
}
