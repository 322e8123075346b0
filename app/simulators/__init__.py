"""HTTP simulators of the F&O OData service and the Dataverse Web API (test and demo infrastructure)."""
