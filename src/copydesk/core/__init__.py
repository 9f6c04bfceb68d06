"""The pure core: decides, never does. No Django, network or disk; clocks and vectors come in."""
