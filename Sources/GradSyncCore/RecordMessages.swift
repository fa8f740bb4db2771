/// The Chinese wording of the rules every change meets whatever its schema (keys, identifiers, control characters,
/// bounds), for `ValidationError`. The domain's own rules are worded by the placement layer's `Messages`, which
/// uses these where a rule is the same; the store, which never imports the domain, uses them directly.
public enum RecordMessages {
    /// A change without a field or with seq 0.
    public static let seqAndField = "seq 从 1 开始，且须有字段名"

    /// A value nested too deep, for the value shown.
    public static func nested(_ depth: Int) -> String { "嵌套 \(depth) 层的值" }
    /// The nesting rule.
    public static func nesting(_ maximum: Int) -> String { "列表和对象至多嵌套 \(maximum) 层" }

    /// A record key.
    public static let key = "记录键须为 1 至 \(RecordLimits.maximumKeyBytes) 个 A-Z、a-z、0-9、“_”或“-”"

    /// Identifiers not in NFC.
    public static let nfc = "标识符须为 Unicode NFC 规范化形式"

    /// Text holding a control character (named, e.g. `U+001B`), for the value shown.
    public static func holdingControl(_ control: String) -> String { "含控制字符 \(control) 的文字" }
    /// The rule for such text.
    public static let noControlCharacters = "不能含控制字符"
    /// The rule for values, where a line feed may be allowed.
    public static let noControlCharactersButLineFeeds = "不能含控制字符（只有可填多行的字段可含换行）"

    /// A record created twice.
    public static func recordExists(_ collection: String, _ key: String, in scope: String) -> String {
        "\(collection) \(key) 已存在于 \(scope)；修改请用 set"
    }
    /// A record not held.
    public static func recordNotFound(_ collection: String, _ key: String, in scope: String) -> String { "\(scope) 中没有 \(collection) \(key)" }
    /// A deleted record written to.
    public static func recordDeleted(_ collection: String, _ key: String) -> String { "\(collection) \(key) 已删除；请先恢复（restore）" }
    /// A live record restored.
    public static func recordNotDeleted(_ collection: String, _ key: String) -> String { "\(collection) \(key) 未被删除" }

    /// A value too large, for the value shown.
    public static func valueBytes(_ bytes: Int) -> String { "\(bytes) 字节的值" }
    /// The size rule.
    public static let valueSize = "值的规范 JSON 至多 \(RecordLimits.maximumValueBytes) 字节"

    /// A field past the record's limit, for the value shown.
    public static func fieldNumber(_ number: Int, collection: String, key: String) -> String { "\(collection) \(key) 的第 \(number) 个字段" }
    /// The field-count rule.
    public static func fieldLimit(_ limit: Int, tombstone: String) -> String { "每条记录至多 \(limit) 个字段（\(tombstone) 不计）" }
}
