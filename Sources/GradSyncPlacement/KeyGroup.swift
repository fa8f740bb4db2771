/// The key-group categories (重点群体类别) a graduate may belong to, and the other names they are written with.
///
/// The categories are the five the Ministry of Education's notices on assisting key groups name (domain notes §3:
/// 脱贫家庭, 低保家庭, 零就业家庭, 残疾, 较长时间未就业). No numeric code list for them is published, so the
/// category's name is its code: it is what records already hold and what the national system's exports write,
/// and keeping it lets older records and older peers' changes stay valid. A name such as `脱贫家庭毕业生`, or the
/// category's name before 2021 (`建档立卡贫困家庭`), is read as the category.
public struct KeyGroup: Sendable, Equatable {
    /// The category's name, stored in `key_groups`, e.g. `脱贫家庭`.
    public let name: String
    /// Other names a roster or a secretary may use for it.
    public let otherNames: [String]

    /// The categories, in the order the notices list them.
    public static let categories: [KeyGroup] = [
        KeyGroup(name: "脱贫家庭", otherNames: ["脱贫家庭毕业生", "建档立卡贫困家庭", "建档立卡贫困家庭毕业生"]),
        KeyGroup(name: "低保家庭", otherNames: ["低保家庭毕业生", "最低生活保障家庭"]),
        KeyGroup(name: "零就业家庭", otherNames: ["零就业家庭毕业生"]),
        KeyGroup(name: "残疾", otherNames: ["残疾毕业生", "残疾人"]),
        KeyGroup(name: "较长时间未就业", otherNames: ["较长时间未就业毕业生"]),
    ]

    /// The category `text` names (its name or another name), or nil.
    public static func category(named text: String) -> KeyGroup? {
        categories.first { $0.name == text || $0.otherNames.contains(text) }
    }
}
