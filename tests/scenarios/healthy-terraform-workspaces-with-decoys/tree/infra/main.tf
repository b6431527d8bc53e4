terraform {
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 5.30"
    }
    twilio = {
      source  = "twilio/twilio"
      version = "0.18.35"
    }
  }
}

locals {
  sizes = {
    prod    = "2Gi"
    staging = "512Mi"
  }
  memory = local.sizes[terraform.workspace]
}

provider "twilio" {
  username = var.twilio_account_sids[terraform.workspace]
  password = var.twilio_auth_tokens[terraform.workspace]
}

resource "google_cloud_run_v2_service" "dispatcher" {
  name     = "dispatcher-${terraform.workspace}"
  location = "us-central1"

  template {
    containers {
      image = "gcr.io/acme/dispatcher:latest"
      resources {
        limits = {
          memory = local.memory
        }
      }
      env {
        name  = "TWILIO_ACCOUNT_SID"
        value = lookup(var.twilio_account_sids, terraform.workspace, "")
      }
      env {
        name  = "TWILIO_AUTH_TOKEN"
        value = lookup(var.twilio_auth_tokens, terraform.workspace, "")
      }
    }
  }
}
