"""Bundled example ecosystems: data only, installed as ``netorg._bundled``.

Each folder holds one ecosystem in netorg's input format, a README.md saying what it is,
where it comes from and its licence, and ``dataset.json`` with its reference date.
"""
