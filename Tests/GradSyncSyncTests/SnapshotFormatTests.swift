import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncSync
import Testing

/// The snapshot format reads back what it wrote, and refuses every malformation with a clear error.
@Suite struct SnapshotFormatTests {
    static let laptop = ReplicaID(hex: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")!
    static let office = ReplicaID(hex: "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")!

    /// A small log in storage order: two origins, a department and `shared`, bases, a tombstone with `seen`, and
    /// values of every kind.
    static func sampleChanges() throws -> [Change] {
        let auto = try Scope.department("AUTO")
        func id(_ origin: ReplicaID, _ scope: Scope, _ seq: UInt64) -> ChangeID { ChangeID(origin: origin, scope: scope, seq: seq) }
        let stamp = HLCTimestamp(milliseconds: 1_780_000_000_000)
        return [
            Change(id: id(office, .shared, 1), hlc: stamp, collection: "department", key: "AUTO", field: "name", value: .string("自动化系"), author: "office"),
            Change(id: id(laptop, auto, 1), hlc: stamp.successor, collection: "graduate", key: "2024001", field: "name",
                   value: .string("张三\n\"引号\""), author: "secretary"),
            Change(id: id(laptop, auto, 2), hlc: stamp.successor.successor, collection: "graduate", key: "2024001", field: "x_future",
                   value: .object(["b": .list([.null, .bool(false), .integer(-9_223_372_036_854_775_808)]), "a": .object([:])]), author: "secretary"),
            Change(id: id(office, auto, 1), hlc: HLCTimestamp(milliseconds: 1_780_000_100_000, counter: 7), collection: "graduate", key: "2024001",
                   field: "name", value: .string("李四"), bases: [id(laptop, auto, 1)], author: "office"),
            Change(id: id(laptop, auto, 3), hlc: HLCTimestamp(milliseconds: 1_780_000_200_000), collection: "graduate", key: "2024001",
                   field: Change.tombstoneField, value: .bool(true), seen: [id(office, auto, 1), id(laptop, auto, 2)], author: "secretary"),
            Change(id: id(office, .shared, 2), hlc: HLCTimestamp(milliseconds: 1_780_000_300_000), collection: "department", key: "AUTO",
                   field: "name", value: .null, bases: [id(office, .shared, 1)], author: "office"),
        ]
    }

    static func header(for changes: [Change], scope: ReplicaScope = .central) -> SnapshotHeader {
        var tips: [StreamKey: Change] = [:]
        for change in changes where change.id.seq > (tips[change.id.stream]?.id.seq ?? 0) { tips[change.id.stream] = change }
        return SnapshotHeader(sharedScope: scope, streams: tips.values.map { SnapshotStream(stream: $0.id.stream, seq: $0.id.seq, tipHash: $0.contentHash) },
                              changeCount: UInt64(changes.count))
    }

    /// The compressed bytes of a snapshot of `changes`, with `hashes` in place of their own when given.
    static func snapshot(_ changes: [Change], header: SnapshotHeader? = nil, hashes: [String]? = nil) throws -> [UInt8] {
        var bytes: [UInt8] = []
        let writer = try SnapshotWriter(header: header ?? Self.header(for: changes)) { bytes += $0 }
        for (index, change) in changes.enumerated() { try writer.append(change, contentHash: hashes?[index] ?? change.contentHash) }
        try writer.finish()
        return bytes
    }

    /// Reads a whole snapshot from `bytes`, handed over in pieces of `piece` bytes.
    static func read(_ bytes: [UInt8], piece: Int = 7, verify: Bool = true) throws -> (SnapshotHeader, [SnapshotEntry]) {
        var offset = 0
        let reader = try SnapshotReader(verifyContentHashes: verify) {
            guard offset < bytes.count else { return nil }
            defer { offset += piece }
            return Array(bytes[offset..<min(bytes.count, offset + piece)])
        }
        var entries: [SnapshotEntry] = []
        while let entry = try reader.next() { entries.append(entry) }
        #expect(try reader.next() == nil)
        return (reader.header, entries)
    }

    static func kind(of body: () throws -> Void) -> SnapshotFormatError.Kind? {
        do { try body() } catch let error as SnapshotFormatError { return error.kind } catch { return nil }
        return nil
    }

    /// The decompressed content of a snapshot, to damage it and compress it again.
    static func content(_ bytes: [UInt8]) throws -> [UInt8] { try Gzip.decompress(bytes, limit: 1 << 24) }

    @Test func aSnapshotReadsBackEveryChangeHashAndTheHeader() throws {
        let changes = try Self.sampleChanges()
        let header = Self.header(for: changes)
        for piece in [1, 7, 1 << 20] {
            let (readHeader, entries) = try Self.read(try Self.snapshot(changes), piece: piece)
            #expect(readHeader == header)
            #expect(entries.map(\.change) == changes)
            #expect(entries.map(\.contentHash) == changes.map(\.contentHash))
            #expect(entries.map(\.valueText) == changes.map { CanonicalBytes.text($0.value) })
        }
        #expect(header.vector[StreamKey(origin: Self.laptop, scope: try .department("AUTO"))] == 3)
        #expect(header.streams.map(\.stream) == header.streams.map(\.stream).sorted())
    }

    @Test func aLargeSnapshotStreamsThroughManyCompressedPieces() throws {
        let auto = try Scope.department("AUTO")
        let changes = (1...20_000).map { seq in
            Change(id: ChangeID(origin: Self.laptop, scope: auto, seq: UInt64(seq)), hlc: HLCTimestamp(milliseconds: 1_780_000_000_000 + UInt64(seq)),
                   collection: "graduate", key: String(2_024_000_000 + seq), field: "name", value: .string("毕业生\(seq)"), author: "secretary")
        }
        let bytes = try Self.snapshot(changes)
        let (_, entries) = try Self.read(bytes, piece: 4096)
        #expect(entries.count == changes.count)
        #expect(entries.last?.change == changes.last)
    }

    @Test func everyTruncationIsRefused() throws {
        let bytes = try Self.snapshot(try Self.sampleChanges())
        for length in 0..<bytes.count {
            #expect(Self.kind { _ = try Self.read(Array(bytes[0..<length])) } == .truncated, "compressed prefix of \(length) bytes")
        }
        let content = try Self.content(bytes)
        for length in 0..<content.count {
            let damaged = try Gzip.compress(Array(content[0..<length]))
            #expect(Self.kind { _ = try Self.read(damaged) } == .truncated, "content prefix of \(length) bytes")
        }
    }

    @Test func everyCorruptedContentByteIsRefused() throws {
        let content = try Self.content(try Self.snapshot(try Self.sampleChanges()))
        for index in content.indices {
            var damaged = content
            damaged[index] ^= 0x5A
            let kind = Self.kind { _ = try Self.read(try Gzip.compress(damaged), piece: 1 << 20) }
            #expect(kind != nil, "byte \(index) changed")
        }
    }

    @Test func corruptedCompressedBytesAreRefused() throws {
        let bytes = try Self.snapshot(try Self.sampleChanges())
        // The gzip header's time, flags and OS bytes (0–9) are not covered by its checksum; everything after is.
        for index in 10..<bytes.count {
            var damaged = bytes
            damaged[index] ^= 0x01
            #expect(Self.kind { _ = try Self.read(damaged, piece: 1 << 20) } != nil, "compressed byte \(index) changed")
        }
    }

    @Test func bytesAfterTheTrailerOrTheGzipMemberAreRefused() throws {
        let bytes = try Self.snapshot(try Self.sampleChanges())
        #expect(Self.kind { _ = try Self.read(try Gzip.compress(try Self.content(bytes) + [0])) } == .trailingBytes)
        #expect(Self.kind { _ = try Self.read(bytes + (try Gzip.compress([1]))) } == .trailingBytes)
        #expect(Self.kind { _ = try Self.read(bytes + [0]) } == .trailingBytes)
    }

    /// The start of a snapshot's content up to its stream count, for hand-made malformations.
    static func contentStart(version: UInt8 = 1, scope: String = "*") -> [UInt8] {
        Array("GSSN".utf8) + [version, UInt8(scope.utf8.count)] + Array(scope.utf8)
    }

    @Test func hostileLengthsAndCountsAreRefusedWithoutAllocating() throws {
        let huge: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]
        // A stream count of 2^63 − 1.
        #expect(Self.kind { _ = try Self.read(try Gzip.compress(Self.contentStart() + huge)) } == .tooLarge)
        // A shared scope "length" of 2^63 − 1.
        #expect(Self.kind { _ = try Self.read(try Gzip.compress(Array("GSSN".utf8) + [1] + huge)) } == .tooLarge)
        // A change count the streams do not hold.
        #expect(Self.kind { _ = try Self.read(try Gzip.compress(Self.contentStart() + [0] + huge)) } == .streamMismatch)
        // A key length of 2^63 − 1 inside a change: the first change's key length follows its origin, scope, seq,
        // stamp and collection; the bytes are spliced where the writer put the key.
        let change = try Self.sampleChanges()[0]
        let content = try Self.content(try Self.snapshot([change]))
        let keyAt = try #require(Self.find(Array([UInt8(change.key.utf8.count)] + Array(change.key.utf8)), in: content))
        let damaged = Array(content[..<keyAt]) + huge + Array(content[(keyAt + 1)...])
        #expect(Self.kind { _ = try Self.read(try Gzip.compress(damaged)) } == .tooLarge)
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        haystack.indices.first { start in start + needle.count <= haystack.count && haystack[start..<start + needle.count].elementsEqual(needle) }
    }

