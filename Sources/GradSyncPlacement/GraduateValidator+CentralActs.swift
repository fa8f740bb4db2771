import GradSyncCore

extension GraduateValidator {
    /// The identity fields taken from the student registry (domain notes §3): a department does not edit them.
    public static let registryFields = ["exam_no", "name", "gender"]

    /// The review status only the central employment office gives.
    public static let centralReview = "学校已审核"

    /// What a department replica may not write, as the central office's acts (domain notes §3).
    ///
    /// `current` is the record as shown (nil for a new one) and `values` what the write sets. Changing an
    /// identity field that holds a value is the central office's act; a new record takes them from the
    /// registry's roster, and an empty one may be filled. Setting `学校已审核` is the central review, always.
    /// The central node's writes are never checked with this.
    public static func centralActProblems(current: [String: FieldValue]?, writing values: [String: FieldValue]) -> [ValidationError] {
        var errors: [ValidationError] = []
        for name in registryFields {
            guard let value = values[name], let shown = current?[name], !shown.isNull, shown != value else { continue }
            let field = GraduateSchema.field(named: name)!
            errors.append(field.refusal(value, Messages.registryField(field.label)))
        }
        if let review = values["review_status"], review.stringValue == centralReview, current?["review_status"] != review {
            errors.append(GraduateSchema.field(named: "review_status")!.refusal(review,
                Messages.centralReview(centralReview, departmentStatuses: ["待审核", "学院已审核", "退回"])))
        }
        return errors
    }
}
