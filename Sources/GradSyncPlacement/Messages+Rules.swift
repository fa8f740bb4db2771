extension Messages {
    // MARK: Rules across fields

    /// A destination as rules name it, e.g. `毕业去向为 10（签就业协议形式就业）`.
    public static func destination(_ code: String, _ name: String) -> String { "毕业去向为 \(code)（\(name)）" }

    /// A field the destination needs, left empty: `毕业去向为 10（签就业协议形式就业）时必填`.
    public static func requiredWhen(_ destination: String) -> String { "\(destination)时必填" }

    /// A field the destination does not use, holding a value.
    public static func unusedWhen(_ destination: String, label: String) -> String {
        "\(destination)时不填：\(label)不适用于该去向，请清空（更改毕业去向时会在同一次写入中清空）"
    }

    /// 46 with another nature or industry than the army's.
    public static func enlisted(_ destination: String, required: String, meaning: String) -> String {
        "\(destination)时须为 \(required)（\(meaning)）：应征义务兵在部队服役"
    }

    /// 85 in China.
    public static func abroad(_ destination: String) -> String {
        "\(destination)时须为中国大陆以外的国家或地区：在境内升学的毕业去向为 80x（境内升学）"
    }

    /// A date more than a day ahead.
    public static func notInFuture(latest: String, today: String, what: String) -> String {
        "不能晚于 \(latest)：\(what)不能是将来的日期（今天是 \(today)，北京时间）"
    }

    // MARK: Central-office acts

    /// An identity field changed outside the central node.
    public static func registryField(_ label: String) -> String { "\(label)取自学籍系统，只有学校就业指导中心可以修改" }

    /// 学校已审核 given outside the central node.
    public static func centralReview(_ status: String, departmentStatuses: [String]) -> String {
        "\(status)是学校就业指导中心的审核，只能由中心节点设置；学院可设为" + departmentStatuses.joined(separator: "、")
    }

    // MARK: Ledger

    /// A field a ledger entry of `kind` needs.
    public static func requiredFor(kind: String) -> String { "\(kind)记录必填" }

    /// The wording of what a ledger date records, for `notInFuture`.
    public static let ledgerDate = "台账记录的是已发生的事，日期"
    /// The wording of a signing date, for `notInFuture`.
    public static let signDate = "签约日期"
}
