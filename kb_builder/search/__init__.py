"""Everything that decides what a query finds: the chunked index, the sections it reads, the error lookup."""
