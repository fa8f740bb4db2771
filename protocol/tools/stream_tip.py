#!/usr/bin/env python3
"""An independent implementation of signed stream tips (SPEC.md, "Signed stream tips", 5.3).

    python3 protocol/tools/stream_tip.py protocol/vectors/tips/*.json           # checks each vector
    python3 protocol/tools/stream_tip.py --write protocol/vectors/tips/*.json   # fills in what is derived

A vector holds a test-only private key (`private_key_seed`, the 32-byte Ed25519 seed in hex) of the stream's
origin and its `public_key`; what the receiving node `held` of the stream before the page (`seq` and `chain`,
with the `held_changes` themselves when it held any); the page's `changes` of that stream (with their `hash`);
the page's stream `tip`; and the `expected` chain digest after each change of `changes` (`chains`), the tip's
signed `text`, and the receiver's `verdict` on the page (`accepted`, `dropped` or `forged_change`) with the
`accepted_seqs` and `dropped_seqs`. The receiver is a node taking a push (SPEC.md 6) unless `receiver` is
`client`: a replica applying a pulled page (SPEC.md 7), which drops nothing for want of a tip and lists the
changes the tip proves in `expected.verified_seqs`.

Checking recomputes every change's content hash (with change_hash.py beside it), the held chain from the held
changes, the chain after each change of the page, and the tip's text from the tip alone; verifies the tip's
signature with the vector's public key; checks that the seed's public key and (Ed25519 being deterministic,
RFC 8032) its signature of the text are the vector's; and works out what a node that knows the origin's key
does with the page (SPEC.md 6, steps 4, 7 and 9), which must be the expected verdict. --write fills in the
hashes, the held chain, the public key, the tip's chain (only when the tip has none: a forged case keeps the
genuine tip it was given), the signature and the expected chains and text from the seed; the verdict and the
seq lists are written by hand.

Written from the spec alone, not from the Swift code; the Swift tests check the same vectors with the real code.
Needs the `cryptography` package (pip install cryptography); without it, it says so and exits 0 having
checked only the hashes, chains, texts and verdicts (taking each signature as good).
"""
import hashlib
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from change_hash import content_hash  # noqa: E402

try:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
    from cryptography.hazmat.primitives import serialization
    from cryptography.exceptions import InvalidSignature
except ImportError:  # pragma: no cover
    Ed25519PrivateKey = None

CONTEXT = "gradsync-stream-tip-v1"
ZERO_CHAIN = "0" * 64
ORIGIN = re.compile(r"[0-9a-f]{32}")
SCOPE = re.compile(r"[A-Za-z0-9_-]{1,32}")  # a department code, or `shared`, which has the same form
CHAIN = re.compile(r"[0-9a-f]{64}")
SIGNATURE = re.compile(r"[0-9a-f]{128}")


def extend(chain, change_hash):
    """C_n = SHA-256(C_{n-1} || the 32 raw bytes of the content hash of the change of seq n), as lowercase hex."""
    return hashlib.sha256(bytes.fromhex(chain) + bytes.fromhex(change_hash)).hexdigest()


def chain_of(changes, start=ZERO_CHAIN):
    """The chain after each of `changes`, which continue a stream whose chain is `start`."""
    chains = []
    for change in changes:
        start = extend(start, content_hash(change))
        chains.append(start)
    return chains


def signed_text(tip):
    return "\n".join([
        CONTEXT,
        f"origin {tip['origin']}",
        f"scope {tip['scope']}",
        f"seq {tip['seq']}",
        f"chain {tip['chain']}",
    ])


def tip_problems(tip):
    """SPEC.md 6, step 4: a tip is well formed."""
    problems = []
    if not isinstance(tip.get("origin"), str) or not ORIGIN.fullmatch(tip["origin"]):
        problems.append("the tip's origin is not 32 lowercase hex digits")
    if not isinstance(tip.get("scope"), str) or not SCOPE.fullmatch(tip["scope"]):
        problems.append("the tip's scope is not a scope")
    if not isinstance(tip.get("seq"), int) or isinstance(tip.get("seq"), bool) or not 1 <= tip["seq"] < 1 << 63:
        problems.append("the tip's seq is not an integer from 1 to 2^63-1")
    if not isinstance(tip.get("chain"), str) or not CHAIN.fullmatch(tip["chain"]):
        problems.append("the tip's chain is not 64 lowercase hex digits")
    if not isinstance(tip.get("signature"), str) or not SIGNATURE.fullmatch(tip["signature"]):
        problems.append("the tip's signature is not 128 lowercase hex digits")
    return problems


