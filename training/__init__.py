"""The recipe that rebuilds the entity recognizer shipped in pipeline/extract/model."""
