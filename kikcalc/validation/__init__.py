"""The cross-field rules a strategy must hold, above the engine they compute with."""
