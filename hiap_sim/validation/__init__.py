"""Pattern-oriented validation: the stylized facts of the sources as reproducible experiments."""
