"""View builders: pure functions from the workshop state to what a widget shows (no Textual)."""
