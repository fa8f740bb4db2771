@testable import GradSyncServer
import Testing

/// Escaping and path encoding as every page uses them: text with nothing to escape passes as it is, anything else is
/// escaped character for character, multi-byte text included.
struct HTMLEscapeTests {
    @Test func textWithNothingToEscapeIsUnchanged() {
        #expect(HTML.escape("") == "")
        #expect(HTML.escape("张三 2024001 / 自动化学院") == "张三 2024001 / 自动化学院")
    }

    @Test func everyMarkupCharacterIsEscapedAmongMultiByteText() {
        #expect(HTML.escape("<b>“甲&乙”</b> 'x' \"y\"") == "&lt;b&gt;“甲&amp;乙”&lt;/b&gt; &#39;x&#39; &quot;y&quot;")
        #expect(HTML.escape("&&") == "&amp;&amp;")
        let cell: HTML = "<td>\("王<五>")</td>"
        #expect(cell.rendered == "<td>王&lt;五&gt;</td>")
    }

    @Test func aGraduatePathEncodesOnlyWhatAPathSegmentCannotHold() {
        #expect(GraduatePage.path(department: "D01", studentNumber: "2024-001_a.b~c") == "/graduates/D01/2024-001_a.b~c")
        #expect(GraduatePage.path(department: "D01", studentNumber: "a/b?c#d%e f") == "/graduates/D01/a%2Fb%3Fc%23d%25e%20f")
        #expect(GraduatePage.path(department: "D01", studentNumber: "学号1") == "/graduates/D01/%E5%AD%A6%E5%8F%B71")
    }
}
