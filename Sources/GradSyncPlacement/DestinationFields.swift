import GradSyncCore

/// Which of a graduate's fields each destination uses, and which it needs (domain notes §3).
///
/// This is the one table of the rule "a destination defines which fields apply": the record rules refuse a
/// field its destination does not use or lacks one it needs, the records layer clears the fields a new
/// destination does not use in the same write, and the data-quality report lists records that still hold one.
///
/// By destination class:
/// - domestic employment with an employer (10, 11, 12, 27x, 50x, 51x): every employer field, the job
///   category and the signing date; the five employer fields are needed. 10, 11 and 12 may name an employer
///   abroad (`employer_country`, see `needed(by:in:)`); 27x and 50x/51x are posts in China by definition.
/// - 46 应征义务兵: the army has no employer code or name to give, so only nature (40 部队), industry
///   (80 军队) and region are needed; a unit name may be kept, a USCC never (§3: "not for 46").
/// - 75 自主创业: the employer fields are used but none is needed. §3 requires an employer only for the
///   domestic-employer codes and §1 counts 75 as entrepreneurship, whose employer is the graduate's own
///   company: its name, USCC, nature, industry and region are kept when known, never demanded.
/// - 80x: `study_institution`; 85: `study_institution` and `study_country`.
/// - 70, 71, 72, 76, 77: none of these fields.
public enum DestinationFields {
    /// The fields that belong to a destination rather than to the graduate, in schema order.
    public static let dependent = [
        "employer_name", "employer_uscc", "employer_nature", "employer_industry", "employer_region", "employer_country",
        "job_category", "sign_date", "study_institution", "study_country",
    ]

    /// The employer fields a domestic employer needs.
    public static let employer = ["employer_name", "employer_uscc", "employer_nature", "employer_industry", "employer_region"]

    /// The destination-dependent fields `destination` uses; nil (no or an unknown destination) leaves every one open.
    public static func used(by destination: Destination?) -> Set<String> {
        guard let destination else { return Set(dependent) }
        switch destination.prefix {
        case "10", "11", "12":
            return Set(employer + ["employer_country", "job_category", "sign_date"])
        case "27", "50", "51":
            return Set(employer + ["job_category", "sign_date"])
        case "46":
            return ["employer_name", "employer_nature", "employer_industry", "employer_region", "job_category", "sign_date"]
        case "75":
            return Set(employer)
        case "80":
            return ["study_institution"]
        case "85":
            return ["study_institution", "study_country"]
        default:
            return []
        }
    }

    /// The fields a record holds that its destination does not use, in schema order.
    public static func unused(in fields: [String: FieldValue], codes: CodeSet = .latest) -> [String] {
        let used = used(by: fields["destination_code"]?.stringValue.flatMap { Destination($0, codes: codes) })
        return dependent.filter { !used.contains($0) && !(fields[$0] ?? .null).isNull }
    }

    /// The fields `destination` needs in a record holding `fields`.
    ///
    /// An employer abroad (10, 11 or 12 with `employer_country` set to a country other than China) has no
    /// unified social credit code and no GB/T 2260 region, so it needs its name, nature and industry only.
    /// A separate country field, rather than countries in `employer_region`, keeps that field a region code
    /// for every report that reads it, and mirrors `study_country` of destination 85.
    public static func needed(by destination: Destination, in fields: [String: FieldValue]) -> [String] {
        switch destination.prefix {
        case "10", "11", "12":
            if let country = fields["employer_country"]?.stringValue, !Country.isChina(country) {
                return ["employer_name", "employer_nature", "employer_industry"]
            }
            return employer
        case "27", "50", "51": return employer
        case "46": return ["employer_nature", "employer_industry", "employer_region"]
        case "80": return ["study_institution"]
        case "85": return ["study_institution", "study_country"]
        default: return []
        }
    }
}

