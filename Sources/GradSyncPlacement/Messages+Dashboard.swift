extension Messages {
    // MARK: Acts of the dashboard refused

    /// A conflict form settling a deletion with neither answer the page offers.
    public static let deletionResolution = "删除冲突只能选择“恢复”或“保持删除”"
    /// A form naming a field graduates do not have.
    public static func noGraduateField(_ name: String) -> String { "毕业生没有名为“\(name)”的字段" }
    /// A conflict form keeping a value another resolution has already settled.
    public static func noLongerInConflict(field label: String, studentNumber: String) -> String {
        "所选的值已不在毕业生 \(studentNumber) 的“\(label)”冲突中；页面现在显示的是该条目的当前状态"
    }
    /// A form naming something that is not a replica id.
    public static func notAReplicaID(_ text: String) -> String { "“\(text)”不是副本编号（16 位十六进制）" }
    /// A clock suspect dismissed that is not listed.
    public static func notAClockSuspect(_ hex: String) -> String { "副本 \(hex) 不在时钟可疑名单中" }
    /// A token issued without a label saying whom it is for.
    public static let tokenLabel = "请为令牌填写 1 至 100 个字符的标签，说明发给谁"
}
