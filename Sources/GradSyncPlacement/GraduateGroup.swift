import GradSyncCore

/// Graduates of one department that show the same values for the fields a report reads, counted once.
///
/// What an SQL aggregate over the store returns: the reports count groups, so a report over 500,000 graduates
/// holds one group per distinct combination of values, never a record per graduate. A record passed one by one
/// is a group of one (`GraduateGroup(record)`), which gives the same figures.
public struct GraduateGroup: Sendable, Equatable {
    /// The shared values, as a record without a student number (`department` is the scope).
    public let record: GraduateRecord
    /// How many graduates show these values.
    public let count: Int

    /// A group of `count` graduates of `department` showing `fields` (absent fields left out).
    public init(department: String, fields: [String: FieldValue], count: Int) {
        record = GraduateRecord(department: department, studentNumber: "", fields: fields)
        self.count = count
    }

    /// One graduate as a group of one.
    public init(_ record: GraduateRecord) {
        self.record = record
        count = 1
    }
}

extension Array where Element == GraduateRecord {
    /// Each record as a group of one, for the reports' group-counting form.
    var asGroups: [GraduateGroup] { map(GraduateGroup.init) }
}
