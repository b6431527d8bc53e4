package main

import (
	"log"
	"os"

	"github.com/joho/godotenv"
	"github.com/twilio/twilio-go"
	openapi "github.com/twilio/twilio-go/rest/api/v2010"
)

func main() {
	_ = godotenv.Load()

	// Credentials come from TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN.
	client := twilio.NewRestClient()
	// Keep message data in the EU (same as the eu-gateway service).
	client.SetRegion("ie1")
	client.SetEdge("dublin")

	params := &openapi.CreateMessageParams{}
	params.SetTo(os.Args[1])
	params.SetFrom(os.Getenv("NOTIFIER_FROM"))
	params.SetBody("Your order has shipped")
	if _, err := client.Api.CreateMessage(params); err != nil {
		log.Fatal(err)
	}
}
