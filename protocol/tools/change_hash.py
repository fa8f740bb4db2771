#!/usr/bin/env python3
"""An independent implementation of a change's canonical text and content hash (SPEC.md, "Canonical text"),
and of a page's digest (SPEC.md, "Page digest").

    python3 protocol/tools/change_hash.py protocol/vectors/*.json   # fills in every change's "hash"
    python3 protocol/tools/change_hash.py --check protocol/vectors/*.json protocol/examples/push-request-digest.json
    python3 protocol/tools/change_hash.py --digest protocol/vectors/04-resolution-closes-conflict.json

A document is anything with a "changes" array (a vector, a pull response, a push request). Filling in writes
each change's "hash", or only the page's "digest" when the document carries one (a digest page). --check
checks every "hash" present and the "digest" when present, and that every id in "bases" and "seen" is canonical
(no sign or leading zeros in its seq). --digest prints the digest of each document's
changes, computed from their content alone, and the path.

It is written from the spec alone, not from the Swift code, so the vectors' hashes also show that the
spec is enough to build a compatible client. The Swift tests check the same hashes against the real code.
"""
import hashlib
import json
import re
import sys

# SPEC.md 3.1: origin/scope/seq, seq in decimal without a sign or leading zeros. A node refuses any other form
# (bad_request): it would keep "…/01" as "…/1", and the canonical text holds ids as text.
CHANGE_ID = re.compile(r"[0-9a-fA-F]{32}/[A-Za-z0-9_-]{1,32}/[1-9][0-9]*")


def canonical_json(value):
    # Sorted member names (code point order equals UTF-8 byte order), no white space, raw UTF-8,
    # and only the escapes JSON requires (json.dumps writes \u00XX in lowercase hex, as the spec says).
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def change_id_key(text):
    origin, scope, seq = text.split("/")
    return (origin.lower(), scope, int(seq))


def canonical_text(change):
    milliseconds, counter = change["hlc"].split(".")
    hlc = int(milliseconds) << 16 | int(counter)
    if hlc >= 1 << 63:
        hlc -= 1 << 64
    return canonical_json([
        change["origin"].lower(), change["scope"], change["seq"], hlc,
        change["collection"], change["key"], change["field"], change["value"],
        sorted(change.get("bases", []), key=change_id_key),
        sorted(change.get("seen") or [], key=change_id_key),
        change["author"],
    ])


def content_hash(change):
    return hashlib.sha256(canonical_text(change).encode("utf-8")).hexdigest()


def page_digest(changes):
    # SHA-256 over the 32 raw bytes of each change's content hash, in page order; of nothing for an empty page.
    digest = hashlib.sha256()
    for change in changes:
        digest.update(bytes.fromhex(content_hash(change)))
    return digest.hexdigest()


def main(arguments):
    check = "--check" in arguments
    print_digest = "--digest" in arguments
    failures = 0
    for path in (a for a in arguments if a not in ("--check", "--digest")):
        with open(path, encoding="utf-8") as file:
            document = json.load(file)
        if print_digest:
            print(f"{page_digest(document['changes'])}  {path}")
            continue
        digest_page = "digest" in document
        for change in document["changes"]:
            for text in change.get("bases", []) + (change.get("seen") or []):
                if check and not CHANGE_ID.fullmatch(text):
                    print(f"{path}: {change['origin']}/{change['scope']}/{change['seq']} names '{text}', not a canonical change id")
                    failures += 1
            expected = content_hash(change)
            if check and "hash" in change and change["hash"].lower() != expected:
                print(f"{path}: {change['origin']}/{change['scope']}/{change['seq']} hash should be {expected}")
                failures += 1
            if check and "hash" not in change and not digest_page:
                print(f"{path}: {change['origin']}/{change['scope']}/{change['seq']} has no hash and the page no digest")
                failures += 1
            if not digest_page:
                change["hash"] = expected
        if digest_page:
            expected = page_digest(document["changes"])
            if check and document["digest"].lower() != expected:
                print(f"{path}: the page's digest should be {expected}")
                failures += 1
            document["digest"] = expected
        if not check:
            with open(path, "w", encoding="utf-8") as file:
                json.dump(document, file, ensure_ascii=False, indent=2)
                file.write("\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
