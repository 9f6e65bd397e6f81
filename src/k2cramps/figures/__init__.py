"""The report's figures: one function per figure, each taking data frames and returning a
matplotlib Figure (no file reading here), and `style.save` for deterministic PNG and SVG."""
