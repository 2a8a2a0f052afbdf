"""One module per submodel of the spec: small functions of explicit state, each testable alone."""
