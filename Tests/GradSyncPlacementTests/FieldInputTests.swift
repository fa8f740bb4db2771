import GradSyncCore
import GradSyncPlacement
import Testing

/// The one normaliser of typed text and roster cells.
struct FieldInputTests {
    private let command = FieldInput(.command)
    private let roster = FieldInput(.rosterCell)

    private func field(_ name: String) throws -> RecordField {
        try #require(GraduateSchema.field(named: name))
    }

    private func value(_ text: String, _ name: String, _ input: FieldInput? = nil) throws -> FieldValue? {
        try (input ?? command).value(text, for: try field(name))
    }

    private func refusal(_ text: String, _ name: String, _ input: FieldInput? = nil) throws -> ValidationError? {
        let field = try field(name)
        do {
            _ = try (input ?? command).value(text, for: field)
            return nil
        } catch {
            return error
        }
    }

    @Test func surroundingSpacesOfEveryKindAreTrimmedAndBlankIsNoValue() throws {
        #expect(try value("  2021010101\u{3000}", "student_no") == "2021010101")
        #expect(try value("\u{3000}张三 ", "name") == "张三")
        #expect(try value(" 10 ", "destination_code") == "10")
        #expect(try value("\t2025 ", "grad_year") == .integer(2025))
        #expect(try value(" \u{3000} ", "name") == nil)
    }

    @Test func fullWidthFormsAreFoldedInCodesNumbersAndDatesButNotInFreeText() throws {
        #expect(try value("２０２１０１０１０１", "student_no") == "2021010101")
        #expect(try value("１３８００００００００", "phone") == "13800000000")
        #expect(try value("１０", "destination_code") == "10")
        #expect(try value("２０２５", "grad_year") == .integer(2025))
        #expect(try value("２０２５－０３－０１", "sign_date") == "2025-03-01")
        #expect(try value("１", "gender") == "1")
        #expect(try value("３５０１０２", "origin_region") == "350102")
        #expect(try value("ＡＢＣ科技有限公司", "employer_name") == "ＡＢＣ科技有限公司")
    }

    @Test func choicesTakeTheValueOrItsMeaning() throws {
        #expect(try value("男", "gender") == "1")
        #expect(try value("女", "gender") == "2")
        #expect(try value("2", "gender") == "2")
        #expect(try value("学校审核通过", "review_status") == "学校已审核")
        let refused = try #require(try refusal("未知", "gender"))
        #expect(refused.field == "gender")
        #expect(refused.value == "未知")
        #expect(refused.allowed == "须为以下之一：1（男）、2（女）")
    }

    @Test func codeListFieldsTakeAnExactNameTheListHoldsOnce() throws {
        #expect(try value("其他企业", "employer_nature") == "39")
        #expect(try value("工程技术人员", "job_category") == "13")
        #expect(try value("制造业", "employer_industry") == "22")
        #expect(try value("待就业", "destination_code") == "70")
        #expect(try value("其他", "employer_nature") == "99")
    }

