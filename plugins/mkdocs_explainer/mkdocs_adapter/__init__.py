"""The MkDocs adapter: the plugin's hooks and everything that touches MkDocs' (or ProperDocs') own types.

It hands the core plain strings, paths and model objects, and turns the core's errors into MkDocs' own.
"""
