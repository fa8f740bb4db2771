import GradSyncCore

/// Every message of the placement rules, in Chinese, built in one place so that the CLI, the import, the
/// workbench and a refused push word the same rule the same way.
///
/// A refusal (`ValidationError`) names the field by its Chinese label, the value as given (hidden for personal
/// fields) and the rule; the functions here word the rule, e.g. `requiredWhen` gives `毕业去向为 10
/// （签就业协议形式就业）时必填`. Machine codes (`validation_failed`, exit codes) are not messages and stay as they are.
public enum Messages {
    // MARK: Values on their own

    /// A required field being cleared.
    public static let requiredNotCleared = "必填，不能清空"

    /// A required field every record of the kind must have, e.g. `必填，每名毕业生都须有姓名`.
    public static func required(everyOne kind: String, label: String) -> String { "必填，每\(kind)都须有\(label)" }

    /// Free text of at most `maxLength` characters.
    public static func text(maxLength: Int, lineFeeds: Bool = false) -> String {
        "须为 1 至 \(maxLength) 个字符的文字，" + (lineFeeds ? "除换行外不含控制字符" : "不含控制字符")
    }

    /// A whole number in a range.
    public static func wholeNumber(_ range: ClosedRange<Int64>) -> String { "须为 \(range.lowerBound) 至 \(range.upperBound) 的整数" }

    /// An amount with at most one decimal place, bounds already written as text.
    public static func tenths(from lower: String, to upper: String) -> String { "须为 \(lower) 至 \(upper) 的数，至多一位小数（如 1.5）" }

    /// A value that should have been text.
    public static func notText(_ rule: String) -> String { "须为文字（\(rule)）" }

    /// 学号.
    public static let studentNumber = "须为 1 至 32 位字母或数字（学号只含字母和数字）"
    /// 考生号.
    public static let examNumber = "须为 14 位数字（学籍系统中的考生号）"
    /// A department code.
    public static let departmentCode = "须为学院代码：1 至 32 位字母、数字、“_”或“-”（不能是 shared）"
    /// A major catalogue code.
    public static let majorCode = "须为 4 位或 6 位数字的专业目录代码，可带后缀 K 或 T"
    /// A unified social credit code.
    public static let socialCreditCode = "须为 18 位统一社会信用代码（GB 32100）：数字和除 I、O、S、V、Z 以外的大写字母，末位为校验码"
    /// A mobile number.
    public static let mobilePhone = "须为以 1 开头的 11 位数字"
    /// A date as stored.
    public static let storedDate = "须为真实日期，写作 yyyy-mm-dd"
    /// A true/false tombstone.
    public static let tombstone = "须为 true（删除）或 false（恢复）"

    /// A date as typed or read from a cell; `serials` the Excel serials a roster cell may hold.
    public static func typedDate(serials: ClosedRange<Int>?) -> String {
        let serial = serials.map { "，或 Excel 日期序号 \($0.lowerBound) 至 \($0.upperBound)（1990 至 2100 年）" } ?? ""
        return "须为真实日期，可写作 yyyy-mm-dd、yyyy/m/d、yyyy.m.d、yyyy年m月d日或 yyyymmdd" + serial
    }

    /// One of a fixed set of values, each with its meaning.
    public static func choice(_ options: [(value: String, meaning: String)]) -> String {
        "须为以下之一：" + options.map { $0.value == $0.meaning ? $0.value : "\($0.value)（\($0.meaning)）" }.joined(separator: "、")
    }

    /// A list of distinct texts.
    public static func textList(maxLength: Int) -> String { "须为互不相同的非空文字，每项至多 \(maxLength) 个字符" }

    /// Key-group categories.
    public static func keyGroups(_ categories: [String]) -> String {
        "须为互不相同的重点群体类别，每项为以下之一：" + categories.joined(separator: "、")
    }