    @Test func malformedVarintsVersionsMagicAndReferencesAreRefused() throws {
        #expect(Self.kind { _ = try Self.read(try Gzip.compress(Self.contentStart() + [UInt8](repeating: 0xFF, count: 11))) } == .badVarint)
        #expect(Self.kind { _ = try Self.read(try Gzip.compress(Self.contentStart() + [UInt8](repeating: 0x80, count: 9) + [0x02])) } == .badVarint)
        #expect(Self.kind { _ = try Self.read(try Gzip.compress(Self.contentStart(version: 2) + [0, 0])) } == .unsupportedVersion)
        #expect(Self.kind { _ = try Self.read(try Gzip.compress(Array("GSSX".utf8) + [1])) } == .badMagic)
        #expect(Self.kind { _ = try Self.read(try Gzip.compress(Self.contentStart(scope: "no way") + [0, 0])) } == .malformed)
        // Two changes of one origin: the second names the origin by reference 1; naming 2 is out of the table.
        let changes = Array(try Self.sampleChanges()[1...2])
        var content = try Self.content(try Self.snapshot(changes))
        let reference: [UInt8] = [0x01, 0x01, 0x02]  // origin 1, scope 1, seq 2: the start of the second change
        let at = try #require(Self.find(reference, in: content))
        content[at] = 0x02
        #expect(Self.kind { _ = try Self.read(try Gzip.compress(content)) } == .badReference)
    }

