import pytest
from django.test import RequestFactory

from collegium.core.redirects import safe_next


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/en/communities/", "/en/communities/"),
        ("http://testserver/en/", "http://testserver/en/"),
        ("https://evil.example/", "/fallback/"),
        ("//evil.example/", "/fallback/"),
        ("javascript:alert(1)", "/fallback/"),
        ("", "/fallback/"),
    ],
)
def test_only_our_own_addresses_are_followed(target, expected):
    request = RequestFactory().post("/", {"next": target})
    assert safe_next(request, "/fallback/") == expected
    request = RequestFactory().get("/", {"next": target})
    assert safe_next(request, "/fallback/") == expected
