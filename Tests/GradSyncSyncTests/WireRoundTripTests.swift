import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncSync
import GradSyncTesting
import Testing

/// A change survives its wire form exactly, and the wire form refuses what the spec says it refuses.
@Suite struct WireRoundTripTests {
    @Test func vectorChangesSurviveTheWireForm() throws {
        for file in VectorTests.files {
            for wire in try VectorTests.load(file).changes {
                let change = try wire.change()
                #expect(try WireChange(change).change() == change)
            }
        }
    }

    @Test func locallyWrittenChangesSurviveTheWireFormAndJSON() throws {
        let replicas = try TestReplicas()
        let store = try replicas.department("laptop", "AUTO")
        let record = RecordID.graduate("2024001", in: "AUTO")
        var changes = try store.write(record, fields: [
            "name": .string("张三\n\"引号\""), "count": .integer(-9_223_372_036_854_775_808),
            "x_future": .object(["b": .list([.null, .bool(false)]), "a": .object([:])]),
        ], mode: .create, author: "secretary")
        changes += try store.write(record, fields: ["name": .string("李四")], mode: .update, author: "secretary")
        changes.append(try store.delete(record, author: "secretary"))
        #expect(!changes.last!.seen.isEmpty)
        // Stores refuse control characters, but the wire carries whatever a change holds, escaped, so the
        // receiver can refuse it by name.
        var controls = changes[0]
        controls.value = .object(["\u{1B}[2J": .string("\u{01}\u{7F}\u{85}")])
        controls.author = "\u{1B}]0;x\u{07}"
        changes.append(controls)
        for change in changes {
            let wire = WireChange(change)
            #expect(try wire.change() == change)
            let decoded = try JSONDecoder().decode(WireChange.self, from: JSONEncoder().encode(wire))
            #expect(try decoded.change() == change)
        }
    }

    /// A JSON reader takes values far deeper than the store can read back; the wire form must refuse them first.
    @Test func valueNestedDeeperThanSixtyFourLevelsIsRefused() throws {
        let base = try VectorTests.load("01-sequential-edits.json").changes[0]
        for (levels, accepted) in [(64, true), (65, false), (300, false)] {
            var value = FieldValue.string("x")
            for _ in 0..<levels { value = .list([value]) }
            var change = try base.change()
            change.value = value
            var wire = WireChange(change)
            wire = try JSONDecoder().decode(WireChange.self, from: JSONEncoder().encode(wire))
            if accepted {
                let replicas = try TestReplicas()
                let store = try replicas.department("receiver", "AUTO")
                try store.apply([try wire.change()])
                #expect(try store.allChanges() == [change])
            } else {
                #expect(throws: WireFormatError.self) { try wire.change() }
            }
        }
    }

    @Test func emptySeenIsLeftOutOnTheWire() throws {
        let vector = try VectorTests.load("01-sequential-edits.json")
        let encoded = try JSONEncoder().encode(WireChange(try vector.changes[0].change()))
        guard case .object(let members) = try ProtocolFolder.jsonValue(encoded) else { Issue.record("not an object"); return }
        #expect(members["seen"] == nil)
        #expect(members["bases"] == .list([]))
    }
}
