import Foundation
import GradSyncPlacement

/// A replica as this node knew it at the end of a day, in a private temporary directory removed with this value.
///
/// What `--as-of` and the dashboard's date count from: made by `PlacementReplica.asOf(_:at:)`, read, then dropped.
public final class PlacementSnapshot: Sendable {
    /// The copy, holding what the node had received by the end of `day` (Beijing time).
    public let replica: PlacementReplica
    /// The day it is as of.
    public let day: CalendarDate
    private let directory: URL

    /// Copies what `replica` had received by the end of `day` into a new temporary directory (mode 0700).
    public init(of replica: PlacementReplica, asOf day: CalendarDate) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gradsync-as-of-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        do {
            self.replica = try replica.asOf(day, at: directory.appendingPathComponent("replica.sqlite").path)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        self.day = day
    }

    deinit {
        try? replica.store.close()
        try? FileManager.default.removeItem(at: directory)
    }
}
