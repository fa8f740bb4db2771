@testable import GradSyncPlacement
import Testing

@Suite struct PlainTextTests {
    /// The fast control-character test agrees with Unicode's general category for every scalar.
    @Test func controlCharactersAreExactlyCategoryCc() {
        var disagreements: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let plain = TextRules.isPlainText(String(Character(scalar)), maxLength: 8)
            if plain == (scalar.properties.generalCategory == .control) { disagreements.append(value) }
        }
        #expect(disagreements.isEmpty)
    }

    @Test func lengthCountsCharactersNotBytes() {
        #expect(TextRules.isPlainText("王晓明", maxLength: 3))
        #expect(!TextRules.isPlainText("王晓明", maxLength: 2))
        #expect(TextRules.isPlainText("e\u{301}", maxLength: 1))
        #expect(!TextRules.isPlainText("", maxLength: 5))
    }
}