def verifies(public_key_hex, tip):
    if Ed25519PrivateKey is None:
        return True
    public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex))
    try:
        public.verify(bytes.fromhex(tip["signature"]), signed_text(tip).encode("utf-8"))
        return True
    except InvalidSignature:
        return False


def node_verdict(held, changes, tip, public_key):
    """What a node that has `public_key` bound to the tip's origin does with a page of this one stream's `changes`
    carrying `tip`, holding the stream up to `held` (SPEC.md 6, steps 4, 7 and 9; 5.3). Returns
    (verdict, accepted seqs, dropped seqs, duplicate seqs)."""
    stream = (tip["origin"], tip["scope"])
    mine = [c for c in changes if (c["origin"].lower(), c["scope"]) == stream]
    seqs = [c["seq"] for c in mine]
    # Step 4: the tip is well formed and stands within its stream's range in the page.
    if tip_problems(tip) or not seqs or not min(seqs) <= tip["seq"] <= max(seqs):
        return "bad_request", [], [], []
    # Step 7: the signature, with the key bound to the origin.
    if not verifies(public_key, tip):
        return "forged_change", [], [], []
    # Step 9: the node's chain from what it holds, through the page's new changes up to the tip's seq.
    at, chain = held["seq"], held["chain"]
    run, dropped, duplicates = [], [], []
    for change in mine:
        if change["seq"] <= at:
            duplicates.append(change["seq"])  # held (or earlier in this page): no proof needed
        elif change["seq"] == at + 1 and change["seq"] <= tip["seq"]:
            at, chain = change["seq"], extend(chain, content_hash(change))
            run.append(change["seq"])
            if at == tip["seq"] and chain != tip["chain"]:
                return "forged_change", [], [], []
        else:
            dropped.append(change["seq"])  # past a gap, or past the tip
    if at < tip["seq"]:
        dropped, run = sorted(dropped + run), []  # the run does not reach the tip: nothing of it is proven
    return ("dropped" if dropped else "accepted"), run, dropped, duplicates


def client_verdict(held, changes, tip, public_key):
    """What a replica that holds `public_key` for the tip's origin does with a pulled page of this one stream's
    `changes` carrying `tip`, holding the stream up to `held` (SPEC.md 7). Returns (verdict, accepted seqs,
    verified seqs): every change continuing the stream is applied; the tip must verify and its chain must be the one
    the held chain and the page's changes give at its seq, which proves the changes up to it."""
    stream = (tip["origin"], tip["scope"])
    mine = [c for c in changes if (c["origin"].lower(), c["scope"]) == stream]
    seqs = [c["seq"] for c in mine]
    if tip_problems(tip) or not seqs or not min(seqs) <= tip["seq"] <= max(seqs):
        return "bad_response", [], []
    if not verifies(public_key, tip):
        return "forged_change", [], []
    at, chain = held["seq"], held["chain"]
    accepted = []
    for change in mine:
        if change["seq"] != at + 1:
            continue  # held already, or past a gap: not applied
        at, chain = change["seq"], extend(chain, content_hash(change))
        accepted.append(at)
        if at == tip["seq"] and chain != tip["chain"]:
            return "forged_change", [], []
    verified = list(range(1, tip["seq"] + 1)) if at >= tip["seq"] else []
    return "accepted", accepted, verified


def raw_public(private):
    return private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def write(case):
    if Ed25519PrivateKey is None:
        sys.exit("--write needs the cryptography package")
    private = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(case["private_key_seed"]))
    case["public_key"] = raw_public(private)
    held_changes = case.setdefault("held_changes", [])
    for change in held_changes + case["changes"]:
        change["hash"] = content_hash(change)
    held_chains = chain_of(held_changes)
    case["held"] = {"seq": len(held_changes), "chain": held_chains[-1] if held_chains else ZERO_CHAIN}
    chains = chain_of(case["changes"], case["held"]["chain"])
    tip = case["tip"]
    if not tip.get("chain"):
        tip["chain"] = (held_chains + chains)[tip["seq"] - 1]
    tip["signature"] = private.sign(signed_text(tip).encode("utf-8")).hex()
    expected = case.setdefault("expected", {})
    expected["chains"] = chains
    expected["text"] = signed_text(tip)


