"""The annotation core: model, loading, validation, matching, linking and rendering, with no engine in it.

Nothing here imports MkDocs (or ProperDocs, or a theme), the engine adapter or the editors' tools;
tests/test_layout.py holds it to that.
"""
