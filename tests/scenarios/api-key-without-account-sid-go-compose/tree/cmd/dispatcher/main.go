package main

import (
	"os"

	"github.com/twilio/twilio-go"
	openapi "github.com/twilio/twilio-go/rest/api/v2010"
)

func main() {
	client := twilio.NewRestClientWithParams(twilio.ClientParams{
		Username: os.Getenv("TWILIO_API_KEY"),
		Password: os.Getenv("TWILIO_API_SECRET"),
	})
	params := &openapi.CreateMessageParams{}
	params.SetTo("+15005550006")
	_, _ = client.Api.CreateMessage(params)
}