    @Test func aChangeThatDoesNotMatchItsHashIsRefused() throws {
        var changes = try Self.sampleChanges()
        let hashes = changes.map(\.contentHash)
        changes[1].author = "someone else"
        let bytes = try Self.snapshot(changes, header: Self.header(for: try Self.sampleChanges()), hashes: hashes)
        #expect(Self.kind { _ = try Self.read(bytes) } == .hashMismatch)
        // A caller that checks hashes itself still gets the stream and trailer checks, and the carried hash.
        let (_, entries) = try Self.read(bytes, verify: false)
        #expect(entries[1].contentHash == hashes[1])
        #expect(entries[1].change.contentHash != hashes[1])
    }

    @Test func streamsMustRunFromOneWithoutGapsToTheHeadersTip() throws {
        let changes = try Self.sampleChanges()
        // Out of order: seq 3 of the laptop's stream before its seq 2.
        var swapped = changes
        swapped.swapAt(2, 4)
        #expect(Self.kind { _ = try Self.read(try Self.snapshot(swapped, header: Self.header(for: changes))) } == .streamMismatch)
        // A tip other than the header's.
        var streams = Self.header(for: changes).streams
        streams[0].tipHash = String(repeating: "0", count: 64)
        #expect(Self.kind { _ = try Self.read(try Self.snapshot(changes, header: SnapshotHeader(
            sharedScope: .central, streams: streams, changeCount: UInt64(changes.count)))) } == .streamMismatch)
        // A stream listed twice in the header (and counted twice, so only the repetition is wrong).
        let stream: [UInt8] = [UInt8](repeating: 0xAA, count: 16) + [4] + Array("AUTO".utf8) + [1] + [UInt8](repeating: 0, count: 32)
        #expect(Self.kind { _ = try Self.read(try Gzip.compress(Self.contentStart() + [2] + stream + stream + [2])) } == .malformed)
        // Streams outside the header's scope.
        #expect(Self.kind { _ = try Self.read(try Self.snapshot(changes, header: Self.header(for: changes, scope: .department(try .department("MATH"))))) }
                == .malformed)
    }
}
