"""The trial's vocabulary (arms, weeks and windows, weekly values), the parameters, the
published article, and atomic file writing. Imports nothing else of the package."""
