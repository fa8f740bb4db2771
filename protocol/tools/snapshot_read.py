#!/usr/bin/env python3
"""An independent reader of the snapshot format (SPEC.md, section 15.1), written from the spec alone.

    python3 protocol/tools/snapshot_read.py protocol/examples/snapshot.gss            # checks it, prints a summary
    python3 protocol/tools/snapshot_read.py --changes protocol/examples/snapshot.gss  # also each change, as JSON

It streams the file (memory bounded by the string tables), recomputes every change's content hash from its
content (with change_hash.py beside it) and compares it with the hash carried, checks that every stream runs
from 1 without gaps to the header's seq and ends on the header's tip hash, and checks the trailer's count and
digest. The summary is the shared scope, each stream with its seq and tip, the change count and the digest.
Any malformation stops it with a message naming what was wrong, and exit status 1.
"""
import hashlib
import json
import os
import re
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from change_hash import canonical_json, content_hash  # noqa: E402

DEPARTMENT = re.compile(r"[A-Za-z0-9_-]{1,32}")
MAX_TABLE = 1 << 20
MAX_STREAMS = 100000
MAX_IDS = 1024
LIMITS = {"scope": 32, "collection": 64, "key": 256, "field": 128, "author": 256, "value": 1 << 20}


class Refused(Exception):
    pass


class Content:
    """The decompressed content of one gzip member, read on demand from a file."""

    def __init__(self, file):
        self.file = file
        self.inflater = zlib.decompressobj(wbits=31)
        self.buffer = b""
        self.position = 0
        self.offset = 0

    def _more(self):
        if self.inflater.eof:
            return False
        while True:
            data = self.inflater.unconsumed_tail
            if not data:
                data = self.file.read(1 << 16)
                if not data:
                    raise Refused("truncated: the gzip stream ends before its end marker")
            try:
                piece = self.inflater.decompress(data, 1 << 16)
            except zlib.error as error:
                raise Refused(f"corrupt gzip data: {error}")
            if self.inflater.eof:
                if self.inflater.unused_data or self.file.read(1):
                    raise Refused("trailing bytes after the gzip stream")
            if piece:
                self.offset += self.position
                self.buffer = self.buffer[self.position:] + piece
                self.position = 0
                return True
            if self.inflater.eof:
                return False

    def take(self, count, what):
        while len(self.buffer) - self.position < count:
            if not self._more():
                raise Refused(f"truncated: the content ends while reading {what}")
        data = self.buffer[self.position:self.position + count]
        self.position += count
        return data

    def varint(self, what):
        result = 0
        for index in range(10):
            byte = self.take(1, what)[0]
            if index == 9 and byte > 1:
                raise Refused(f"bad varint: {what} is above 2^64 - 1 or longer than 10 bytes")
            result |= (byte & 0x7F) << (7 * index)
            if byte & 0x80 == 0:
                return result
        raise Refused(f"bad varint: {what}")

    def count(self, what, limit):
        value = self.varint(what)
        if value > limit:
            raise Refused(f"too large: {what} is {value}, more than {limit}")
        return value

    def text(self, what, kind):
        length = self.count(f"the length of {what}", LIMITS[kind])
        try:
            return self.take(length, what).decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(f"{what} is not UTF-8")

    def at_end(self):
        return self.position == len(self.buffer) and not self._more()


def scope_named(name):
    if name != "shared" and not DEPARTMENT.fullmatch(name):
        raise Refused(f"scope '{name}' is not a department code or 'shared'")
    return name


def holds(shared_scope, scope):
    return shared_scope == "*" or scope == shared_scope or scope == "shared"


def seq_value(seq, whose):
    if not 1 <= seq <= (1 << 63) - 1:
        raise Refused(f"the seq {seq} of {whose} is not in 1 ... 2^63 - 1")
    return seq


