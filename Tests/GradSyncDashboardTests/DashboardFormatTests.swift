import Foundation
@testable import GradSyncServer
import Testing

/// Numbers as the office writes them.
struct DashboardFormatTests {
    @Test func countsHaveThousandsSeparators() {
        #expect(DashboardFormat.count(0) == "0")
        #expect(DashboardFormat.count(999) == "999")
        #expect(DashboardFormat.count(1_000) == "1,000")
        #expect(DashboardFormat.count(1_234_567) == "1,234,567")
        #expect(DashboardFormat.count(-12_345) == "-12,345")
    }

    @Test func ratesArePercentagesWithTwoDecimals() {
        #expect(DashboardFormat.percent(0.9325) == "93.25%")
        #expect(DashboardFormat.percent(0.7) == "70.00%")
        #expect(DashboardFormat.percent(2.0 / 3.0) == "66.67%")
        #expect(DashboardFormat.percent(0.0005) == "0.05%")
        #expect(DashboardFormat.percent(1) == "100.00%")
        #expect(DashboardFormat.percent(0) == "0.00%")
    }

    @Test func timesAreBeijingTime() {
        #expect(DashboardFormat.time(1_780_272_000_000) == "2026-06-01 08:00:00")
        #expect(DashboardFormat.offset(-90_000) == "慢 1.5 分钟")
    }

    @Test func timesAgreeWithTheGregorianCalendarInBeijing() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        // Epoch, leap days, year and century ends (2000 leap, 2100 not), and a spread of instants in between.
        var instants: [UInt64] = [0, 951_782_399_999, 951_782_400_000, 951_868_800_000, 1_709_164_800_000, 1_767_196_799_000,
                                  4_107_456_000_000, 4_107_542_400_000, 4_133_894_400_000]
        instants += stride(from: UInt64(0), to: 4_200_000_000_000, by: 7_777_777_777)
        for instant in instants {
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                                from: Date(timeIntervalSince1970: Double(instant / 1000)))
            let expected = String(format: "%d-%02d-%02d %02d:%02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!,
                                  parts.minute!, parts.second!)
            #expect(DashboardFormat.time(instant) == expected, "\(instant)")
        }
    }

    @Test func htmlEscapesMarkupAndQuotes() {
        let name = "<script>\"x\" & 'y'</script>"
        let html: HTML = "<td title=\"\(name)\">\(name)</td>"
        #expect(html.rendered == "<td title=\"&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;\">&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;</td>")
    }
}
