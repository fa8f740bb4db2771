extension CodeSet {
    /// 单位性质代码 of an edition (domain notes §2).
    static func employerNatureList(_ version: CodeSetVersion) -> CodeList {
        var entries = [
            CodeEntry("10", "机关"), CodeEntry("20", "科研设计单位"), CodeEntry("21", "高等教育单位"),
            CodeEntry("22", "中初教育单位"), CodeEntry("23", "医疗卫生单位"), CodeEntry("29", "其他事业单位"),
            CodeEntry("31", "国有企业"), CodeEntry("32", "三资企业"), CodeEntry("39", "其他企业"),
            CodeEntry("40", "部队"), CodeEntry("55", "农村建制村"), CodeEntry("56", "城镇社区"), CodeEntry("99", "其他"),
        ]
        if version >= .v2024 {
            entries += [CodeEntry("43", "民营企业", .unconfirmed), CodeEntry("44", "个体工商户", .unconfirmed)]
        }
        return CodeList(title: "单位性质代码", version: version, entries: entries)
    }

    /// 单位行业代码 of an edition: one two-digit code per GB/T 4754 section (domain notes §2).
    static func industryList(_ version: CodeSetVersion) -> CodeList {
        let entries = [
            CodeEntry("11", "农、林、牧、渔业"), CodeEntry("21", "采矿业"), CodeEntry("22", "制造业"),
            CodeEntry("23", "电力、热力、燃气及水生产和供应业"), CodeEntry("24", "建筑业"),
            CodeEntry("31", "批发和零售业"), CodeEntry("32", "交通运输、仓储和邮政业"), CodeEntry("33", "住宿和餐饮业"),
            CodeEntry("34", "信息传输、软件和信息技术服务业"), CodeEntry("35", "金融业"), CodeEntry("36", "房地产业"),
            CodeEntry("37", "租赁和商务服务业"), CodeEntry("38", "科学研究和技术服务业"),
            CodeEntry("39", "水利、环境和公共设施管理业"), CodeEntry("41", "居民服务、修理和其他服务业"),
            CodeEntry("42", "教育"), CodeEntry("43", "卫生和社会工作"), CodeEntry("44", "文化、体育和娱乐业"),
            CodeEntry("45", "公共管理、社会保障和社会组织"), CodeEntry("46", "国际组织"), CodeEntry("80", "军队"),
        ]
        return CodeList(title: "单位行业代码", version: version, entries: entries)
    }

    /// 工作职位类别代码 of an edition (domain notes §2).
    static func jobCategoryList(_ version: CodeSetVersion) -> CodeList {
        let entries = [
            CodeEntry("10", "公务员"), CodeEntry("11", "科学研究人员"), CodeEntry("13", "工程技术人员"),
            CodeEntry("17", "农林牧渔业技术人员"), CodeEntry("19", "卫生专业技术人员"), CodeEntry("21", "经济业务人员"),
            CodeEntry("22", "金融业务人员"), CodeEntry("23", "法律专业人员"), CodeEntry("24", "教学人员"),
            CodeEntry("25", "文学艺术工作人员"), CodeEntry("26", "体育工作人员"), CodeEntry("27", "新闻出版和文化工作人员"),
            CodeEntry("29", "其他专业技术人员"), CodeEntry("30", "办事人员和有关人员"), CodeEntry("40", "商业和服务业人员"),
            CodeEntry("60", "生产和运输设备操作人员"), CodeEntry("80", "军人"), CodeEntry("90", "其他人员"),
        ]
        return CodeList(title: "工作职位类别代码", version: version, entries: entries)
    }
}
