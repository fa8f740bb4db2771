#!/usr/bin/env python3
"""An independent implementation of the handshake signature (SPEC.md, "Proof of the replica's key").

    python3 protocol/tools/handshake_signature.py protocol/vectors/handshake/*.json           # checks each vector
    python3 protocol/tools/handshake_signature.py --write protocol/vectors/handshake/*.json   # fills in what is derived

A vector holds a test-only private key (`private_key_seed`, the 32-byte Ed25519 seed in hex), the `token_id`
the request is sent with, the handshake `request` with its `public_key` and `signature`, and the `expected`
canonical `text`, `vector_digest` and key `fingerprint`. Checking recomputes the text from the request alone,
verifies the signature with the request's public key, and checks that the seed's public key and (Ed25519 being
deterministic, RFC 8032) its signature of the text are the vector's. --write fills those members in from the seed.

Written from the spec alone, not from the Swift code; the Swift tests check the same vectors with the real code.
Needs the `cryptography` package (pip install cryptography); without it, it says so and exits 0 having
checked only the texts and digests.
"""
import hashlib
import json
import sys

try:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
    from cryptography.hazmat.primitives import serialization
    from cryptography.exceptions import InvalidSignature
except ImportError:  # pragma: no cover
    Ed25519PrivateKey = None

CONTEXT = "gradsync-handshake-signature-v1"


HEX = set("0123456789abcdefABCDEF")


def hash_problems(vector):
    """In a signed handshake each entry's hash is 64 hex digits or absent, so the signed text is unambiguous."""
    return [f"vector entry {i}: a hash in a signed handshake is 64 hex digits or absent"
            for i, e in enumerate(vector)
            if "hash" in e and e["hash"] is not None and (not isinstance(e["hash"], str) or len(e["hash"]) != 64 or not set(e["hash"]) <= HEX)]


def vector_digest(vector):
    lines = "\n".join(f"{e['origin']} {e['scope']} {e['seq']} {'-' if e.get('hash') is None else e['hash']}" for e in vector)
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def signed_text(request, public_key, token_id):
    return "\n".join([
        CONTEXT,
        f"protocol {request['protocol']}",
        f"replica_id {request['replica_id']}",
        f"scope {request['scope']}",
        f"public_key {public_key}",
        f"token_id {token_id}",
        f"clock_ms {request['clock_ms']}",
        f"vector {vector_digest(request['vector'])}",
    ])


def fingerprint(public_key_hex):
    digits = hashlib.sha256(bytes.fromhex(public_key_hex)).hexdigest()[:32]
    return ":".join(digits[i:i + 4] for i in range(0, 32, 4))


def raw_public(private):
    return private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def main(arguments):
    write = "--write" in arguments
    paths = [a for a in arguments if not a.startswith("--")]
    failures = 0
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            case = json.load(handle)
        request = case["request"]
        if write:
            if Ed25519PrivateKey is None:
                sys.exit("--write needs the cryptography package")
            private = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(case["private_key_seed"]))
            request["public_key"] = raw_public(private)
            text = signed_text(request, request["public_key"], case["token_id"])
            request["signature"] = private.sign(text.encode("utf-8")).hex()
            case["expected"] = {"fingerprint": fingerprint(request["public_key"]), "text": text,
                                "vector_digest": vector_digest(request["vector"])}
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(case, handle, ensure_ascii=False, indent=2, sort_keys=True)
                handle.write("\n")
            print(f"wrote {path}")
            continue
        problems = hash_problems(request["vector"])
        if len(request.get("signature", "")) != 128 or not set(request.get("signature", "")) <= set("0123456789abcdef"):
            problems.append("the signature is not 128 lowercase hex digits")
        text = signed_text(request, request["public_key"], case["token_id"])
        if text != case["expected"]["text"]:
            problems.append("the canonical text differs")
        if vector_digest(request["vector"]) != case["expected"]["vector_digest"]:
            problems.append("the vector digest differs")
        if fingerprint(request["public_key"]) != case["expected"]["fingerprint"]:
            problems.append("the fingerprint differs")
        if Ed25519PrivateKey is not None:
            public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(request["public_key"]))
            try:
                public.verify(bytes.fromhex(request["signature"]), text.encode("utf-8"))
            except InvalidSignature:
                problems.append("the signature does not verify")
            private = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(case["private_key_seed"]))
            if raw_public(private) != request["public_key"]:
                problems.append("the seed's public key is not the request's")
            if private.sign(text.encode("utf-8")).hex() != request["signature"]:
                problems.append("the seed's signature of the text is not the request's")
        for problem in problems:
            print(f"{path}: {problem}")
        failures += len(problems)
        if not problems:
            print(f"ok {path}" + ("" if Ed25519PrivateKey is not None else " (texts only: no cryptography package)"))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
