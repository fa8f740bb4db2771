import Foundation
import GradSyncTesting
import Testing
import ZIPFoundation

/// A generated roster written as CSV and made into .xlsx twins by LibreOffice, as a secretary's files are.
struct WorkbookRoster {
    /// The national system's headers the roster uses.
    static let header = ["学号", "考生号", "姓名", "性别", "学院", "学历层次", "毕业年份", "毕业去向类别代码", "单位名称",
                         "统一社会信用代码", "单位性质代码", "单位行业代码", "单位所在地代码", "工作职位类别代码", "签约日期",
                         "升学院校", "重点群体类别", "手机号码"]

    /// LibreOffice's column formats that keep 学号, 考生号 and 手机号码 as text and read 签约日期 as a date.
    static let textColumns = "1/2/2/2/15/5/18/2"

    let directory: TemporaryDirectory
    /// The CSV twin (UTF-8 with BOM, CRLF, as Excel saves "CSV UTF-8").
    let csv: String

    /// Writes `count` graduates of AUTO and CS, with every kind of destination the report counts; the same seed
    /// gives the same roster.
    init(count: Int, seed: UInt64 = 17) throws {
        directory = try TemporaryDirectory(prefix: "gradsync-workbook")
        var random = SplitMix64(seed: seed)
        var lines = [Self.header.joined(separator: ",")]
        for index in 0..<count {
            let number = String(format: "%06d", index)
            let department = Bool.random(using: &random) ? "自动化学院" : "CS"
            let identity = ["2021" + number, "2135010215" + String(format: "%04d", index), "学生\(index)",
                            Bool.random(using: &random) ? "男" : "女", department, Bool.random(using: &random) ? "本科" : "硕士", "2025"]
            let destination: [String]
            switch Int.random(in: 0..<4, using: &random) {
            case 0:
                let date = String(format: "2025-%02d-%02d", Int.random(in: 1...5, using: &random), Int.random(in: 1...28, using: &random))
                destination = ["10", "福州智控科技有限公司", "91350100M000100Y43", "39", "34", "350100", "13", date, ""]
            case 1: destination = ["801", "", "", "", "", "", "", "", "厦门大学"]
            case 2: destination = ["75", "", "", "", "", "", "", "", ""]
            default: destination = ["70", "", "", "", "", "", "", "", ""]
            }
            let keyGroup = Int.random(in: 0..<5, using: &random) == 0 ? "脱贫家庭" : ""
            lines.append((identity + destination + [keyGroup, String(13_800_000_000 + index)]).joined(separator: ","))
        }
        csv = directory.file("roster.csv")
        let bytes = Data([0xEF, 0xBB, 0xBF]) + Data(lines.map { $0 + "\r\n" }.joined().utf8)
        try bytes.write(to: URL(fileURLWithPath: csv))
    }

    /// The roster saved as .xlsx by LibreOffice: identifier columns as text, or (`textColumns` false) every column
    /// as LibreOffice reads it by default, so identifiers become numbers as Excel makes them.
    func workbook(textColumns: Bool) throws -> String {
        let folder = directory.file(textColumns ? "text" : "numbers")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return try LibreOffice.convert(csv, to: "xlsx", inputFilter: LibreOffice.csvImport(columnFormats: textColumns ? Self.textColumns : ""),
                                       into: folder)
    }

    /// The XML of the cell `reference` (`<c r="B2" …>…</c>`) in a sheet's XML, or nil.
    static func cell(_ reference: String, in xml: String) -> String? {
        guard let start = xml.range(of: #"<c r="\#(reference)""#) else { return nil }
        let rest = xml[start.lowerBound...]
        guard let end = rest.range(of: "</c>") ?? rest.range(of: "/>") else { return nil }
        return String(rest[..<end.upperBound])
    }

    /// The XML of a workbook's first sheet, to check what kind of cells LibreOffice wrote.
    static func sheetXML(_ path: String) throws -> String {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        let entry = try #require(archive["xl/worksheets/sheet1.xml"])
        var bytes = Data()
        _ = try archive.extract(entry) { bytes.append($0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
