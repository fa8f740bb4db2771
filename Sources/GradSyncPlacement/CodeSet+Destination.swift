extension CodeSet {
    /// 毕业去向代码 of an edition (domain notes §1; sources in `GradSyncPlacement.docc/CodeLists.md`).
    static func destinationList(_ version: CodeSetVersion) -> CodeList {
        // No destination additions are reported for 2024; the reported regrouping of the rate's
        // parts is unconfirmed and not applied, so both editions share this list.
        let entries = [
            CodeEntry("10", "签就业协议形式就业"),
            CodeEntry("11", "签劳动合同形式就业"),
            CodeEntry("12", "其他录用形式就业"),
            CodeEntry("27", "科研助理、管理助理"),
            CodeEntry("271", "科研助理、管理助理"),
            CodeEntry("46", "应征义务兵"),
            CodeEntry("50", "国家基层项目"),
            CodeEntry("502", "三支一扶"),
            CodeEntry("503", "西部计划"),
            CodeEntry("51", "地方基层项目"),
            CodeEntry("512", "地方选调生"),
            CodeEntry("519", "其他地方基层项目"),
            CodeEntry("70", "待就业"),
            CodeEntry("71", "不就业拟升学"),
            CodeEntry("72", "其他暂不就业"),
            CodeEntry("75", "自主创业"),
            CodeEntry("76", "自由职业"),
            CodeEntry("77", "其他灵活就业", .legacy),
            CodeEntry("80", "境内升学"),
            CodeEntry("801", "研究生"),
            CodeEntry("802", "第二学士学位"),
            CodeEntry("85", "出国、出境"),
        ]
        return CodeList(title: "毕业去向代码", version: version, entries: entries)
    }
}
