"""The customer master-data hub: FastAPI application, services and command line."""
