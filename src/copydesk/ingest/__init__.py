"""The edge where articles come in: readers of files (and, later, feeds and pages). Parsers take bytes."""
