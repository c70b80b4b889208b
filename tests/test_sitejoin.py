"""`sitejoin.join` resolves the plain links of a page without urllib: always what `urljoin` and
`urldefrag` give, on the links the plugin writes and on any other."""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin

from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs_explainer.core import sitejoin

_PARTS = st.sampled_from(
    ["../", "./", "/", "a", "b-c", "d_e.html", ".x", "..", ".", "#", "#xp-m--a", "?q=1", ":", "%20", "é",
     "https:", "//h/", "~", " ", "index.html", "people/", "glossary/"]
)  # fmt: skip
_BASES = st.sampled_from(
    ["https://xp.invalid/", "https://xp.invalid/a/", "https://xp.invalid/a/b/", "https://xp.invalid/a/b.html",
     "https://xp.invalid/a/./b/", "https://xp.invalid/a/../b/", "https://xp.invalid/%C3%A9/", "https://xp.invalid/a#f",
     "https://xp.invalid/a/b/c/d/", "https://xp.invalid/people/ada-lovelace/"]
)  # fmt: skip


def _slow(base: str, href: str) -> tuple[str, str, str]:
    target = urljoin(base, href)
    where, fragment = urldefrag(target)
    return target, where, fragment


@settings(max_examples=1000, deadline=None)
@given(_BASES, st.lists(_PARTS, max_size=8))
def test_join_is_urljoin(base: str, parts: list[str]) -> None:
    href = "".join(parts)
    assert sitejoin.join(base, href) == _slow(base, href)


def test_the_plugins_own_links() -> None:
    base = "https://xp.invalid/people/ada-lovelace/"
    for href in ["../bo/", "../../glossary/kyiv/", "../../security/2025-02-28-x-59/#xp-m--ada-lovelace",
                 "../../../../x/", "../../", "other.html#a", "#only"]:  # fmt: skip
        assert sitejoin.join(base, href) == _slow(base, href), href
    assert sitejoin.join(base, "../bo/") == ("https://xp.invalid/people/bo/", "https://xp.invalid/people/bo/", "")
