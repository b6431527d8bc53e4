package main

import (
	"log"

	"github.com/spf13/viper"
	"github.com/twilio/twilio-go"
	api "github.com/twilio/twilio-go/rest/api/v2010"
)

func main() {
	viper.AutomaticEnv()
	viper.SetDefault("twilio.account_sid", "{{sid:prod}}")
	viper.SetDefault("twilio.auth_token", "{{token:prod:old}}")

	client := twilio.NewRestClientWithParams(twilio.ClientParams{
		Username: viper.GetString("twilio.account_sid"),
		Password: viper.GetString("twilio.auth_token"),
	})
	if _, err := client.Api.ListMessage(&api.ListMessageParams{}); err != nil {
		log.Fatal(err)
	}
}