    @Test func anAmbiguousOrPartialNameIsRefusedListingTheCandidates() throws {
        let twice = try #require(try refusal("科研助理、管理助理", "destination_code"))
        #expect(twice.field == "destination_code")
        #expect(twice.value == "科研助理、管理助理")
        #expect(twice.allowed == "须为毕业去向代码或其中一个名称的全称；“科研助理、管理助理”是多个代码的名称，请选其一："
            + "27（科研助理、管理助理）、271（科研助理、管理助理）")
        let part = try #require(try refusal(" 企业 ", "employer_nature"))
        #expect(part.value == " 企业 ")
        #expect(part.allowed.contains("“企业”只是名称的一部分，包含它的名称有：31（国有企业）、32（三资企业）、39（其他企业）、43（民营企业）"))
        let unknown = try #require(try refusal("外星机构", "employer_nature"))
        #expect(unknown.allowed.hasPrefix("须为单位性质代码（2024 版）"))
        #expect(unknown.allowed.hasSuffix("或代码表中只对应一个代码的名称（如 机关）"))
    }

    @Test(arguments: ["2023-06-01", "2023-6-1", "2023/6/1", "2023/06/01", "2023.6.1", "2023年6月1日", "2023年06月01日", "20230601",
                      "２０２３／６／１", " 2023.06.01 "])
    func datesInEveryAcceptedFormAreStoredAsYearMonthDay(text: String) throws {
        #expect(try value(text, "sign_date") == "2023-06-01")
        #expect(try value(text, "sign_date", roster) == "2023-06-01")
    }

    @Test(arguments: ["2023-02-30", "2023/2/29", "2023.13.1", "2023年2月30日", "20230230", "2023-6", "6/1/2023", "2023/6-1", "23-6-1",
                      "2023年6月1", "昨天"])
    func impossibleOrUnreadableDatesAreRefusedAsTyped(text: String) throws {
        let refused = try #require(try refusal(text, "sign_date"))
        #expect(refused.field == "sign_date")
        #expect(refused.value == text)
        #expect(refused.allowed == "须为真实日期，可写作 yyyy-mm-dd、yyyy/m/d、yyyy.m.d、yyyy年m月d日或 yyyymmdd")
    }

    @Test func excelDateSerialsAreDatesInRosterCellsOnly() throws {
        #expect(try value("45078", "sign_date", roster) == "2023-06-01")
        #expect(try value("32874", "sign_date", roster) == "1990-01-01")
        #expect(try value("73415", "sign_date", roster) == "2100-12-31")
        #expect(try refusal("45078", "sign_date") != nil, "a command takes no serial")
        let early = try #require(try refusal("32873", "sign_date", roster))
        #expect(early.allowed.hasSuffix("或 Excel 日期序号 32874 至 73415（1990 至 2100 年）"))
        #expect(try refusal("73416", "sign_date", roster) != nil)
        #expect(try refusal("45078.5", "sign_date", roster) != nil)
    }

    @Test func aRefusalNamesTheFieldTheTextAsTypedAndWhatIsAllowed() throws {
        let year = try #require(try refusal(" １９９９ ", "grad_year"))
        #expect(year.description == "毕业年份：“ １９９９ ”不可用；须为 2000 至 2100 的整数")
        let phone = try #require(try refusal("12345", "phone"))
        #expect(phone.value == ValidationError.hidden)
        #expect(phone.allowed == "须为以 1 开头的 11 位数字")
    }

    @Test func listsAreSplitAndTheirItemsTrimmed() throws {
        #expect(try value(" 脱贫家庭、 低保家庭 ", "key_groups") == .list(["脱贫家庭", "低保家庭"]))
    }
}

/// Region names in cells and commands.
struct FieldInputRegionTests {
    private func field(_ name: String) throws -> RecordField { try #require(GraduateSchema.field(named: name)) }

    private func refusal(_ text: String, _ source: FieldInput.Source = .command) throws -> ValidationError? {
        let field = try field("origin_region")
        do {
            _ = try FieldInput(source).value(text, for: field)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: ["福建省厦门市", "厦门市", "福建厦门", "厦门", " 福建省 厦门市 ", "350200", "３５０２００"])
    func aRegionIsItsCodeOrTheNamesOfOneDivision(text: String) throws {
        #expect(try FieldInput(.rosterCell).value(text, for: try field("origin_region")) == "350200")
        #expect(try FieldInput(.command).value(text, for: try field("employer_region")) == "350200")
    }

    @Test func anAmbiguousRegionNameIsRefusedListingEveryCandidate() throws {
        let error = try #require(try refusal("鼓楼区"))
        #expect(error.field == "origin_region")
        #expect(error.value == "鼓楼区")
        #expect(error.allowed.hasPrefix("须为行政区划代码或恰好对应一个区划的名称；“鼓楼区”对应 4 个区划："))
        #expect(error.allowed.contains("350102（福建省福州市鼓楼区）"))
        #expect(error.allowed.contains("320106（江苏省南京市鼓楼区）"))
    }

    @Test func anUnknownNameOrRetiredCodeIsRefusedSayingWhatWouldDo() throws {
        #expect(try refusal("火星市")?.allowed.hasSuffix("或恰好对应一个行政区划的名称（如 福建省厦门市、厦门市、福建厦门）") == true)
        #expect(try refusal("350182", .rosterCell)?.allowed.hasSuffix("350182（长乐市）已于 2017 年停用，现为 350112（福建省福州市长乐区）") == true)
    }
}

/// Key groups in cells and commands.
struct FieldInputKeyGroupTests {
    @Test func aKeyGroupIsItsCategorysNameOrAnotherNameOfIt() throws {
        let field = try #require(GraduateSchema.field(named: "key_groups"))
        #expect(try FieldInput(.rosterCell).value("脱贫家庭毕业生、 残疾人", for: field) == .list(["脱贫家庭", "残疾"]))
        #expect(try FieldInput(.command).value("建档立卡贫困家庭", for: field) == .list(["脱贫家庭"]))
        #expect(throws: ValidationError.self) { try FieldInput(.command).value("外星人", for: field) }
        #expect(throws: ValidationError.self) { try FieldInput(.command).value("脱贫家庭；脱贫家庭毕业生", for: field) }
    }
}
