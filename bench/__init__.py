"""Benchmarks: gyokaku against its peers on the same PDFs (``make bench``).

Every measurement runs in a fresh child process (:mod:`bench.child`), so
each peak-memory figure is one process's own; runs are interleaved across
tools and repeated, and the median is reported.  Results go to BENCHMARKS.md.
"""
