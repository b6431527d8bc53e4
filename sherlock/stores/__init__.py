"""Secret stores (AWS Secrets Manager, Vault KV v2, GCP Secret Manager), read-only."""
