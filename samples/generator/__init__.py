"""Render sample reports from content files and derive their golden datasets.

Run ``python -m samples.generator all`` (or ``make samples``).  Nothing here
is part of the installed ``gyokaku`` package, and nothing here runs the
pipeline: goldens come from the content files alone.
"""