class Reader:
    def __init__(self, file):
        self.content = Content(file)
        self.tables = {"origin": [], "scope": [], "collection": [], "field": [], "author": []}

    def reference(self, table, what):
        index = self.content.varint(what)
        entries = self.tables[table]
        if index == 0:
            if len(entries) >= MAX_TABLE:
                raise Refused(f"too large: the {table} table grows past {MAX_TABLE} entries")
            if table == "origin":
                entry = self.content.take(16, what).hex()
            else:
                entry = self.content.text(what, table)
                if table == "scope":
                    scope_named(entry)
                elif table in ("collection", "field") and not entry:
                    raise Refused(f"{what} is empty")
            entries.append(entry)
            return entry
        if index > len(entries):
            raise Refused(f"bad reference: {what} names entry {index} of a table of {len(entries)}")
        return entries[index - 1]

    def ids(self, name, whose):
        result = []
        for _ in range(self.content.count(f"the number of {name} of {whose}", MAX_IDS)):
            origin = self.reference("origin", f"an origin in the {name} of {whose}")
            scope = self.reference("scope", f"a scope in the {name} of {whose}")
            seq = seq_value(self.content.varint(f"a seq in the {name} of {whose}"), whose)
            result.append(f"{origin}/{scope}/{seq}")
        return result

    def read(self, on_change):
        content = self.content
        if content.take(4, "the header magic") != b"GSSN":
            raise Refused("the content does not begin with 'GSSN': not a GradSync snapshot")
        version = content.varint("the format version")
        if version != 1:
            raise Refused(f"format version {version} is not supported; this reader reads version 1")
        shared_scope = content.text("the shared scope", "scope")
        if shared_scope != "*":
            scope_named(shared_scope)
        streams = {}
        for index in range(content.count("the number of streams", MAX_STREAMS)):
            origin = content.take(16, f"the origin of stream {index}").hex()
            scope = scope_named(content.text(f"the scope of stream {index}", "scope"))
            seq = seq_value(content.varint(f"the seq of stream {index}"), f"stream {index}")
            tip = content.take(32, f"the tip of stream {index}").hex()
            if not holds(shared_scope, scope):
                raise Refused(f"stream {origin}/{scope} is outside the snapshot's scope '{shared_scope}'")
            if (origin, scope) in streams:
                raise Refused(f"the header lists stream {origin}/{scope} twice")
            streams[(origin, scope)] = (seq, tip)
        count = content.varint("the change count")
        if count != sum(seq for seq, _ in streams.values()):
            raise Refused(f"the header counts {count} changes but its streams hold {sum(s for s, _ in streams.values())}")
        reached = {}
        digest = hashlib.sha256()
        for number in range(1, count + 1):
            whose = f"change {number}"
            origin = self.reference("origin", f"the origin of {whose}")
            scope = self.reference("scope", f"the scope of {whose}")
            seq = seq_value(content.varint(f"the seq of {whose}"), whose)
            whose = f"change {origin}/{scope}/{seq}"
            hlc = content.varint(f"the stamp of {whose}")
            collection = self.reference("collection", f"the collection of {whose}")
            key = content.text(f"the key of {whose}", "key")
            if not key:
                raise Refused(f"the key of {whose} is empty")
            field = self.reference("field", f"the field of {whose}")
            value_text = content.text(f"the value of {whose}", "value")
            bases = self.ids("bases", whose)
            seen = self.ids("seen", whose)
            author = self.reference("author", f"the author of {whose}")
            carried = content.take(32, f"the hash of {whose}").hex()
            try:
                value = json.loads(value_text, parse_float=reject, parse_constant=reject)
            except ValueError as error:
                raise Refused(f"the value of {whose} is not a JSON value without fractions: {error}")
            if canonical_json(value) != value_text:
                raise Refused(f"the value of {whose} is not in canonical JSON")
            change = {
                "origin": origin, "scope": scope, "seq": seq, "hlc": f"{hlc >> 16}.{hlc & 0xFFFF}",
                "collection": collection, "key": key, "field": field, "value": value, "bases": bases,
                "seen": seen, "author": author,
            }
            if content_hash(change) != carried:
                raise Refused(f"hash mismatch: {whose} does not match its content hash")
            stream = streams.get((origin, scope))
            if stream is None:
                raise Refused(f"{whose} is of a stream the header does not list")
            previous = reached.get((origin, scope), 0)
            if seq != previous + 1 or seq > stream[0]:
                raise Refused(f"{whose} follows seq {previous} of its stream, which the header ends at {stream[0]}")
            if seq == stream[0] and carried != stream[1]:
                raise Refused(f"{whose} has a hash other than the header's tip of its stream")
            reached[(origin, scope)] = seq
            digest.update(bytes.fromhex(carried))
            change["hash"] = carried
            on_change(change)
        if content.take(4, "the trailer magic") != b"GSSE":
            raise Refused(f"no trailer 'GSSE' after the header's {count} changes")
        trailer_count = content.varint("the trailer's count")
        if trailer_count != count:
            raise Refused(f"the trailer counts {trailer_count} changes but {count} were read")
        if content.take(32, "the trailer's digest") != digest.digest():
            raise Refused("the trailer's digest does not match the content hashes of the changes read")
        if not content.at_end():
            raise Refused("trailing bytes after the trailer")
        return shared_scope, streams, count, digest.hexdigest()


def reject(text):
    raise ValueError(f"'{text}' is not an integer")


def main(arguments):
    show_changes = "--changes" in arguments
    paths = [a for a in arguments if a != "--changes"]
    failures = 0
    for path in paths:
        def show(change):
            if show_changes:
                print(json.dumps(change, ensure_ascii=False, sort_keys=True))
        try:
            with open(path, "rb") as file:
                shared_scope, streams, count, digest = Reader(file).read(show)
        except Refused as refusal:
            print(f"{path}: refused: {refusal}")
            failures += 1
            continue
        print(f"scope {shared_scope}")
        for (origin, scope), (seq, tip) in sorted(streams.items()):
            print(f"stream {origin}/{scope} {seq} {tip}")
        print(f"changes {count}")
        print(f"digest {digest}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
