package main

import (
	"github.com/twilio/twilio-go"
	openapi "github.com/twilio/twilio-go/rest/api/v2010"
)

func main() {
	client := twilio.NewRestClientWithParams(twilio.ClientParams{
		Username: "{{keysid:dispatch}}",
		Password: "{{keysecret:dispatch}}",
	})
	params := &openapi.CreateMessageParams{}
	params.SetTo("+15005550006")
	_, _ = client.Api.CreateMessage(params)
}
