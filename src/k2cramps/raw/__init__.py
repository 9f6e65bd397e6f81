"""The raw diary export: its contract (files and columns), reading it, and the cleaning
rules with their log (design sections 3 and 4)."""
