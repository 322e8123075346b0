"""Loading what Dynamics 365 customers export for an initial load: F&O data management packages (and their
delimited files alone), Dataverse Synapse Link / Fabric link folders, and NDJSON in the native schemas.

Readers (`fno_package`, `synapse`, `ndjson`) turn each input into `Source`s, one per entity set, that yield
`RowBatch`es: rows in the system's native schema, each with its file and line, and the lines rejected on the
way. `service` orders the sources by the entity maps' dependencies and sends each batch through
`service.send_batch`; `console` is `mdm load`'s progress bar and summary.
"""
