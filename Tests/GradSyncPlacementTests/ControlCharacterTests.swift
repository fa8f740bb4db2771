import GradSyncCore
@testable import GradSyncPlacement
import Testing

/// Control characters (the kind that drive a terminal) are refused in every text of a change the schema checks,
/// and shown as escapes wherever stored text is rendered for a terminal.
struct ControlCharacterTests {
    private let validator = PlacementValidator()
    private let escape = "\u{1B}]0;owned\u{07}\u{1B}[2J"

    private func refusal(_ change: Change) -> ValidationError? {
        ChangeFactory.refusal(validator, change)
    }

    @Test func unknownFieldsRefuseControlCharactersAtAnyDepth() {
        #expect(refusal(ChangeFactory.change("hobby", "chess")) == nil)
        #expect(refusal(ChangeFactory.change("hobby", .string("x" + escape)))?.field == "hobby")
        #expect(refusal(ChangeFactory.change("hobby", .list([.integer(1), .object(["note": .string(escape)])]))) != nil)
        #expect(refusal(ChangeFactory.change("hobby", .object([escape: .integer(1)]))) != nil)
        #expect(refusal(ChangeFactory.change("hobby", .string("two\nlines")))?.allowed == "不能含控制字符")
        #expect(refusal(ChangeFactory.change("note", .string("\u{85}next line"), collection: "department")) != nil)
        #expect(refusal(ChangeFactory.change("name", .string("自动化学院"), collection: "department")) == nil)
    }

    @Test func refusalMessagesNeverCarryControlCharactersRaw() throws {
        let unknown = try #require(refusal(ChangeFactory.change("hobby", .string("x" + escape))))
        #expect(unknown.description == "hobby：“含控制字符 U+001B 的文字”不可用；不能含控制字符")
        let known = try #require(refusal(ChangeFactory.change("employer_name", .string("福州" + escape))))
        #expect(known.value == "福州\\u{1B}]0;owned\\u{7}\\u{1B}[2J")
        let built = ValidationError(field: "f\u{1B}", value: escape, allowed: "x")
        #expect(!built.description.unicodeScalars.contains { ControlCharacters.isControl($0) })
        #expect(built.description == "f\\u{1B}：“\\u{1B}]0;owned\\u{7}\\u{1B}[2J”不可用；x")
    }

    @Test func onlyTheTalkSummaryKeepsLineFeeds() {
        let summary = ChangeFactory.change("summary", "第一段\n第二段", collection: LedgerSchema.collection)
        #expect(refusal(summary) == nil)
        let carriageReturn = ChangeFactory.change("summary", "第一段\r\n第二段", collection: LedgerSchema.collection)
        #expect(refusal(carriageReturn) != nil)
        #expect(refusal(ChangeFactory.change("outcome", "录用\n待定", collection: LedgerSchema.collection)) != nil)
        #expect(refusal(ChangeFactory.change("employer_name", "福州智控\n科技有限公司")) != nil)
        #expect(refusal(ChangeFactory.change("name", .string("张\u{9B}三"))) != nil)
    }

    @Test func textTablesShowStoredControlCharactersAsEscapes() {
        let table = ReportTable(report: "list", by: "graduate", columns: [ReportColumn("group", "姓名"), ReportColumn("note", "备注")],
                                rows: [["group": .text("张三" + escape), "note": .text("a\tb\u{7F}")]], total: [:])
        let text = table.renderText()
        #expect(!text.unicodeScalars.contains { ControlCharacters.isControl($0) && $0 != "\n" })
        #expect(text.contains("张三\\u{1B}]0;owned\\u{7}\\u{1B}[2J"))
        #expect(text.contains("a\\u{9}b\\u{7F}"))
    }

    @Test func visibleLeavesPlainTextAlone() {
        #expect(ControlCharacters.visible("厦门大学 -=+@") == "厦门大学 -=+@")
        #expect(ControlCharacters.visible("\u{0}\u{1F}\u{80}") == "\\u{0}\\u{1F}\\u{80}")
        #expect(ControlCharacters.contains("a\nb", allowingLineFeeds: true) == false)
        #expect(ControlCharacters.contains("a\r\nb", allowingLineFeeds: true))
        #expect(ControlCharacters.contains("é\u{9F}"))
        #expect(!ControlCharacters.contains("éÂ\u{A0}"))
    }
}
