"""Reading the knowledge base: entry files, their schema and model, the project. No MkDocs, no HTML."""
