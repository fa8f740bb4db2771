import Foundation
import GradSyncStore
import GradSyncTesting
import Testing

/// Fills a central replica with the dashboard's fixture dataset, a conflict journal and sync health, for
/// `scripts/dashboard-screenshots.sh`, which names the replica file in `GRADSYNC_DEMO_REPLICA`.
///
/// A test rather than a hidden `gradsync` command, so the executable carries no demo data; skipped otherwise.
struct DemoReplicaWriter {
    static let target = ProcessInfo.processInfo.environment["GRADSYNC_DEMO_REPLICA"]

    @Test(.enabled(if: target != nil, "only when scripts/dashboard-screenshots.sh names a replica"))
    func writeDemoDatasetIntoTheNamedReplica() async throws {
        let central = try ReplicaStore.open(at: try #require(Self.target))
        try #require(central.scope == .central, "the demo dataset goes into a central replica")
        try DashboardDataset.write(into: central)
        let replicas = try TestReplicas(clock: ManualClock(start: ReplicaStore.systemWallClock()))
        let department = try replicas.department("auto", "AUTO")
        try await DashboardDataset.addConflictsAndSyncHealth(central: central, department: department)
        try central.close()
    }
}
