"""Local, faithful stand-ins for the external services Sherlock reads, for tests and demos."""
