extension Messages {
    // MARK: Writes the records layer refuses as a whole

    /// The central node writing a graduate without naming the department.
    public static let centralNeedsDepartment = "中心节点保存所有学院的记录：请用 --department CODE 指明学院"

    /// A department not in the directory.
    public static func notInDirectory(_ department: String) -> String {
        "学院 \(department) 不在学院目录中；请先用 'gradsync department set \(department) 名称' 添加"
    }

    /// A student number live in another department.
    public static func studentNumberLiveElsewhere(_ key: String, in departments: [String]) -> String {
        "学号 \(key) 已在 \(departments.joined(separator: "、")) 使用：学号在全校唯一"
    }

    /// A department replica asked for another department.
    public static func otherDepartment(own: String, asked: String) -> String { "本副本只保存学院 \(own) 的记录；学院 \(asked) 不在这里" }

    /// A roster row of another department on a department replica.
    public static func rowOfOtherDepartment(own: String) -> String { "本副本只保存学院 \(own) 的记录；其他学院的行请在该学院的副本导入" }

    /// No such graduate.
    public static func noGraduate(_ key: String) -> String { "本副本没有学号为 \(key) 的毕业生" }

    /// A student number held in several departments.
    public static func inSeveralDepartments(_ key: String, deleted: Bool, departments: String) -> String {
        "学号 \(key) 在多个学院（\(departments)）中\(deleted ? "已删除" : "存在")：请用 --department CODE 指明学院"
    }

    /// The directory written outside the central node.
    public static let directoryIsCentral = "只有中心节点可以修改学院目录；本副本在同步时接收"

    /// A department name that is not plain text.
    public static let departmentNamePlainText = "学院名称须为不含控制字符的文字"

    /// A conflict resolution for a field not in conflict.
    public static func notInConflict(field: String, key: String) -> String {
        "毕业生 \(key) 的字段 \(field) 没有冲突；修改请用 'gradsync graduate set'"
    }

    /// A deletion resolution for a graduate not edited while deleted.
    public static func notDeletedWhileEdited(_ key: String) -> String { "毕业生 \(key) 不在“删除时被修改”的冲突中" }

    // MARK: Ledger

    /// The same ledger event entered twice.
    public static func duplicateLedgerEntry(_ key: String, kind: String, date: String, entry: String) -> String {
        "毕业生 \(key) 已有 \(date) 的这条\(kind)记录（台账记录 \(entry)），未添加"
    }

    /// A ledger entry for a graduate in no key group.
    public static func notInKeyGroup(_ key: String) -> String {
        "毕业生 \(key) 不属于任何重点群体（重点群体类别为空）；帮扶报表只统计重点群体毕业生"
    }
}

extension Messages {
    // MARK: Fields named on the command line

    /// A field name the schema does not know.
    public static func unknownFieldName(_ given: String, known: [String]) -> String {
        "未知字段“\(given)”；可用的字段：\(known.joined(separator: "、"))（或其中文名）"
    }

    /// One field given twice under different names.
    public static func fieldGivenTwice(_ name: String, first: String, then: String) -> String {
        "字段 \(name) 给了两次（“\(first)”和“\(then)”）"
    }

    /// A field a command sets itself, given as an argument.
    public static func reservedField(_ given: String, reason: String) -> String { "\(given)：\(reason)" }

    /// Why `student_no` is not an argument of `graduate add/set`.
    public static let studentNumberIsTheKey = "学号是记录的键：请作为 STUDENT_NO 参数给出"
    /// Why `department` is not an argument of `graduate add/set`.
    public static let departmentIsTheScope = "学院是记录的范围，创建时确定（中心节点上用 --department CODE）"
    /// Why `student_no` is not an argument of `ledger add`.
    public static let ledgerStudentNumber = "学号请作为 STUDENT_NO 参数给出"
    /// Why `kind` is not an argument of `ledger add`.
    public static let ledgerKind = "类型请用 --kind 给出"
}
