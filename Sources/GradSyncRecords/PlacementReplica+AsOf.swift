import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// One change made after a published report's cutoff: which graduate, which field, who, and when this node received it.
public struct ChangeSince: Sendable, Equatable {
    /// The graduate's department.
    public var department: String
    /// The graduate's student number.
    public var studentNumber: String
    /// The field changed (`_deleted` for a deletion or a restore).
    public var field: String
    /// The value written.
    public var value: FieldValue
    /// Who wrote it.
    public var author: String
    /// When the writer's clock stamped it, Unix milliseconds.
    public var writtenAtMilliseconds: UInt64
}

extension PlacementReplica {
    /// The last millisecond of `day` in the university's time zone (Beijing, UTC+8), Unix milliseconds: what the node
    /// had received by then is what it knew "as of" that day.
    public static func endOfDay(_ day: CalendarDate) -> UInt64 {
        let nextMidnight = (day.daysSinceEpoch + 1) * 86_400 - universityUTCOffsetHours * 3600
        return UInt64(max(0, nextMidnight)) * 1000 - 1
    }

    /// The replica as this node knew it at the end of `day` (Beijing time), from its change log and receive times, in a
    /// new replica file at `path`; the caller removes the file when done.
    public func asOf(_ day: CalendarDate, at path: String) throws -> PlacementReplica {
        PlacementReplica(store: try store.snapshot(receivedThrough: Self.endOfDay(day), at: path), validator: validator)
    }

    /// Keeps a published report under `label`; refused when the label is taken.
    public func publish(label: String, asOf day: CalendarDate, vector: VersionVector, body: String) throws {
        let label = label.trimmingCharacters(in: .whitespaces)
        guard !label.isEmpty, label.count <= 64, !label.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw RecordsError.refused("label: '\(ControlCharacters.visible(label))' is not allowed; 1 to 64 characters, no control characters")
        }
        let publication = Publication(label: label, asOf: day.description, vector: vector, body: body,
                                      publishedAtMilliseconds: store.wallClockNow())
        guard try store.publish(publication) else {
            throw RecordsError.refused("label: a report is already published as '\(label)'; choose another label")
        }
    }

    /// The report published under `label`, nil when none is.
    public func publication(_ label: String) throws -> Publication? {
        try store.publications(label: label).first
    }

    /// The reports published, oldest first.
    public func publications() throws -> [Publication] {
        try store.publications()
    }

    /// The changes to graduates this node holds beyond a published report's vector, in the order it stored them.
    public func changesSince(_ publication: Publication, limit: Int = 10_000) throws -> [ChangeSince] {
        let batch = try store.changes(missingFrom: publication.vector, filter: store.scope, limit: limit, includeShared: false)
        return batch.changes.filter { $0.record.collection == GraduateSchema.collection }.map { change in
            ChangeSince(department: change.record.scope.name, studentNumber: change.record.key, field: change.field,
                        value: change.value, author: change.author, writtenAtMilliseconds: change.hlc.milliseconds)
        }
    }
}
