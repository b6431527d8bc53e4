package main

import (
	"fmt"
	"strings"

	"github.com/spf13/viper"
	"github.com/twilio/twilio-go"
)

func main() {
	viper.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	viper.AutomaticEnv()
	viper.SetDefault("twilio.auth_token", "{{token:prod:old}}")

	client := twilio.NewRestClientWithParams(twilio.ClientParams{
		Username: viper.GetString("twilio.account_sid"),
		Password: viper.GetString("twilio.auth_token"),
	})
	fmt.Println("weekly report client ready", client != nil)
}
