#!/usr/bin/env python3
"""An independent implementation of a change's canonical text and content hash (SPEC.md, "Canonical text").

    python3 protocol/tools/change_hash.py protocol/vectors/*.json   # fills in every change's "hash"
    python3 protocol/tools/change_hash.py --check protocol/vectors/*.json

It is written from the spec alone, not from the Swift code, so the vectors' hashes also show that the
spec is enough to build a compatible client. The Swift tests check the same hashes against the real code.
"""
import hashlib
import json
import sys


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


def main(arguments):
    check = "--check" in arguments
    failures = 0
    for path in (a for a in arguments if a != "--check"):
        with open(path, encoding="utf-8") as file:
            document = json.load(file)
        for change in document["changes"]:
            expected = content_hash(change)
            if check and change.get("hash") != expected:
                print(f"{path}: {change['origin']}/{change['scope']}/{change['seq']} hash should be {expected}")
                failures += 1
            change["hash"] = expected
        if not check:
            with open(path, "w", encoding="utf-8") as file:
                json.dump(document, file, ensure_ascii=False, indent=2)
                file.write("\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
