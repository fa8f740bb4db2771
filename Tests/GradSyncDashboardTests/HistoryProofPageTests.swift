import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncTesting
import Hummingbird
import HummingbirdTesting
import Testing

/// The dashboard's graduate page lists the record's history with what proves who wrote each entry.
struct HistoryProofPageTests {
    @Test func aGraduatesHistoryMarksSignedEntriesVerifiedAndTheRestNot() async throws {
        let harness = try DashboardHarness()
        let laptop = try harness.replicas.department("laptop", "AUTO")
        let token = try harness.central.tokens.issue(scope: .department(try .department("AUTO")), label: "自动化学院 秘书")
        // The laptop's key is bound at its first signed handshake; its page comes with the tip it signed.
        _ = try await harness.central.tokens.claimReplicaKey(laptop.replicaID.hex, publicKey: laptop.key.publicKeyHex, token: token.info, bind: true)
        try laptop.write(.graduate("V01", in: "AUTO"), fields: ["name": .string("王验证"), "grad_year": .integer(2025)], mode: .create,
                         author: "secretary")
        let changes = try laptop.allChanges()
        let tips = try await laptop.tips(for: changes)
        #expect(tips.count == 1)
        let proofs = OriginProofs(keyedOrigins: [laptop.replicaID], tips: Dictionary(uniqueKeysWithValues: tips.map { ($0.stream, $0) }))
        let applied = try await harness.central.applyAsync(changes, contentHashes: changes.map(\.contentHash), proofs: proofs)
        #expect(applied.applied == changes.count)
        // An unkeyed replica's edit of the same record, and the office's own.
        let old = try harness.replicas.department("old", "AUTO")
        _ = try ReplicaExchange.send(from: harness.central, to: old)
        try old.write(.graduate("V01", in: "AUTO"), fields: ["phone": .string("13800000000")], mode: .update, author: "旧版客户端")
        _ = try ReplicaExchange.send(from: old, to: harness.central)
        try harness.central.write(.graduate("V01", in: "AUTO"), fields: ["employer_name": .string("福州某公司")], mode: .update, author: "office")

        try await harness.test { client in
            let cookie = try await client.sessionCookie(token: harness.centralToken)
            let page = try await client.get("/graduates/AUTO/V01", cookie: cookie).text
            #expect(page.contains("修改历史"))
            let verified = page.components(separatedBy: "已验证：自动化学院 秘书（AUTO，密钥 \(laptop.key.fingerprint.prefix(9))）").count - 1
            #expect(verified == changes.count, "\(verified) verified rows")
            #expect(page.contains("未验证") && page.contains("旧版客户端"))
            #expect(page.contains("本节点"))
            #expect(page.contains(laptop.replicaID.hex) && page.contains(old.replicaID.hex))
        }
    }
}
