"""hiap-sim: an agent-based model of cooperation on Health in All Policies in the Netherlands."""

__version__ = "0.1.0"
