"""The App Home tab, help and the settings form."""
