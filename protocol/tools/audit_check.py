#!/usr/bin/env python3
"""Checks an audit export (SPEC.md, "Audit export", 5.4) from the spec alone.

    python3 protocol/tools/audit_check.py auto-audit.json

For each stream of the file it recomputes every change's content hash from the change itself (SPEC.md 3.4) and
compares it with the hash the file carries, checks that the seqs run 1, 2, 3, ... without a gap, recomputes the
chain digest after each change (5.3), and checks each signed tip: its chain against the recomputed one at its seq,
and its signature with the public key the file lists for the stream's origin. It prints, for each stream, how many
changes the origin's own signature proves (every seq up to its highest valid tip) and how many nothing in the file
proves, and exits 1 when anything does not match: a change altered after it was written, a tip that does not
belong to the log, or a signature that does not verify.

The keys come from the exporting replica (the central node binds each laptop's key at its first signed handshake);
compare each key's fingerprint with `gradsync status` on the laptop itself to be sure it is the laptop's.
Needs the `cryptography` package to check signatures; without it, it says so, checks everything else, and exits 1
(an audit that cannot check signatures has not checked the evidence).
"""
import hashlib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from change_hash import content_hash  # noqa: E402
from stream_tip import ZERO_CHAIN, extend, tip_problems, verifies, Ed25519PrivateKey  # noqa: E402

FORMAT = "gradsync-audit-v1"


def fingerprint(public_key_hex):
    digits = hashlib.sha256(bytes.fromhex(public_key_hex)).hexdigest()[:32]
    return ":".join(digits[i:i + 4] for i in range(0, 32, 4))


def check(document):
    """Returns (lines to print, problems)."""
    lines, problems = [], []
    if document.get("format") != FORMAT:
        return lines, [f"not an audit export of format {FORMAT}"]
    keys = {}
    for key in document.get("keys", []):
        if fingerprint(key["public_key"]) != key.get("fingerprint"):
            problems.append(f"key of {key['replica_id']}: its fingerprint is not that of its public key")
        keys[key["replica_id"]] = key
    for stream in document.get("streams", []):
        origin, scope = stream["origin"], stream["scope"]
        name = f"stream of {origin} in scope {scope}"
        if scope != document.get("scope"):
            problems.append(f"{name}: not of the exported scope {document.get('scope')}")
        chains = {0: ZERO_CHAIN}
        chain = ZERO_CHAIN
        for expected_seq, change in enumerate(stream["changes"], start=1):
            if (change["origin"].lower(), change["scope"]) != (origin, scope) or change["seq"] != expected_seq:
                problems.append(f"{name}: change {expected_seq} is not seq {expected_seq} of this stream")
                break
            recomputed = content_hash(change)
            if change.get("hash") != recomputed:
                problems.append(f"{name}: seq {expected_seq} does not match its hash: the change was altered")
            chain = extend(chain, recomputed)
            chains[expected_seq] = chain
        held = len(chains) - 1
        key = keys.get(origin)
        proven = 0
        for tip in stream.get("tips", []):
            where = f"{name}: tip at seq {tip.get('seq')}"
            if tip_problems(tip) or (tip["origin"], tip["scope"]) != (origin, scope):
                problems.append(f"{where}: malformed, or of another stream")
                continue
            if tip["seq"] > held or chains.get(tip["seq"]) != tip["chain"]:
                problems.append(f"{where}: its chain is not the log's: the log differs from what the origin signed")
                continue
            if key is None:
                problems.append(f"{where}: the file lists no key for {origin}")
                continue
            if not verifies(key["public_key"], tip):
                problems.append(f"{where}: the signature does not verify with the key of {origin}")
                continue
            proven = max(proven, tip["seq"])
        who = "no key listed"
        if key is not None:
            who = "the exporting replica's own key" if key.get("exporter") else \
                f"key {key['fingerprint']}, bound to a token of {key.get('scope')} ({key.get('token_label') or 'no label'})"
        lines.append(f"{name}: {held} change(s); seqs 1-{proven} proven by the origin's signature ({who}); "
                     f"{held - proven} not proven")
    return lines, problems


def main(paths):
    if not paths:
        print(__doc__.strip().splitlines()[0])
        return 2
    failed = False
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
        lines, problems = check(document)
        for line in lines:
            print(line)
        for problem in problems:
            print(f"{path}: {problem}")
        if Ed25519PrivateKey is None:
            print(f"{path}: signatures not checked: install the cryptography package (pip install cryptography)")
            failed = True
        if problems:
            failed = True
        else:
            print(f"ok {path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