    /// A code of an official list, e.g. `须为单位性质代码（2024 版）：2 至 4 位数字，前两位为 10、20、… 之一`.
    public static func code(title: String, version: String, lengths: ClosedRange<Int>, prefixes: [String]) -> String {
        let digits = lengths.lowerBound == lengths.upperBound ? "\(lengths.lowerBound)" : "\(lengths.lowerBound) 至 \(lengths.upperBound)"
        return "须为\(title)（\(version) 版）：\(digits) 位数字，前两位为 \(prefixes.joined(separator: "、")) 之一"
    }

    /// A code typed by name: the code rule and the names that may stand for a code.
    public static func codeOrName(_ rule: String, example: String?) -> String {
        rule + "，或代码表中只对应一个代码的名称" + (example.map { "（如 \($0)）" } ?? "")
    }

    /// A name of several codes, or part of names, with the codes it could mean.
    public static func ambiguousCodeName(title: String, text: String, partOfName: Bool, candidates: [(code: String, name: String)]) -> String {
        let listed = candidates.map { "\($0.code)（\($0.name)）" }.joined(separator: "、")
        let why = partOfName ? "只是名称的一部分，包含它的名称有" : "是多个代码的名称，请选其一"
        return "须为\(title)或其中一个名称的全称；“\(text)”\(why)：\(listed)"
    }

    /// A current GB/T 2260 code of the shipped edition.
    public static func region(edition: String) -> String { "须为现行 GB/T 2260 行政区划代码（\(edition)）中的省、市或县级代码" }

    /// A retired region code, with its successor when known.
    public static func retiredRegion(_ rule: String, code: String, name: String, year: Int, successor: (code: String, name: String)?) -> String {
        rule + "；\(code)（\(name)）已于 \(year) 年停用" + (successor.map { "，现为 \($0.code)（\($0.name)）" } ?? "")
    }

    /// A region typed by name: the code rule and the names that may stand for one.
    public static func regionOrName(_ rule: String) -> String { rule + "，或恰好对应一个行政区划的名称（如 福建省厦门市、厦门市、福建厦门）" }

    /// Region names that fit several divisions.
    public static func ambiguousRegionName(_ text: String, candidates: [(code: String, name: String)], total: Int) -> String {
        let listed = candidates.map { "\($0.code)（\($0.name)）" }.joined(separator: "、") + (total > candidates.count ? "……" : "")
        return "须为行政区划代码或恰好对应一个区划的名称；“\(text)”对应 \(total) 个区划：\(listed)"
    }

    /// Text holding a control character (named, e.g. `U+001B`), for the value shown.
    public static func holdingControl(_ control: String) -> String { RecordMessages.holdingControl(control) }
    /// The rule for such text.
    public static let noControlCharacters = RecordMessages.noControlCharacters

    // MARK: Records

    /// The student number field naming another key.
    public static func keyNeverChanges(_ key: String) -> String { "须为记录的学号 \(key)：学号不能修改" }

    /// A department field naming another department.
    public static func ownDepartment(_ scope: String) -> String { "须为记录所属的学院 \(scope)：毕业生所属学院即其范围，不能是其他学院" }

    /// A field the schema does not know, in a local write.
    public static let unknownField = "不是字段表中的字段；其他版本的字段只能经同步到达"

    /// A new student number equal to held ones but for leading zeros.
    public static func leadingZeroTwin(_ key: String, held: [(key: String, department: String)]) -> String {
        let listed = held.map { "\($0.key)（\($0.department)）" }.joined(separator: "、")
        return "已有仅差前导零的学号：\(listed)；学号 \(key) 与 \(held[0].key) 会是同一名学生（Excel 会去掉前导零）"
    }

    /// A refused write: what it was about, then every problem.
    public static func refusedWrite(_ subject: String, problems: [String]) -> String {
        "\(subject)：写入被拒绝，未写入任何内容：\n" + problems.map { "  \($0)" }.joined(separator: "\n")
    }

    /// The subject of a refused write to a graduate.
    public static func graduate(_ key: String) -> String { "毕业生 \(key)" }
    /// The subject of a refused ledger entry.
    public static func ledgerEntry(_ key: String) -> String { "毕业生 \(key) 的台账记录" }
    /// The subject of values refused before any record is read.
    public static let valuesGiven = "所给的值"
}
