import Foundation
import GradSyncCore
import GradSyncStore
import GradSyncTesting
import Testing

/// The dataset of Fixtures/dashboard_dataset.json, written into a store as the department replicas would sync it in.
enum DashboardDataset {
    /// Writes the directory, the graduates and the ledger into `store` (a central replica).
    static func write(into store: ReplicaStore) throws {
        let url = try #require(Bundle.module.url(forResource: "dashboard_dataset", withExtension: "json", subdirectory: "Fixtures"))
        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        guard case .object(let root) = try FieldValue(parsingJSON: text), case .object(let departments) = root["departments"],
              case .list(let graduates) = root["graduates"], case .list(let ledger) = root["ledger"] else {
            Issue.record("dashboard_dataset.json has an unexpected shape")
            return
        }
        for (code, name) in departments {
            try store.write(RecordID(scope: .shared, collection: "department", key: code), fields: ["name": name], mode: .create, author: "fixture")
        }
        for item in graduates {
            guard case .object(let graduate) = item, let department = graduate["department"]?.stringValue,
                  case .object(let fields) = graduate["fields"], let key = fields["student_no"]?.stringValue else { continue }
            try store.write(.graduate(key, in: department), fields: fields, mode: .create, author: "fixture")
        }
        for item in ledger {
            guard case .object(let entry) = item, let department = entry["department"]?.stringValue,
                  let key = entry["key"]?.stringValue, case .object(let fields) = entry["fields"] else { continue }
            try store.write(RecordID(scope: try Scope(department), collection: "ledger", key: key), fields: fields, mode: .create, author: "fixture")
        }
    }

    /// Adds a conflict journal and sync health to review: two concurrent edits (one of a name, which the page hides)
    /// and two replicas, one in good health and one with a clock 15 minutes fast and a refused push.
    static func addConflictsAndSyncHealth(central: ReplicaStore, department: ReplicaStore) async throws {
        try ReplicaExchange.send(from: central, to: department)
        try central.write(.graduate("A01", in: "AUTO"), fields: ["employer_name": .string("甲<公司>&\"乙\"")], mode: .update, author: "office")
        try department.write(.graduate("A01", in: "AUTO"), fields: ["employer_name": .string("丙公司")], mode: .update, author: "secretary")
        try central.write(.graduate("A06", in: "AUTO"), fields: ["name": .string("钱陆")], mode: .update, author: "office")
        try department.write(.graduate("A06", in: "AUTO"), fields: ["name": .string("钱六一")], mode: .update, author: "secretary")
        try ReplicaExchange.sync(central, department)
        try await central.health.recordClientSeen(replicaID: department.replicaID.hex, scope: "AUTO", tokenID: nil, lacking: 0,
                                                  clockOffsetMilliseconds: 1_200, synced: true, errorCode: nil)
        try await central.health.recordClientSeen(replicaID: "5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e", scope: "CS", tokenID: nil, lacking: 1_234,
                                                  clockOffsetMilliseconds: 900_000, synced: false, errorCode: nil)
        try await central.health.recordClientSeen(replicaID: "5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e", scope: "CS", tokenID: nil, lacking: nil,
                                                  clockOffsetMilliseconds: nil, synced: false, errorCode: "replica_fork")
    }
}