def check(case):
    problems = []
    held_changes = case.get("held_changes") or []
    for where, list_ in (("held_changes", held_changes), ("changes", case["changes"])):
        for i, change in enumerate(list_):
            if change.get("hash") != content_hash(change):
                problems.append(f"{where}[{i}]: the hash should be {content_hash(change)}")
    # The held stream: seqs 1..h, and its chain.
    if [c["seq"] for c in held_changes] != list(range(1, len(held_changes) + 1)):
        problems.append("held_changes are not seqs 1, 2, … of the stream")
    if held_changes and case["held"]["seq"] != len(held_changes):
        problems.append("held.seq is not the number of held changes")
    if not held_changes and case["held"]["seq"] != 0:
        problems.append("held.seq is above 0 without held_changes to compute its chain from")
    held_chains = chain_of(held_changes)
    if case["held"]["chain"] != (held_chains[-1] if held_chains else ZERO_CHAIN):
        problems.append("held.chain is not the chain of the held changes")
    # The page continues the held stream without a gap, so each change has its chain.
    if [c["seq"] for c in case["changes"]] != list(range(case["held"]["seq"] + 1, case["held"]["seq"] + 1 + len(case["changes"]))):
        problems.append("changes do not continue the held stream seq by seq")
    if chain_of(case["changes"], case["held"]["chain"]) != case["expected"]["chains"]:
        problems.append("the chains differ")
    tip = case["tip"]
    problems += tip_problems(tip)
    text = signed_text(tip)
    if text != case["expected"]["text"]:
        problems.append("the tip's text differs")
    if Ed25519PrivateKey is not None:
        if not verifies(case["public_key"], tip):
            problems.append("the tip's signature does not verify")
        private = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(case["private_key_seed"]))
        if raw_public(private) != case["public_key"]:
            problems.append("the seed's public key is not the vector's")
        if private.sign(text.encode("utf-8")).hex() != tip["signature"]:
            problems.append("the seed's signature of the text is not the tip's")
        for member, other in (("seq", tip["seq"] + 1), ("chain", ZERO_CHAIN), ("scope", tip["scope"] + "X")):
            if verifies(case["public_key"], dict(tip, **{member: other})):
                problems.append(f"the signature still verifies with the tip's {member} changed")
    expected = case["expected"]
    if case.get("receiver") == "client":
        verdict, accepted, verified = client_verdict(case["held"], case["changes"], tip, case["public_key"])
        if verdict != expected["verdict"]:
            problems.append(f"the client's verdict is {verdict}, not {expected['verdict']}")
        if accepted != expected.get("accepted_seqs", []):
            problems.append(f"the client applies seqs {accepted}, not {expected.get('accepted_seqs', [])}")
        if verified != expected.get("verified_seqs", []):
            problems.append(f"the tip proves seqs {verified}, not {expected.get('verified_seqs', [])}")
        return problems
    verdict, accepted, dropped, _ = node_verdict(case["held"], case["changes"], tip, case["public_key"])
    if verdict != expected["verdict"]:
        problems.append(f"the node's verdict is {verdict}, not {expected['verdict']}")
    if accepted != expected.get("accepted_seqs", []):
        problems.append(f"the node accepts seqs {accepted}, not {expected.get('accepted_seqs', [])}")
    if dropped != expected.get("dropped_seqs", []):
        problems.append(f"the node drops seqs {dropped}, not {expected.get('dropped_seqs', [])}")
    return problems


def main(arguments):
    writing = "--write" in arguments
    paths = [a for a in arguments if not a.startswith("--")]
    failures = 0
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            case = json.load(handle)
        if writing:
            write(case)
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(case, handle, ensure_ascii=False, indent=2, sort_keys=True)
                handle.write("\n")
            print(f"wrote {path}")
            continue
        problems = check(case)
        for problem in problems:
            print(f"{path}: {problem}")
        failures += len(problems)
        if not problems:
            print(f"ok {path}" + ("" if Ed25519PrivateKey is not None else " (no signatures checked: no cryptography package)"))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
