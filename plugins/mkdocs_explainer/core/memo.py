"""Keys for results kept by content: short digests, so a memo never keeps a (long) input alive."""

from __future__ import annotations

import hashlib


def digest(text: str) -> bytes:
    """A 16-byte fingerprint of `text` (its characters: cheaper than `fingerprint` on a long text)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def fingerprint(*parts: object) -> str:
    """A fingerprint of `parts` by their `repr` (bytes as they are), each length-prefixed so that no
    two different sequences of parts read the same."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()
