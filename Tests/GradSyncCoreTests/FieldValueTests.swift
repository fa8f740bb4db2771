import GradSyncCore
import PropertyBased
import Testing

@Suite struct FieldValueTests {
    @Test func canonicalJSONSortsKeysAndEscapesOnlyWhatJSONRequires() {
        let value = FieldValue.object(["b": .integer(-3), "a": .list([.string("张三\n\"x\""), .null, .bool(true)])])
        #expect(value.canonicalJSON == #"{"a":["张三\n\"x\"",null,true],"b":-3}"#)
    }

    @Test func parsingReadsWhatCanonicalFormWrites() throws {
        let text = #"{ "k" : [1, "\u00e9\ud83d\ude00", {"z":false}] }"#
        let value = try FieldValue(parsingJSON: text)
        #expect(value == .object(["k": .list([.integer(1), .string("é😀"), .object(["z": .bool(false)])])]))
    }

    @Test func plainStringsAndIntegersAreReadAsTheParserReadsThem() throws {
        let cases: [(String, FieldValue)] = [
            ("\"\"", .string("")), ("\"张三\"", .string("张三")), ("\"\u{301}x\u{301}\"", .string("\u{301}x\u{301}")),
            ("\"<a href='x'>&amp;\"", .string("<a href='x'>&amp;")), ("0", .integer(0)), ("-0", .integer(0)),
            ("9223372036854775807", .integer(.max)), ("-9223372036854775808", .integer(.min)), ("2025", .integer(2025)),
        ]
        for (text, value) in cases { #expect(try FieldValue(parsingJSON: text) == value, "\(text)") }
    }

    @Test(arguments: ["1.5", "1e3", "01", "-01", "-", "\"", "\"a\"b\"", "\"a\tb\"", "9223372036854775808", "[1,]", "{\"a\":1,\"a\":2}",
                      "\"\\x\"", "nul", "\"abc", "99999999999999999999", "[1] 2"])
    func malformedValuesAreRefused(_ text: String) {
        #expect(throws: FieldValueParseError.self) { try FieldValue(parsingJSON: text) }
    }

    @Test func deepNestingIsRefused() {
        let text = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(throws: FieldValueParseError.self) { try FieldValue(parsingJSON: text) }
    }

    @Test func nestingDepthIsWhatTheParserAllows() throws {
        func nested(_ levels: Int, innermost: String) -> String {
            String(repeating: "[", count: levels) + innermost + String(repeating: "]", count: levels)
        }
        for (levels, innermost) in [(64, "1"), (65, "1"), (64, ""), (65, ""), (66, "")] {
            let text = nested(levels, innermost: innermost)
            let depth = innermost.isEmpty ? levels - 1 : levels
            let parsed = try? FieldValue(parsingJSON: text)
            #expect((parsed != nil) == (depth <= FieldValue.maximumDepth), "\(text.prefix(8))… \(levels) levels")
            if let parsed { #expect(parsed.nestingDepth == depth) }
        }
        #expect(FieldValue.object(["a": .list([.integer(1)]), "b": .null]).nestingDepth == 2)
    }

    @Test func canonicalTextRoundTrips() async {
        let strings = Gen.uint32(in: 0...0x2FFFF).map { Character(UnicodeScalar($0) ?? "?") }.string(of: 0...12)
        await propertyCheck(input: strings, Gen.int64(in: Int64.min...Int64.max)) { text, number in
            let value = FieldValue.object([text: .list([.string(text), .integer(number)])])
            #expect((try? FieldValue(parsingJSON: value.canonicalJSON)) == value)
        }
    }
}
