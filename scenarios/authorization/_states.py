"""State values a careless server mangles, shared by the success and the error scenarios."""

STATES = {
    "reserved-characters": "a+b c&d=e/f?g#h;i,j:k@l$m!n'o(p)q*r",
    "percent-sequences": "%41%2B%zz%%25-already-encoded-looking",
    "unicode": "état-зайчик-状態-🔑-" + "x" * 16,
    "long": "s" * 512,
}

# Issue 7, field case 4: a value that reads as more parameters and a fragment when a server
# puts it on the redirect URI without form-encoding it (RFC 6749 Appendix B).
QUERY_SYNTAX = "a&b=c#d"
