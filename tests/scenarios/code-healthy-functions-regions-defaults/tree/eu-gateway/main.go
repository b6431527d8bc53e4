package main

import (
	"log"
	"os"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/session"
	"github.com/aws/aws-sdk-go/service/s3/s3manager"
	"github.com/twilio/twilio-go"
)

func main() {
	client := twilio.NewRestClient()
	client.SetRegion("ie1")
	client.SetEdge("dublin")

	sess := session.Must(session.NewSession(&aws.Config{Region: aws.String("eu-west-1")}))
	uploader := s3manager.NewUploader(sess)
	uploader.S3.Config.Region = aws.String("eu-west-1")
	archive := NewArchive(uploader, os.Getenv("ARCHIVE_BUCKET"))
	archive.SetRegion("eu-west-1")

	if err := run(client, archive); err != nil {
		log.Fatal(err)
	}
}
