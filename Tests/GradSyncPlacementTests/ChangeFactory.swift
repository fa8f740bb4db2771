import GradSyncCore
import GradSyncPlacement

/// Builds single changes for the per-change validators.
enum ChangeFactory {
    static let origin = ReplicaID(hex: "0123456789abcdef0123456789abcdef")!

    /// A change setting `field` of graduate `key` (or of a record in `collection`).
    static func change(_ field: String, _ value: FieldValue, key: String = "2021010101",
                       collection: String = GraduateSchema.collection) -> Change {
        Change(id: ChangeID(origin: origin, scope: try! Scope("AUTO"), seq: 1), hlc: HLCTimestamp(milliseconds: 1),
               collection: collection, key: key, field: field, value: value, author: "test")
    }

    /// The refusal `validator` gives the change, or nil when it accepts it.
    static func refusal(_ validator: some ChangeValidator, _ change: Change) -> ValidationError? {
        do {
            try validator.validate(change)
            return nil
        } catch {
            return error
        }
    }

    /// The graduate validator's refusal of setting `field` to `value`, or nil.
    static func graduateRefusal(_ field: String, _ value: FieldValue, key: String = "2021010101") -> ValidationError? {
        refusal(GraduateValidator(), change(field, value, key: key))
    }
}
