package main

import (
	"cmp"
	"log"
	"os"

	"github.com/twilio/twilio-go"
	api "github.com/twilio/twilio-go/rest/api/v2010"
)

func getEnv(key, fallback string) string {
	if value, ok := os.LookupEnv(key); ok {
		return value
	}
	return fallback
}

func main() {
	accountSid := getEnv("TWILIO_ACCOUNT_SID", "{{sid:prod}}")
	authToken := cmp.Or(os.Getenv("TWILIO_AUTH_TOKEN"), "{{token:prod:old}}")
	client := twilio.NewRestClientWithParams(twilio.ClientParams{
		Username: accountSid,
		Password: authToken,
	})
	params := &api.CreateMessageParams{}
	params.SetTo(os.Args[1])
	params.SetFrom(os.Getenv("SMS_FROM"))
	params.SetBody(os.Args[2])
	if _, err := client.Api.CreateMessage(params); err != nil {
		log.Fatal(err)
	}
}
