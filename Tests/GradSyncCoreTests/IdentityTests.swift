import GradSyncCore
import Testing

@Suite struct IdentityTests {
    @Test(arguments: ["AUTO", "cs-2024", "a_b", String(repeating: "x", count: 32)])
    func validDepartmentCodesAreAccepted(_ code: String) throws {
        #expect(try Scope.department(code).name == code)
    }

    @Test(arguments: ["", "自动化", "a b", "a/b", String(repeating: "x", count: 33)])
    func invalidDepartmentCodesAreRefused(_ code: String) {
        #expect(throws: ScopeError.invalidCode(code)) { try Scope.department(code) }
    }

    @Test func sharedIsReservedForReferenceData() throws {
        #expect(throws: ScopeError.reserved) { try Scope.department("shared") }
        #expect(try Scope("shared").isShared)
    }

    @Test func departmentReplicaHoldsItsDepartmentAndSharedButWritesOnlyItsOwn() throws {
        let auto = ReplicaScope.department(try .department("AUTO"))
        #expect(auto.holds(try .department("AUTO")) && auto.holds(.shared))
        #expect(!auto.holds(try .department("CS")))
        #expect(!auto.mayWrite(.shared))
        #expect(ReplicaScope.central.mayWrite(.shared))
        #expect(auto.intersection(.department(try .department("CS"))) == .sharedOnly)
    }

    @Test func replicaIDsParseOnlyThirtyTwoHexDigits() {
        #expect(ReplicaID(hex: "0123456789ABCDEF0123456789abcdef")?.hex == "0123456789abcdef0123456789abcdef")
        #expect(ReplicaID(hex: "0123") == nil)
        #expect(ReplicaID(hex: "g123456789abcdef0123456789abcdef") == nil)
        #expect(ReplicaID.random() != ReplicaID.random())
    }

    @Test func changeIDRoundTripsThroughText() throws {
        let id = ChangeID(origin: .random(), scope: try .department("AUTO"), seq: 42)
        #expect(ChangeID(parsing: id.description) == id)
        #expect(ChangeID(parsing: "x/AUTO/1") == nil)
        #expect(ChangeID(parsing: "\(id.origin)/AUTO/0") == nil)
        // Only the form `description` writes: `…/042` or `…/+42` would be sent on as `…/42`, changing the hashed text.
        for seq in ["042", "+42", "00", " 42", "42 ", "４２"] {
            #expect(ChangeID(parsing: "\(id.origin)/AUTO/\(seq)") == nil, "seq '\(seq)'")
        }
        #expect(ChangeID(parsing: "\(id.origin.hex.uppercased())/AUTO/42") == id)
    }

    @Test func versionVectorSaysWhatTheOtherSideLacks() throws {
        let a = StreamKey(origin: .random(), scope: try .department("AUTO"))
        let b = StreamKey(origin: .random(), scope: .shared)
        let mine = VersionVector([a: 5, b: 2])
        let theirs = VersionVector([a: 3])
        #expect(mine.missing(from: theirs) == [a: 4, b: 1])
        #expect(mine.count(missingFrom: theirs) == 4)
        #expect(mine.dominates(theirs) && !theirs.dominates(mine))
        #expect(theirs.merging(VersionVector([b: 1])) == VersionVector([a: 3, b: 1]))
        #expect(mine.restricted(to: .department(try .department("CS"))) == VersionVector([b: 2]))
    }
}
