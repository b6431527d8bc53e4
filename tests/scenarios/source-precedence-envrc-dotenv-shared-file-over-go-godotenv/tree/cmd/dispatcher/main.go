package main

import (
	"log"
	"os"

	"github.com/joho/godotenv"
	"github.com/twilio/twilio-go"
	openapi "github.com/twilio/twilio-go/rest/api/v2010"
)

func main() {
	if err := godotenv.Load(); err != nil {
		log.Print("no .env file; using the environment")
	}
	client := twilio.NewRestClient()
	params := &openapi.CreateMessageParams{}
	params.SetTo(os.Args[1])
	params.SetFrom(os.Getenv("DISPATCH_FROM"))
	params.SetBody("Driver assigned")
	if _, err := client.Api.CreateMessage(params); err != nil {
		log.Fatal(err)
	}
}
