module example.com/dispatch

go 1.22

require (
	github.com/joho/godotenv v1.5.1
	github.com/twilio/twilio-go v1.23.0
)
